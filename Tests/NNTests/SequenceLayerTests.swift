import Foundation
import Testing
import Tensor
import TestSupport
@testable import NN

/// GRUCell and GRU: PyTorch's names and initialisation, the recurrence as a loop of cells,
/// finite-difference gradients, and shape errors.
@Suite("Recurrent layers")
struct SequenceLayerTests {
    @Test("GRU parameters read as PyTorch's, initialised uniform in ±1/√H")
    func gruParameters() {
        var generator = PhiloxGenerator(seed: 3)
        let gru = GRU(inputSize: 5, hiddenSize: 16, layers: 2, using: &generator)
        #expect(gru.namedParameters.map(\.name) == [
            "weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0",
            "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1",
        ])
        #expect(gru.namedParameters.map(\.parameter.shape) == [[48, 5], [48, 16], [48], [48], [48, 16], [48, 16], [48], [48]])
        let values = gru.parameters.flatMap(\.doubles)
        #expect(values.allSatisfy { abs($0) <= 0.25 })
        #expect(values.max()! > 0.2 && values.min()! < -0.2)
        #expect(gru.parameters.allSatisfy { $0.requiresGrad && $0.isLeaf })

        let cell = GRUCell(inputSize: 5, hiddenSize: 16, using: &generator)
        #expect(cell.namedParameters.map(\.name) == ["weight_ih", "weight_hh", "bias_ih", "bias_hh"])
        #expect(cell.namedParameters.map(\.parameter.shape) == [[48, 5], [48, 16], [48], [48]])
    }

    @Test("a GRU equals its layers' cells run step by step, and a nil hidden state means zeros")
    func gruIsALoopOfCells() throws {
        var generator = PhiloxGenerator(seed: 5)
        let gru = GRU(inputSize: 3, hiddenSize: 4, layers: 2, using: &generator)
        let cells = (0..<2).map { GRUCell(inputSize: $0 == 0 ? 3 : 4, hiddenSize: 4, using: &generator) }
        for (layer, cell) in cells.enumerated() {
            let dict = gru.stateDict()
            try cell.load(stateDict: StateDict(["weight_ih", "weight_hh", "bias_ih", "bias_hh"].map {
                ($0, dict["\($0)_l\(layer)"]!)
            }))
        }
        // T = 11 crosses the chunking of the time steps (chunks of 4, 4, 3).
        let input = Tensor.randomNormal([2, 11, 3], using: &generator)
        let (output, hidden) = gru(input, hidden: nil)
        var states = [Tensor.zeros([2, 4]), Tensor.zeros([2, 4])]
        var expectedOutputs: [Tensor] = []
        for step in 0..<11 {
            states[0] = cells[0](input.select(axis: 1, index: step), hidden: states[0])
            states[1] = cells[1](states[0], hidden: states[1])
            expectedOutputs.append(states[1])
        }
        let expected = Tensor.stack(expectedOutputs, axis: 1)
        expectClose(output, shape: [2, 11, 4], expected.doubles, relative: 1e-6, absolute: 1e-6, "outputs")
        expectClose(hidden, shape: [2, 2, 4], Tensor.stack(states).doubles, relative: 1e-6, absolute: 1e-6, "final hidden")
        #expect(gru(input).scalars == output.scalars)
        #expect(gru(input, hidden: Tensor.zeros([2, 2, 4])).output.scalars == output.scalars)
        #expect(cells[0](input.select(axis: 1, index: 0)).scalars == cells[0](input.select(axis: 1, index: 0), hidden: Tensor.zeros([2, 4])).scalars)
    }

    @Test("an unbatched GRUCell step equals a batch of one")
    func unbatchedCell() {
        var generator = PhiloxGenerator(seed: 6)
        let cell = GRUCell(inputSize: 3, hiddenSize: 2, using: &generator)
        let x = Tensor.randomNormal([3], using: &generator)
        let h = Tensor.randomNormal([2], using: &generator)
        let single = cell(x, hidden: h)
        #expect(single.shape == [2])
        expectClose(single, shape: [2], cell(x.unsqueezed(axis: 0), hidden: h.unsqueezed(axis: 0)).doubles,
                    relative: 1e-6, absolute: 1e-7, "unbatched")
    }

    @Test("GRUCell gradients match finite differences (input, hidden, every parameter)")
    func cellFiniteDifferences() {
        var generator = PhiloxGenerator(seed: 7)
        let template = GRUCell(inputSize: 3, hiddenSize: 2, using: &generator)
        let inputs = [Tensor.randomNormal([2, 3], using: &generator), Tensor.randomNormal([2, 2], using: &generator)]
        checkGradients("GRUCell", inputs: inputs + template.parameters) { values in
            var generator = PhiloxGenerator(seed: 0)
            let cell = GRUCell(inputSize: 3, hiddenSize: 2, using: &generator)
            LayerTestSupport.substitute(Array(values[2...]), into: cell)
            return cell(values[0], hidden: values[1])
        }
    }

    @Test("GRU gradients match finite differences through time and layers")
    func gruFiniteDifferences() {
        var generator = PhiloxGenerator(seed: 8)
        let template = GRU(inputSize: 2, hiddenSize: 2, layers: 2, using: &generator)
        let inputs = [Tensor.randomNormal([2, 5, 2], using: &generator), Tensor.randomNormal([2, 2, 2], using: &generator)]
        checkGradients("GRU", inputs: inputs + template.parameters) { values in
            var generator = PhiloxGenerator(seed: 0)
            let gru = GRU(inputSize: 2, hiddenSize: 2, layers: 2, using: &generator)
            LayerTestSupport.substitute(Array(values[2...]), into: gru)
            let (output, hidden) = gru(values[0], hidden: values[1])
            // Both results, so the final hidden state's gradient is checked too.
            return Tensor.concatenate([output.reshaped(to: [-1]), hidden.reshaped(to: [-1]) * 0.5])
        }
    }

    @Test("splitting a sequence into time steps passes every step's gradient back once")
    func timeStepsGradient() {
        var generator = PhiloxGenerator(seed: 10)
        for time in [1, 2, 3, 10, 17] {
            var sequence = Tensor.randomNormal([2, time, 3], dtype: .float64, using: &generator)
            sequence.requiresGrad = true
            let steps = GRU.timeSteps(of: sequence)
            #expect(steps.count == time)
            for (index, step) in steps.enumerated() {
                #expect(step.doubles == sequence.select(axis: 1, index: index).doubles)
            }
            steps.enumerated().map { $0.element * Float($0.offset + 1) }.reduce(Tensor(0), +).sum().backward()
            let expected = (0..<2).flatMap { _ in (0..<time).flatMap { t in [Double](repeating: Double(t + 1), count: 3) } }
            #expect(sequence.grad?.doubles == expected, "T = \(time)")
        }
    }

    @Test("a long sequence trains in reasonable time (input projections in one product)")
    func longSequence() {
        var generator = PhiloxGenerator(seed: 9)
        let gru = GRU(inputSize: 8, hiddenSize: 16, using: &generator)
        let input = Tensor.randomNormal([4, 200, 8], using: &generator)
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            gru(input).sum().backward()
        }
        #expect(gru.parameters.allSatisfy { $0.grad?.allFinite == true })
        #expect(elapsed < .seconds(20), "forward and backward over 200 steps took \(elapsed)")
    }

    @Test("wrong input and hidden shapes stop with a message naming the shapes")
    func shapeErrors() async {
        let badInput = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var generator = PhiloxGenerator(seed: 0)
            _ = GRU(inputSize: 3, hiddenSize: 4, using: &generator)(Tensor.zeros([2, 5, 2]))
        }
        #expect(LayerTestSupport.message(badInput).contains("GRU(3→4): input shape [2, 5, 2] is not [batch, time > 0, 3]"))

        let badHidden = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var generator = PhiloxGenerator(seed: 0)
            _ = GRU(inputSize: 3, hiddenSize: 4, layers: 2, using: &generator)(Tensor.zeros([2, 5, 3]), hidden: Tensor.zeros([1, 2, 4]))
        }
        #expect(LayerTestSupport.message(badHidden).contains("hidden shape [1, 2, 4] is not [2, 2, 4]"))

        let badCell = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var generator = PhiloxGenerator(seed: 0)
            _ = GRUCell(inputSize: 3, hiddenSize: 4, using: &generator)(Tensor.zeros([2, 3]), hidden: Tensor.zeros([3, 4]))
        }
        #expect(LayerTestSupport.message(badCell).contains("hidden shape [3, 4] does not match [2, 4]"))
    }
}

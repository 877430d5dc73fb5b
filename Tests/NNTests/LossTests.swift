import Foundation
import NN
import Tensor
import TestSupport
import Testing

/// The golden values of scripts/golden/nn_losses_golden.py (PyTorch, float64).
struct LossGolden: Decodable {
    struct Array: Decodable, Sendable {
        var shape: [Int]
        var data: [Double]

        func tensor(_ dtype: DType) -> Tensor { Tensor(shape: shape, doubles: data).converted(to: dtype) }
    }

    struct Parameters: Decodable, Sendable {
        var delta: Double?
        var labels: [Int]?
        var label_smoothing: Double?
        var positive_weight: [Double]?
        var full: Bool?
        var epsilon: Double?
        var quantiles: [Double]?
    }

    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        var name: String
        var loss: String
        var reduction: Loss.Reduction
        var params: Parameters
        var inputs: [String: Array]
        var output: Array
        var upstream: Array
        var gradients: [String: Array]

        var testDescription: String { name }
        /// Input names in a fixed order.
        var inputNames: [String] { inputs.keys.sorted() }
    }

    var torch: String
    var cases: [Case]

    static let shared: LossGolden = {
        guard let url = Bundle.module.url(forResource: "losses_golden", withExtension: "json", subdirectory: "Resources") else {
            fatalError("losses_golden.json is missing from the test resources")
        }
        do {
            return try JSONDecoder().decode(LossGolden.self, from: Data(contentsOf: url))
        } catch {
            fatalError("losses_golden.json does not decode: \(error)")
        }
    }()
}

/// Calls the loss a golden case names, with its tensors by argument label.
private func evaluate(_ golden: LossGolden.Case, _ inputs: [String: Tensor], reduction: Loss.Reduction? = nil) -> Tensor {
    let reduction = reduction ?? golden.reduction
    let params = golden.params
    func input(_ name: String) -> Tensor {
        guard let tensor = inputs[name] else { fatalError("\(golden.name): no input \(name)") }
        return tensor
    }
    switch golden.loss {
    case "meanSquaredError":
        return Loss.meanSquaredError(input("prediction"), input("target"), reduction: reduction)
    case "huber":
        return Loss.huber(input("prediction"), input("target"), delta: params.delta ?? 1, reduction: reduction)
    case "crossEntropy":
        return Loss.crossEntropy(
            logits: input("logits"), labels: params.labels ?? [], labelSmoothing: params.label_smoothing ?? 0,
            reduction: reduction)
    case "binaryCrossEntropyWithLogits":
        let logits = input("logits")
        let weight = params.positive_weight.map {
            Tensor(shape: [$0.count], doubles: $0).converted(to: logits.dtype)
        }
        return Loss.binaryCrossEntropyWithLogits(logits, input("targets"), positiveWeight: weight, reduction: reduction)
    case "gaussianNegativeLogLikelihood":
        return Loss.gaussianNegativeLogLikelihood(
            mean: input("mean"), variance: input("variance"), target: input("target"),
            epsilon: params.epsilon ?? 1e-6, full: params.full ?? false, reduction: reduction)
    case "pinball":
        return Loss.pinball(input("prediction"), input("target"), quantiles: params.quantiles ?? [], reduction: reduction)
    case "quantileCRPS":
        return Loss.quantileCRPS(input("prediction"), input("target"), quantiles: params.quantiles ?? [], reduction: reduction)
    case "gaussianCRPS":
        return Loss.gaussianCRPS(
            mean: input("mean"), standardDeviation: input("standardDeviation"), target: input("target"),
            reduction: reduction)
    default:
        fatalError("\(golden.name): unknown loss \(golden.loss)")
    }
}

/// Every loss against PyTorch, forward and backward, and against finite differences.
@Suite("Losses")
struct LossTests {
    @Test("forward and gradients match PyTorch", arguments: LossGolden.shared.cases, [DType.float32, .float64])
    func golden(_ golden: LossGolden.Case, dtype: DType) throws {
        let (relative, absolute) = dtype == .float64 ? (1e-10, 1e-12) : (2e-4, 2e-5)
        var leaves: [String: Tensor] = [:]
        for (name, array) in golden.inputs {
            var leaf = array.tensor(dtype)
            leaf.requiresGrad = true
            leaves[name] = leaf
        }
        let output = evaluate(golden, leaves)
        #expect(output.dtype == dtype, "\(golden.name): output dtype \(output.dtype)")
        expectClose(output, shape: golden.output.shape, golden.output.data, relative: relative, absolute: absolute,
                    "\(golden.name) \(dtype) output")
        output.backward(golden.upstream.tensor(dtype))
        for (name, expected) in golden.gradients {
            let gradient = try #require(leaves[name]?.grad, "\(golden.name): no gradient for \(name)")
            expectClose(gradient, shape: expected.shape, expected.data, relative: relative, absolute: absolute,
                        "\(golden.name) \(dtype) gradient of \(name)")
        }
    }

    @Test("gradients match finite differences in float64", arguments: LossGolden.shared.cases.filter {
        // Below eps the clamp passes PyTorch's gradient through a flat region on purpose.
        !$0.name.contains("below eps")
    })
    func finiteDifferences(_ golden: LossGolden.Case) {
        let names = golden.inputNames
        checkGradients(golden.name, inputs: names.map { golden.inputs[$0]!.tensor(.float64) }) { tensors in
            evaluate(golden, Dictionary(uniqueKeysWithValues: zip(names, tensors)))
        }
    }

    @Test("sum and mean reduce the unreduced losses", arguments: LossGolden.shared.cases)
    func reductions(_ golden: LossGolden.Case) {
        let inputs = golden.inputs.mapValues { $0.tensor(.float64) }
        let perElement = evaluate(golden, inputs, reduction: Loss.Reduction.none)
        let total = evaluate(golden, inputs, reduction: .sum)
        let average = evaluate(golden, inputs, reduction: .mean)
        let values = perElement.doubles
        let expectedTotal = values.reduce(0, +)
        #expect(total.shape == [] && average.shape == [], "\(golden.name): reduced shapes \(total.shape), \(average.shape)")
        expectClose(total, shape: [], [expectedTotal], relative: 1e-12, absolute: 1e-12, "\(golden.name) sum")
        expectClose(average, shape: [], [expectedTotal / Double(values.count)], relative: 1e-12, absolute: 1e-12,
                    "\(golden.name) mean")
    }

    @Test("unreduced shapes: per element, per row for cross-entropy, per observation for quantile CRPS")
    func unreducedShapes() {
        let prediction = Tensor.zeros([2, 3, 4], dtype: .float64)
        let target = Tensor.ones([2, 3], dtype: .float64)
        let levels = [0.1, 0.4, 0.6, 0.9]
        #expect(Loss.pinball(prediction, target, quantiles: levels, reduction: .none).shape == [2, 3, 4])
        #expect(Loss.quantileCRPS(prediction, target, quantiles: levels, reduction: .none).shape == [2, 3])
        #expect(Loss.crossEntropy(logits: Tensor.zeros([5, 3]), labels: [0, 1, 2, 1, 0], reduction: .none).shape == [5])
        #expect(Loss.huber(prediction, prediction, reduction: .none).shape == [2, 3, 4])
    }

    @Test("cross-entropy of uniform logits is log C; the smoothed target spreads ε over the classes")
    func crossEntropyValues() {
        let logits = Tensor.zeros([3, 5], dtype: .float64)
        expectClose(Loss.crossEntropy(logits: logits, labels: [0, 4, 2]), shape: [], [Foundation.log(5.0)],
                    relative: 1e-14, absolute: 0, "uniform")
        // One confident row: label smoothing adds ε·(mean over classes of -log p).
        let confident = Tensor(shape: [1, 3], doubles: [2, 0, -1])
        let logProbabilities = confident.logSoftmax(axis: 1).doubles
        let epsilon = 0.3
        let expected = (1 - epsilon) * -logProbabilities[1] + epsilon * -logProbabilities.reduce(0, +) / 3
        expectClose(Loss.crossEntropy(logits: confident, labels: [1], labelSmoothing: epsilon), shape: [], [expected],
                    relative: 1e-14, absolute: 0, "smoothed")
    }

    @Test("binary cross-entropy stays finite for logits of ±1000 in float32")
    func binaryCrossEntropyIsStable() {
        var logits = Tensor([1000, -1000, 1000, -1000])
        logits.requiresGrad = true
        let targets = Tensor([1, 0, 0, 1])
        let losses = Loss.binaryCrossEntropyWithLogits(logits, targets, reduction: .none)
        expectClose(losses, shape: [4], [0, 0, 1000, 1000], relative: 1e-6, absolute: 1e-6, "losses")
        losses.sum().backward()
        expectClose(logits.grad!, shape: [4], [0, 0, 1, -1], relative: 1e-6, absolute: 1e-6, "gradient")
    }

    @Test("Gaussian CRPS at the mean is σ(√2 - 1)/√π and tends to |y - μ| far in the tails")
    func gaussianCRPSValues() {
        let sigma = Tensor(shape: [2], doubles: [0.5, 3])
        let atMean = Loss.gaussianCRPS(
            mean: Tensor.zeros([2], dtype: .float64), standardDeviation: sigma, target: Tensor.zeros([2], dtype: .float64),
            reduction: .none)
        let factor = (2.0.squareRoot() - 1) / Double.pi.squareRoot()
        expectClose(atMean, shape: [2], [0.5 * factor, 3 * factor], relative: 1e-14, absolute: 0, "at the mean")
        // For |z| ≫ 1, CRPS = |y - μ| - σ/√π + O(φ(z)).
        let far = Loss.gaussianCRPS(
            mean: Tensor(shape: [2], doubles: [0, 1]), standardDeviation: Tensor(shape: [2], doubles: [1, 0.1]),
            target: Tensor(shape: [2], doubles: [40, -3]), reduction: .none)
        expectClose(far, shape: [2], [40 - 1 / Double.pi.squareRoot(), 4 - 0.1 / Double.pi.squareRoot()],
                    relative: 1e-14, absolute: 1e-14, "far tail")
    }

    @Test("pinball at τ = 0.5 is half the absolute error; quantile CRPS with one level 0.5 is the absolute error")
    func pinballMedian() {
        let prediction = Tensor(shape: [3, 1], doubles: [0.5, -1, 2])
        let target = Tensor(shape: [3], doubles: [1.5, -1.25, -2])
        expectClose(Loss.pinball(prediction, target, quantiles: [0.5], reduction: .none), shape: [3, 1],
                    [0.5, 0.125, 2], relative: 1e-15, absolute: 0, "pinball")
        expectClose(Loss.quantileCRPS(prediction, target, quantiles: [0.5], reduction: .none), shape: [3],
                    [1, 0.25, 4], relative: 1e-15, absolute: 0, "quantileCRPS")
    }

    @Test("Huber equals ½d² inside delta and delta·(|d| - ½delta) outside")
    func huberBranches() {
        let prediction = Tensor(shape: [4], doubles: [0.25, -0.5, 3, -4])
        let losses = Loss.huber(prediction, Tensor.zeros([4], dtype: .float64), delta: 1.5, reduction: .none)
        expectClose(losses, shape: [4], [0.03125, 0.125, 1.5 * (3 - 0.75), 1.5 * (4 - 0.75)],
                    relative: 1e-15, absolute: 0, "huber")
    }
}

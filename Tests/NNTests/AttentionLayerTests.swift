import Testing
import Tensor
import TestSupport
@testable import NN

/// CausalSelfAttention and TransformerBlock: causality, PyTorch's names and initialisation,
/// finite-difference gradients, dropout modes, and shape errors.
@Suite("Attention layers")
struct AttentionLayerTests {
    @Test("changing a later token changes no earlier output", arguments: [1, 2, 4])
    func causalAttention(heads: Int) {
        var generator = PhiloxGenerator(seed: 11)
        let attention = CausalSelfAttention(modelDimension: 8, heads: heads, using: &generator)
        let block = TransformerBlock(modelDimension: 8, heads: heads, feedForwardDimension: 12, using: &generator)
        let input = Tensor.randomNormal([2, 6, 8], dtype: .float64, using: &generator)
        for layer in [attention, block] as [any Layer] {
            LayerTestSupport.convert(layer, to: .float64)
            let before = layer(input)
            for changed in 0..<6 {
                // Replace token `changed` in both sequences by new values.
                var tokens = (0..<6).map { input.select(axis: 1, index: $0) }
                tokens[changed] = Tensor.randomNormal([2, 8], dtype: .float64, using: &generator)
                let after = layer(Tensor.stack(tokens, axis: 1))
                for position in 0..<6 {
                    let same = after.select(axis: 1, index: position).doubles == before.select(axis: 1, index: position).doubles
                    #expect(same == (position < changed), "token \(changed) changed, position \(position)")
                }
            }
        }
    }

    @Test("the first position attends only to itself: its output is out_proj(value projection)")
    func firstPosition() {
        var generator = PhiloxGenerator(seed: 12)
        let attention = CausalSelfAttention(modelDimension: 6, heads: 3, using: &generator)
        LayerTestSupport.convert(attention, to: .float64)
        let input = Tensor.randomNormal([1, 4, 6], dtype: .float64, using: &generator)
        let first = input.select(axis: 1, index: 0)
        let value = first.matmul(transposed: attention.inputProjectionWeight.slice(axis: 0, start: 12, end: 18))
            + attention.inputProjectionBias.slice(axis: 0, start: 12, end: 18)
        expectClose(attention(input).select(axis: 1, index: 0), shape: [1, 6], attention.outputProjection(value).doubles,
                    relative: 1e-12, absolute: 1e-13, "position 0")
    }

    @Test("parameters read as nn.MultiheadAttention's, with its initialisation")
    func attentionParameters() {
        var generator = PhiloxGenerator(seed: 13)
        let attention = CausalSelfAttention(modelDimension: 32, heads: 4, using: &generator)
        #expect(attention.namedParameters.map(\.name) == ["in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias"])
        #expect(attention.namedParameters.map(\.parameter.shape) == [[96, 32], [96], [32, 32], [32]])
        #expect(attention.headDimension == 8)
        let xavier = (6.0 / (32 + 96)).squareRoot()
        let inProjection = attention.inputProjectionWeight.doubles
        #expect(inProjection.allSatisfy { abs($0) <= xavier } && inProjection.max()! > 0.9 * xavier)
        let outProjection = attention.outputProjection.weight.doubles
        #expect(outProjection.allSatisfy { abs($0) <= 1 / 32.0.squareRoot() } && outProjection.max()! > 0.9 / 32.0.squareRoot())
        #expect(attention.inputProjectionBias.doubles.allSatisfy { $0 == 0 })
        #expect(attention.outputProjection.bias!.doubles.allSatisfy { $0 == 0 })
        #expect(attention.parameters.allSatisfy { $0.requiresGrad && $0.isLeaf })
    }

    @Test("block parameters are named ln1, attention, ln2, feedForward.0, feedForward.2")
    func blockParameters() {
        var generator = PhiloxGenerator(seed: 14)
        let block = TransformerBlock(modelDimension: 8, heads: 2, feedForwardDimension: 32, dropout: 0.1, using: &generator)
        #expect(block.namedParameters.map(\.name) == [
            "ln1.weight", "ln1.bias",
            "attention.in_proj_weight", "attention.in_proj_bias", "attention.out_proj.weight", "attention.out_proj.bias",
            "ln2.weight", "ln2.bias",
            "feedForward.0.weight", "feedForward.0.bias", "feedForward.2.weight", "feedForward.2.bias",
        ])
        #expect(block.namedParameters.map(\.parameter.shape) == [
            [8], [8], [24, 8], [24], [8, 8], [8], [8], [8], [32, 8], [32], [8, 32], [8],
        ])
    }

    @Test("attention gradients match finite differences (input and every parameter)")
    func attentionFiniteDifferences() {
        var generator = PhiloxGenerator(seed: 15)
        let template = CausalSelfAttention(modelDimension: 4, heads: 2, using: &generator)
        // Non-zero biases, so their gradients are exercised at a generic point.
        let parameters = template.parameters.map { $0 + Tensor.randomNormal($0.shape, standardDeviation: 0.3, using: &generator) }
        let input = Tensor.randomNormal([2, 3, 4], using: &generator)
        checkGradients("CausalSelfAttention", inputs: [input] + parameters) { values in
            var generator = PhiloxGenerator(seed: 0)
            let attention = CausalSelfAttention(modelDimension: 4, heads: 2, using: &generator)
            LayerTestSupport.substitute(Array(values[1...]), into: attention)
            return attention(values[0])
        }
    }

    @Test("block gradients match finite differences (input and every parameter)")
    func blockFiniteDifferences() {
        var generator = PhiloxGenerator(seed: 16)
        let template = TransformerBlock(modelDimension: 4, heads: 2, feedForwardDimension: 6, using: &generator)
        let parameters = template.parameters.map { $0 + Tensor.randomNormal($0.shape, standardDeviation: 0.3, using: &generator) }
        let input = Tensor.randomNormal([1, 3, 4], using: &generator)
        checkGradients("TransformerBlock", inputs: [input] + parameters) { values in
            var generator = PhiloxGenerator(seed: 0)
            let block = TransformerBlock(modelDimension: 4, heads: 2, feedForwardDimension: 6, using: &generator)
            LayerTestSupport.substitute(Array(values[1...]), into: block)
            return block(values[0])
        }
    }

    @Test("block dropout acts in training mode only, and blocks built in turn draw different masks")
    func blockDropout() {
        var generator = PhiloxGenerator(seed: 17)
        let first = TransformerBlock(modelDimension: 8, heads: 2, feedForwardDimension: 16, dropout: 0.5, using: &generator)
        let second = TransformerBlock(modelDimension: 8, heads: 2, feedForwardDimension: 16, dropout: 0.5, using: &generator)
        try? second.load(stateDict: first.stateDict())
        let input = Tensor.randomNormal([2, 5, 8], using: &generator)
        #expect(first(input).scalars != first(input).scalars)
        #expect(first(input).scalars != second(input).scalars)
        first.eval()
        #expect(first.attentionDropout?.isTraining == false && first.feedForwardDropout?.isTraining == false)
        #expect(first(input).scalars == first(input).scalars)

        let plain = TransformerBlock(modelDimension: 8, heads: 2, feedForwardDimension: 16, using: &generator)
        #expect(plain.attentionDropout == nil && plain.children.map(\.name) == ["ln1", "attention", "ln2", "feedForward"])
        try? plain.load(stateDict: first.stateDict())
        #expect(plain(input).scalars == first(input).scalars)
    }

    @Test("wrong shapes and head counts stop with a message naming them")
    func shapeErrors() async {
        let badInput = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var generator = PhiloxGenerator(seed: 0)
            _ = CausalSelfAttention(modelDimension: 8, heads: 2, using: &generator)(Tensor.zeros([2, 5, 6]))
        }
        #expect(LayerTestSupport.message(badInput).contains("CausalSelfAttention(E=8): input shape [2, 5, 6] is not [batch, time > 0, 8]"))

        let badHeads = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var generator = PhiloxGenerator(seed: 0)
            _ = CausalSelfAttention(modelDimension: 10, heads: 4, using: &generator)
        }
        #expect(LayerTestSupport.message(badHeads).contains("model dimension 10 must be a positive multiple of heads 4"))

        let badBlock = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var generator = PhiloxGenerator(seed: 0)
            _ = TransformerBlock(modelDimension: 8, heads: 2, feedForwardDimension: 16, using: &generator)(Tensor.zeros([5, 8]))
        }
        #expect(LayerTestSupport.message(badBlock).contains("TransformerBlock(E=8): input shape [5, 8] is not [batch, time > 0, 8]"))
    }
}

/// The layer runs through the fused operation and gives, bit for bit, the values and parameter
/// gradients of the form it replaced (projection, composed attention, output projection).
@Suite("Attention layer, fused against composed")
struct FusedAttentionLayerTests {
    @Test(arguments: [DType.float32, .float64])
    func layerEqualsComposed(dtype: DType) {
        var generator = PhiloxGenerator(seed: 19)
        let attention = CausalSelfAttention(modelDimension: 16, heads: 4, using: &generator)
        attention.visitParameters { _, parameter in
            // Leaves again: the shifted, converted copy must not carry the shift's graph.
            parameter = (parameter + Tensor.randomNormal(parameter.shape, standardDeviation: 0.1, using: &generator))
                .converted(to: dtype).detached()
            parameter.requiresGrad = true
        }
        let input = Tensor.randomNormal([3, 9, 16], using: &generator).converted(to: dtype)
        let weights = Tensor.randomNormal([3, 9, 16], using: &generator).converted(to: dtype)
        let fused = attention(input)
        (fused * weights).sum().backward()
        let fusedGradients = attention.parameters.map { $0.grad?.doubles }
        attention.zeroGrad()
        let projected = input.matmul(transposed: attention.inputProjectionWeight) + attention.inputProjectionBias
        let composed = attention.outputProjection(composedCausalAttention(projected, heads: attention.heads))
        (composed * weights).sum().backward()
        #expect(fused.doubles.map(\.bitPattern) == composed.doubles.map(\.bitPattern))
        #expect(fusedGradients == attention.parameters.map { $0.grad?.doubles })
        #expect(fusedGradients.allSatisfy { $0 != nil })
    }
}

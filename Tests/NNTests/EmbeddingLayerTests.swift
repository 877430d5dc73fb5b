import Testing
import Tensor
import TestSupport
@testable import NN

/// Embedding, PositionalEmbedding and LayerNorm: lookups, initialisation, normalisation,
/// finite-difference gradients, and errors.
@Suite("Embedding and normalisation layers")
struct EmbeddingLayerTests {
    @Test("an embedding looks up rows; index arrays and whole-number tensors agree")
    func lookup() {
        var generator = PhiloxGenerator(seed: 21)
        let embedding = Embedding(count: 5, dimension: 3, using: &generator)
        #expect(embedding.namedParameters.map(\.name) == ["weight"] && embedding.weight.shape == [5, 3])
        let rows = embedding.weight.doubles
        let byArray = embedding([4, 0, 4, 2], shape: [2, 2])
        let byTensor = embedding(Tensor(shape: [2, 2], scalars: [4, 0, 4, 2]))
        #expect(byArray.shape == [2, 2, 3])
        #expect(byArray.doubles == Array(rows[12..<15] + rows[0..<3] + rows[12..<15] + rows[6..<9]))
        #expect(byTensor.doubles == byArray.doubles)
        #expect(embedding(Tensor(scalar: 1, dtype: .float64)).doubles == Array(rows[3..<6]))

        // Repeated indices add their gradients into one row.
        byArray.sum().backward()
        #expect(embedding.weight.grad?.doubles == [1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0, 0, 2, 2, 2])
    }

    @Test("embedding and positional tables are initialised N(0, 1) and N(0, 0.02²)")
    func initialisation() {
        var generator = PhiloxGenerator(seed: 22)
        let embedding = Embedding(count: 100, dimension: 100, using: &generator)
        let positions = PositionalEmbedding(maxLength: 100, dimension: 100, using: &generator)
        for (tensor, deviation) in [(embedding.weight, 1.0), (positions.weight, 0.02)] {
            let mean = tensor.mean().doubleItem()
            let measured = tensor.variance().doubleItem().squareRoot()
            #expect(abs(mean) < 0.03 * deviation && abs(measured / deviation - 1) < 0.03)
        }
    }

    @Test("positional embeddings add rows 0..<T to every sequence")
    func positional() {
        var generator = PhiloxGenerator(seed: 23)
        let positions = PositionalEmbedding(maxLength: 4, dimension: 2, using: &generator)
        #expect(positions.namedParameters.map(\.name) == ["weight"] && positions.weight.shape == [4, 2])
        let table = positions.weight.doubles
        let output = positions(Tensor.ones([2, 3, 2]))
        let once = table[0..<6].map { $0 + 1 }
        expectClose(output, shape: [2, 3, 2], once + once, relative: 1e-6, absolute: 1e-7, "positions")
        #expect(positions(Tensor.zeros([4, 2])).doubles == table)
    }

    @Test("layer norm starts as weight ones, bias zeros, and normalises the last axis")
    func layerNorm() {
        var generator = PhiloxGenerator(seed: 24)
        let norm = LayerNorm(features: 6)
        #expect(norm.namedParameters.map(\.name) == ["weight", "bias"])
        #expect(norm.weight.doubles == [Double](repeating: 1, count: 6) && norm.bias.doubles == [Double](repeating: 0, count: 6))
        #expect(norm.epsilon == 1e-5)
        let input = Tensor.randomNormal([3, 4, 6], mean: 2, standardDeviation: 3, dtype: .float64, using: &generator)
        let output = norm(input)
        expectClose(output.mean(axis: -1), shape: [3, 4], [Double](repeating: 0, count: 12), relative: 0, absolute: 1e-12, "mean")
        let variance = input.variance(axis: -1)
        expectClose(output.variance(axis: -1), shape: [3, 4], variance.doubles.map { $0 / ($0 + 1e-5) },
                    relative: 1e-12, absolute: 1e-12, "biased variance")
    }

    @Test("layer norm over two trailing axes normalises them together")
    func layerNormShape() {
        var generator = PhiloxGenerator(seed: 25)
        let norm = LayerNorm(shape: [2, 3], epsilon: 0)
        #expect(norm.weight.shape == [2, 3])
        let input = Tensor.randomNormal([4, 2, 3], dtype: .float64, using: &generator)
        let flat = LayerNorm(features: 6, epsilon: 0)(input.reshaped(to: [4, 6]))
        expectClose(norm(input), shape: [4, 2, 3], flat.doubles, relative: 1e-12, absolute: 1e-12, "[2, 3] vs [6]")
    }

    @Test("gradients match finite differences: layer norm, embeddings")
    func finiteDifferences() {
        var generator = PhiloxGenerator(seed: 26)
        let weight = Tensor.randomNormal([5], using: &generator)
        let bias = Tensor.randomNormal([5], using: &generator)
        checkGradients("LayerNorm", inputs: [Tensor.randomNormal([3, 5], using: &generator), weight, bias]) { values in
            let norm = LayerNorm(features: 5)
            LayerTestSupport.substitute([values[1], values[2]], into: norm)
            return norm(values[0])
        }
        checkGradients("Embedding", inputs: [Tensor.randomNormal([4, 3], using: &generator)]) { values in
            let embedding = Embedding(weight: values[0])
            return embedding([3, 1, 3, 0, 2], shape: [5])
        }
        checkGradients("PositionalEmbedding", inputs: [Tensor.randomNormal([2, 3, 2], using: &generator),
                                                       Tensor.randomNormal([5, 2], using: &generator)]) { values in
            var generator = PhiloxGenerator(seed: 0)
            let positions = PositionalEmbedding(maxLength: 5, dimension: 2, using: &generator)
            LayerTestSupport.substitute([values[1]], into: positions)
            return positions(values[0])
        }
    }

    @Test("out-of-range indices, long sequences and wrong feature sizes stop with a message")
    func errors() async {
        let outOfRange = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var generator = PhiloxGenerator(seed: 0)
            _ = Embedding(count: 5, dimension: 3, using: &generator)([1, 5], shape: [2])
        }
        #expect(LayerTestSupport.message(outOfRange).contains("Embedding: index 5 is out of range for a table of 5 entries"))

        let fractional = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var generator = PhiloxGenerator(seed: 0)
            _ = Embedding(count: 5, dimension: 3, using: &generator)(Tensor([1.5]))
        }
        #expect(LayerTestSupport.message(fractional).contains("Embedding: index 1.5 is not a whole number in 0..<5"))

        let tooLong = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var generator = PhiloxGenerator(seed: 0)
            _ = PositionalEmbedding(maxLength: 4, dimension: 2, using: &generator)(Tensor.zeros([1, 5, 2]))
        }
        #expect(LayerTestSupport.message(tooLong).contains("sequence length 5 of input shape [1, 5, 2] exceeds maxLength 4"))

        let wrongFeatures = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = LayerNorm(features: 6)(Tensor.zeros([2, 5]))
        }
        #expect(LayerTestSupport.message(wrongFeatures).contains("LayerNorm([6]): input shape [2, 5] does not end in [6]"))
    }
}

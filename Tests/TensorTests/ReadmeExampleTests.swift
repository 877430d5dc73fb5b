import Testing
import Tensor
import TestSupport

/// The README's example, kept compiling and checked.
@Suite("README example")
struct ReadmeExampleTests {
    @Test("the example runs and its gradient matches a float64 recomputation")
    func example() {
        var generator = PhiloxGenerator(seed: 0)
        var weights = Tensor.randomNormal([4, 2], using: &generator)
        weights.requiresGrad = true

        let x = Tensor(shape: [3, 4], scalars: (0..<12).map(Float.init))
        let loss = x.matmul(weights).tanh().mean()
        loss.backward()
        let gradient = weights.grad!
        #expect(gradient.shape == [4, 2])

        let probabilities = noGrad { x.matmul(weights).softmax(axis: -1) }
        #expect(!probabilities.requiresGrad)
        #expect(probabilities.sum(axis: -1).scalars.allSatisfy { Swift.abs($0 - 1) < 1e-6 })

        // d mean(tanh(xW)) / dW = xᵀ (1 - tanh²(xW)) / 6, recomputed in float64.
        let x64 = x.converted(to: .float64)
        let y = x64.matmul(weights.detached().converted(to: .float64)).tanh()
        let expected = x64.transposed().matmul((1 - y * y) / 6)
        expectClose(gradient, shape: [4, 2], expected.doubles, relative: 1e-4, absolute: 1e-6, "README gradient")
    }
}

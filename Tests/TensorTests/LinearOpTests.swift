import Tensor
import Testing

/// `linear(weight:bias:activation:)` is one node for a linear layer; it must equal the composed
/// operations it replaces bit for bit, in value and in every gradient.
@Suite struct LinearOpTests {
    static let activations: [Tensor.LinearActivation?] = [nil, .tanh, .relu, .sigmoid, .softplus, .gelu, .geluTanh, .leakyRelu(slope: 0.01)]

    /// The composed reference: product, bias, activation as three recorded operations.
    static func composed(_ x: Tensor, _ w: Tensor, _ b: Tensor?, _ activation: Tensor.LinearActivation?) -> Tensor {
        var y = x.matmul(transposed: w)
        if let b { y = y + b }
        switch activation {
        case nil: return y
        case .tanh?: return y.tanh()
        case .relu?: return y.relu()
        case .sigmoid?: return y.sigmoid()
        case .softplus?: return y.softplus()
        case .gelu?: return y.gelu()
        case .geluTanh?: return y.gelu(approximate: .tanh)
        case .leakyRelu(let slope)?: return y.leakyRelu(negativeSlope: slope)
        }
    }

    /// Values and gradients of input, weight and bias, for inputs of rank 1, 2 and 3, with and
    /// without bias, in float32 and float64, through a loss that weighs each output differently.
    @Test(arguments: activations)
    func equalsComposedBitForBit(_ activation: Tensor.LinearActivation?) {
        var generator = PhiloxGenerator(seed: 21)
        for dtype in [DType.float32, .float64] {
            for inputShape in [[5], [7, 5], [3, 4, 5], [64, 5]] {
                for hasBias in [true, false] {
                    func leaf(_ shape: [Int]) -> Tensor {
                        var t = Tensor.randomNormal(shape, using: &generator).converted(to: dtype)
                        t.requiresGrad = true
                        return t
                    }
                    let (x, w) = (leaf(inputShape), leaf([6, 5]))
                    let b = hasBias ? leaf([6]) : nil
                    let outputShape = Array(inputShape.dropLast()) + [6]
                    let weights = Tensor.randomNormal(outputShape, using: &generator).converted(to: dtype)
                    func twin(_ t: Tensor) -> Tensor {
                        var copy = t.detached()
                        copy.requiresGrad = true
                        return copy
                    }
                    let (x2, w2) = (twin(x), twin(w))
                    let b2 = b.map(twin)

                    let fused = x.linear(weight: w, bias: b, activation: activation)
                    let reference = Self.composed(x2, w2, b2, activation)
                    let label = "\(activation.map { "\($0)" } ?? "none"), \(dtype), \(inputShape), bias \(hasBias)"
                    #expect(fused.shape == reference.shape, "\(label)")
                    #expect(fused.doubles.map(\.bitPattern) == reference.doubles.map(\.bitPattern), "\(label): values")
                    (fused * weights).sum().backward()
                    (reference * weights).sum().backward()
                    #expect(x.grad?.doubles.map(\.bitPattern) == x2.grad?.doubles.map(\.bitPattern), "\(label): input gradient")
                    #expect(w.grad?.doubles.map(\.bitPattern) == w2.grad?.doubles.map(\.bitPattern), "\(label): weight gradient")
                    #expect(b?.grad?.doubles.map(\.bitPattern) == b2?.grad?.doubles.map(\.bitPattern), "\(label): bias gradient")
                    #expect(x.grad?.shape == inputShape && w.grad?.shape == [6, 5])
                }
            }
        }
    }

    /// Under noGrad nothing is recorded; operands that do not fit (mixed dtypes, no input columns,
    /// a bias of another length broadcasting) take the composed path and give its result.
    @Test func noGradAndFallbacks() {
        var generator = PhiloxGenerator(seed: 3)
        var x = Tensor.randomNormal([4, 3], using: &generator)
        x.requiresGrad = true
        let w = Tensor.randomNormal([2, 3], using: &generator)
        let b = Tensor.randomNormal([2], using: &generator)
        let unrecorded = noGrad { x.linear(weight: w, bias: b, activation: .tanh) }
        #expect(unrecorded.requiresGrad == false)
        #expect(unrecorded.doubles == Self.composed(x.detached(), w, b, .tanh).doubles)
        let wide = w.converted(to: .float64)
        #expect(x.linear(weight: wide, bias: b, activation: .relu).doubles
            == Self.composed(x.detached(), wide, b, .relu).doubles)
        // No input columns: every output is the bias (matmul(transposed:) used to divide by k here).
        let empty = Tensor.zeros([4, 0])
        let fromBias = empty.linear(weight: Tensor.zeros([2, 0]), bias: b)
        #expect(fromBias.shape == [4, 2] && fromBias.doubles == Array((0..<4).map { _ in b.doubles }.joined()))
        let scalarBias = Tensor.randomNormal([1], using: &generator)
        #expect(x.linear(weight: w, bias: scalarBias).doubles == (x.detached().matmul(transposed: w) + scalarBias).doubles)
    }
}

import Tensor

/// Layer normalisation (Ba, Kiros & Hinton, 2016) as PyTorch's `nn.LayerNorm`: each input is
/// normalised over its trailing axes (those of ``shape``) to zero mean and unit biased variance,
/// then scaled by `weight` and shifted by `bias`:
/// `y = (x - mean) / sqrt(variance + epsilon) * weight + bias`.
public final class LayerNorm: Layer {
    /// The trailing axes normalised over (PyTorch's `normalized_shape`).
    public let shape: [Int]
    /// Added to the variance before the square root.
    public let epsilon: Double
    /// The scale, of ``shape``; initially ones.
    public var weight: Tensor
    /// The shift, of ``shape``; initially zeros.
    public var bias: Tensor
    public var isTraining = true

    /// A layer normalising over trailing axes of `shape`, with weight ones and bias zeros.
    public init(shape: [Int], epsilon: Double = 1e-5) {
        check(!shape.isEmpty && shape.allSatisfy { $0 > 0 }, "LayerNorm: shape \(shape) must be non-empty and positive")
        check(epsilon >= 0, "LayerNorm: epsilon \(epsilon) is negative")
        self.shape = shape
        self.epsilon = epsilon
        weight = Tensor.ones(shape, requiresGrad: true)
        bias = Tensor.zeros(shape, requiresGrad: true)
    }

    /// A layer normalising over the last axis, of size `features`.
    public convenience init(features: Int, epsilon: Double = 1e-5) {
        self.init(shape: [features], epsilon: epsilon)
    }

    public func visitOwnParameters(_ body: (String, inout Tensor) -> Void) {
        body("weight", &weight)
        body("bias", &bias)
    }

    public var children: [(name: String, module: any Module)] { [] }

    /// `input` is `[..., shape...]`; the result has the same shape.
    public func callAsFunction(_ input: Tensor) -> Tensor {
        check(
            input.rank >= shape.count && Array(input.shape.suffix(shape.count)) == shape,
            "LayerNorm(\(shape)): input shape \(input.shape) does not end in \(shape)")
        return input.layerNormalized(trailingAxes: shape.count, epsilon: epsilon) * weight + bias
    }
}

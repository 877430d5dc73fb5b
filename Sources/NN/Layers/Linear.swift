import Tensor

/// A fully connected layer, `y = x·Wᵀ + b`, with PyTorch's weight layout `[out, in]` so that its
/// state-dict keys and shapes read as PyTorch's do (`weight`, `bias`).
public final class Linear: Layer {
    /// `[outputSize, inputSize]`.
    public var weight: Tensor
    /// `[outputSize]`, or nil for a layer without bias.
    public var bias: Tensor?
    public var isTraining = true

    /// Input features.
    public var inputSize: Int { weight.shape[1] }
    /// Output features.
    public var outputSize: Int { weight.shape[0] }

    /// A layer with PyTorch's default initialisation: weight and bias uniform in ±1/√inputSize.
    public init(inputSize: Int, outputSize: Int, bias: Bool = true, using generator: inout PhiloxGenerator) {
        check(inputSize > 0 && outputSize > 0, "Linear: sizes must be positive, got \(inputSize)→\(outputSize)")
        let bound = 1 / Double(inputSize).squareRoot()
        weight = Tensor.randomUniform([outputSize, inputSize], low: -bound, high: bound, using: &generator)
        self.bias = bias ? Tensor.randomUniform([outputSize], low: -bound, high: bound, using: &generator) : nil
        weight.requiresGrad = true
        self.bias?.requiresGrad = true
    }

    /// A layer with the given weight `[out, in]` and optional bias `[out]`.
    public init(weight: Tensor, bias: Tensor? = nil) {
        check(weight.rank == 2, "Linear: weight must be [out, in], got shape \(weight.shape)")
        if let bias {
            check(bias.shape == [weight.shape[0]], "Linear: bias shape \(bias.shape) does not match weight \(weight.shape)")
        }
        self.weight = weight
        self.bias = bias
        self.weight.requiresGrad = true
        self.bias?.requiresGrad = true
    }

    public func visitOwnParameters(_ body: (String, inout Tensor) -> Void) {
        body("weight", &weight)
        if bias != nil { body("bias", &bias!) }
    }

    public var children: [(name: String, module: any Module)] { [] }

    /// `input` is `[..., inputSize]`; the result is `[..., outputSize]`.
    public func callAsFunction(_ input: Tensor) -> Tensor { self(input, activation: nil) }

    /// The layer followed by `activation`, as one operation (``Tensor/linear(weight:bias:activation:)``):
    /// what ``Sequential`` runs for a Linear and the ``ActivationLayer`` after it, equal to the two
    /// one after the other.
    public func callAsFunction(_ input: Tensor, activation: Tensor.LinearActivation?) -> Tensor {
        check(
            input.rank >= 1 && input.shape[input.rank - 1] == inputSize,
            "Linear(\(inputSize)→\(outputSize)): input shape \(input.shape) does not end in \(inputSize)")
        return input.linear(weight: weight, bias: bias, activation: activation)
    }
}

import Tensor

/// The element-wise activation functions, as values (for builders and architecture records).
public enum Activation: String, Sendable, Codable, CaseIterable {
    case relu, tanh, sigmoid, gelu, geluTanh, leakyRelu, softplus, identity

    /// Applies the function.
    public func apply(_ x: Tensor) -> Tensor { linearActivation?.apply(x) ?? x }

    /// The same function as Tensor names it, for ``apply(_:)`` and a fused linear layer
    /// (``Linear/callAsFunction(_:activation:)``); nil for `identity`, which both leave out.
    public var linearActivation: Tensor.LinearActivation? {
        switch self {
        case .relu: .relu
        case .tanh: .tanh
        case .sigmoid: .sigmoid
        case .gelu: .gelu
        case .geluTanh: .geluTanh
        case .leakyRelu: .leakyRelu(slope: 0.01)  // PyTorch's default slope, Tensor.leakyRelu's too
        case .softplus: .softplus
        case .identity: nil
        }
    }

    /// The gain `torch.nn.init.calculate_gain` gives for this function (used by initialisers).
    public var gain: Double {
        switch self {
        case .relu: return 2.0.squareRoot()
        case .tanh: return 5.0 / 3
        case .leakyRelu: return (2.0 / (1 + 0.01 * 0.01)).squareRoot()
        default: return 1
        }
    }
}

/// A parameter-free layer applying an ``Activation``.
public final class ActivationLayer: Layer {
    /// The function applied.
    public let activation: Activation
    public var isTraining = true

    /// A layer applying `activation`.
    public init(_ activation: Activation) { self.activation = activation }

    public var children: [(name: String, module: any Module)] { [] }

    public func callAsFunction(_ input: Tensor) -> Tensor { activation.apply(input) }
}

import Tensor

/// Layers applied one after another; their parameters are named by position (`0.weight`,
/// `2.bias`, …), as in PyTorch's `nn.Sequential`.
public final class Sequential: Layer {
    /// The layers, in order.
    public var layers: [any Layer]
    public var isTraining = true

    /// A stack of `layers`.
    public init(_ layers: [any Layer]) { self.layers = layers }

    public var children: [(name: String, module: any Module)] {
        layers.enumerated().map { (String($0.offset), $0.element) }
    }

    public func callAsFunction(_ input: Tensor) -> Tensor {
        layers.reduce(input) { $1($0) }
    }
}

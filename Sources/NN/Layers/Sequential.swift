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

    /// Runs the layers in order; a ``Linear`` followed by an ``ActivationLayer`` runs as one fused
    /// operation (``Linear/callAsFunction(_:activation:)``), equal bit for bit to running the two
    /// apart, in value and gradient: a small network's layer is mostly the overhead of its nodes.
    public func callAsFunction(_ input: Tensor) -> Tensor {
        var output = input
        var index = 0
        while index < layers.count {
            if let linear = layers[index] as? Linear, index + 1 < layers.count, let next = layers[index + 1] as? ActivationLayer {
                output = linear(output, activation: next.activation.linearActivation)
                index += 2
            } else {
                output = layers[index](output)
                index += 1
            }
        }
        return output
    }
}

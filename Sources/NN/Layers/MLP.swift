import Tensor

/// A multi-layer perceptron: Linear layers with an activation between them (none after the
/// last), held in a ``Sequential`` named `layers`, so parameters read `layers.0.weight`,
/// `layers.2.weight`, … as in a PyTorch `nn.Sequential` of the same shape.
public final class MLP: Layer {
    /// Input, hidden and output sizes, in order.
    public let sizes: [Int]
    /// The function between layers.
    public let activation: Activation
    /// The layers: Linear, activation, Linear, …
    public let layers: Sequential
    public var isTraining = true

    /// An MLP `inputSize → hiddenSizes… → outputSize` with PyTorch's default initialisation.
    public init(inputSize: Int, hiddenSizes: [Int], outputSize: Int, activation: Activation = .relu,
                using generator: inout PhiloxGenerator) {
        sizes = [inputSize] + hiddenSizes + [outputSize]
        self.activation = activation
        var stack: [any Layer] = []
        for index in 0..<(sizes.count - 1) {
            stack.append(Linear(inputSize: sizes[index], outputSize: sizes[index + 1], using: &generator))
            if index < sizes.count - 2 { stack.append(ActivationLayer(activation)) }
        }
        layers = Sequential(stack)
    }

    public var children: [(name: String, module: any Module)] { [("layers", layers)] }

    /// Runs the layers in order (``Sequential`` fuses each Linear with the activation after it).
    public func callAsFunction(_ input: Tensor) -> Tensor { layers(input) }
}

import Tensor

/// Zeroes each element with probability `probability` in training mode and scales the rest by
/// 1/(1 - p) (inverted dropout, as PyTorch); the identity in evaluation mode. Its masks come from
/// its own seeded generator, so training runs repeat.
public final class Dropout: Layer {
    /// The probability of zeroing an element.
    public let probability: Double
    /// The generator masks are drawn from.
    public var generator: PhiloxGenerator
    public var isTraining = true

    /// Dropout with rate `probability` in [0, 1), drawing masks from `generator`.
    public init(probability: Double, generator: PhiloxGenerator) {
        check((0..<1).contains(probability), "Dropout: probability \(probability) is outside [0, 1)")
        self.probability = probability
        self.generator = generator
    }

    public var children: [(name: String, module: any Module)] { [] }

    public func callAsFunction(_ input: Tensor) -> Tensor {
        guard isTraining, probability > 0 else { return input }
        let keep = Tensor.bernoulli(input.shape, probability: 1 - probability, dtype: input.dtype, using: &generator)
        return input * (keep / Float(1 - probability))
    }
}

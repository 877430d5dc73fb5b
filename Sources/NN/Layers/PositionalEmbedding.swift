import Tensor

/// Learned absolute position embeddings (as GPT-2's `wpe`): a table `weight` of shape
/// `[maxLength, dimension]` whose row t is added to every sequence's element at position t.
///
/// The parameter is named `weight`, so the table loads from a PyTorch `nn.Embedding(maxLength,
/// dimension)`; the forward pass equals `x + embedding(arange(T))`.
public final class PositionalEmbedding: Layer {
    /// `[maxLength, dimension]`: row t is the vector for position t.
    public var weight: Tensor
    public var isTraining = true

    /// The longest sequence the table covers.
    public var maxLength: Int { weight.shape[0] }
    /// The length of each vector.
    public var dimension: Int { weight.shape[1] }

    /// A table drawn from N(0, standardDeviation²); the default 0.02 is GPT-2's initialiser
    /// range (PyTorch's `nn.Embedding` would use 1, which swamps small token embeddings).
    public init(maxLength: Int, dimension: Int, standardDeviation: Double = 0.02, using generator: inout PhiloxGenerator) {
        check(maxLength > 0 && dimension > 0, "PositionalEmbedding: sizes must be positive, got \(maxLength)×\(dimension)")
        weight = Tensor.randomNormal([maxLength, dimension], standardDeviation: standardDeviation, using: &generator)
        weight.requiresGrad = true
    }

    public func visitOwnParameters(_ body: (String, inout Tensor) -> Void) {
        body("weight", &weight)
    }

    public var children: [(name: String, module: any Module)] { [] }

    /// `input` is `[..., time, dimension]` with time ≤ ``maxLength``; rows `0..<time` of the table
    /// are added, broadcast over the leading axes.
    public func callAsFunction(_ input: Tensor) -> Tensor {
        check(
            input.rank >= 2 && input.shape[input.rank - 1] == dimension,
            "PositionalEmbedding(\(maxLength)×\(dimension)): input shape \(input.shape) is not [..., time, \(dimension)]")
        let time = input.shape[input.rank - 2]
        check(
            time <= maxLength,
            "PositionalEmbedding(\(maxLength)×\(dimension)): sequence length \(time) of input shape \(input.shape) exceeds maxLength \(maxLength)")
        return input + weight.slice(axis: 0, start: 0, end: time)
    }
}

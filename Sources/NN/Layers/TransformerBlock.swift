import Tensor

/// A pre-layer-norm decoder block (as in GPT-2; Xiong et al., 2020):
///
///     x = x + dropout(attention(ln1(x)))
///     x = x + dropout(feedForward(ln2(x)))
///
/// with causal self-attention and a feed-forward network Linear → GELU (exact, erf) → Linear.
/// Children are named `ln1`, `attention`, `ln2`, `feedForward` (a ``Sequential``, so its
/// parameters read `feedForward.0.weight`, `feedForward.2.weight`), which a PyTorch module with
/// the same attribute names (`nn.LayerNorm`, `nn.MultiheadAttention`, `nn.Sequential`) matches.
public final class TransformerBlock: Layer {
    /// Normalises the input of the attention.
    public let ln1: LayerNorm
    /// Causal multi-head self-attention.
    public let attention: CausalSelfAttention
    /// Normalises the input of the feed-forward network.
    public let ln2: LayerNorm
    /// Linear `E → F`, GELU, Linear `F → E`.
    public let feedForward: Sequential
    /// Applied to the attention branch before it is added back; nil when the probability is 0.
    public let attentionDropout: Dropout?
    /// Applied to the feed-forward branch before it is added back; nil when the probability is 0.
    public let feedForwardDropout: Dropout?
    public var isTraining = true

    /// A block with PyTorch's default initialisation of each part. Dropout (on the two residual
    /// branches, with masks from generators seeded by draws from `generator`) is active in
    /// training mode when `dropout > 0`.
    public init(modelDimension: Int, heads: Int, feedForwardDimension: Int, dropout: Double = 0,
                using generator: inout PhiloxGenerator) {
        check(feedForwardDimension > 0, "TransformerBlock: feed-forward dimension \(feedForwardDimension) must be positive")
        check((0..<1).contains(dropout), "TransformerBlock: dropout \(dropout) is outside [0, 1)")
        ln1 = LayerNorm(features: modelDimension)
        attention = CausalSelfAttention(modelDimension: modelDimension, heads: heads, using: &generator)
        ln2 = LayerNorm(features: modelDimension)
        feedForward = Sequential([
            Linear(inputSize: modelDimension, outputSize: feedForwardDimension, using: &generator),
            ActivationLayer(.gelu),
            Linear(inputSize: feedForwardDimension, outputSize: modelDimension, using: &generator),
        ])
        if dropout > 0 {
            // Seeds drawn from (not `child` of) the generator, so blocks built in turn differ.
            attentionDropout = Dropout(probability: dropout, generator: PhiloxGenerator(seed: generator.next()))
            feedForwardDropout = Dropout(probability: dropout, generator: PhiloxGenerator(seed: generator.next()))
        } else {
            attentionDropout = nil
            feedForwardDropout = nil
        }
    }

    /// Dropout modules hold no parameters, so they change no state-dict key; they are children so
    /// that ``Module/train()`` and ``Module/eval()`` reach them.
    public var children: [(name: String, module: any Module)] {
        var result: [(name: String, module: any Module)] = [
            ("ln1", ln1), ("attention", attention), ("ln2", ln2), ("feedForward", feedForward),
        ]
        if let attentionDropout { result.append(("attentionDropout", attentionDropout)) }
        if let feedForwardDropout { result.append(("feedForwardDropout", feedForwardDropout)) }
        return result
    }

    /// `input` is `[batch, time, modelDimension]`; the result has the same shape.
    public func callAsFunction(_ input: Tensor) -> Tensor {
        let dimension = attention.modelDimension
        check(
            input.rank == 3 && input.shape[2] == dimension && input.shape[1] > 0,
            "TransformerBlock(E=\(dimension)): input shape \(input.shape) is not [batch, time > 0, \(dimension)]")
        var attended = attention(ln1(input))
        if let attentionDropout { attended = attentionDropout(attended) }
        let afterAttention = input + attended
        var transformed = feedForward(ln2(afterAttention))
        if let feedForwardDropout { transformed = feedForwardDropout(transformed) }
        return afterAttention + transformed
    }
}

import NN
import Tensor

/// The sizes of a character-level Transformer language model.
public struct CharTransformerConfig: Sendable, Codable, Equatable {
    /// Distinct characters (the vocabulary).
    public var vocabularySize: Int
    /// Characters of context (the longest sequence the model reads).
    public var context = 64
    /// Width of every hidden representation.
    public var modelDimension = 64
    /// Attention heads per block.
    public var heads = 4
    /// Transformer blocks.
    public var layers = 2
    /// Hidden width of each block's feed-forward network.
    public var feedForwardDimension = 256
    /// Dropout on the residual branches.
    public var dropout = 0.0

    /// A config for `vocabularySize` characters with the other sizes at their defaults
    /// (2 layers, d_model 64, 4 heads, context 64).
    public init(vocabularySize: Int) { self.vocabularySize = vocabularySize }

    /// Checks the sizes, naming the first that is wrong.
    public func validate() throws(LanguageModelError) {
        guard vocabularySize > 1 else { throw .invalidConfig("vocabularySize must be at least 2, got \(vocabularySize)") }
        guard context > 0, layers > 0, heads > 0, feedForwardDimension > 0 else {
            throw .invalidConfig("context, layers, heads and feedForwardDimension must be positive")
        }
        guard modelDimension > 0, modelDimension % heads == 0 else {
            throw .invalidConfig("modelDimension \(modelDimension) must be a positive multiple of heads \(heads)")
        }
        guard (0..<1).contains(dropout) else { throw .invalidConfig("dropout must lie in [0, 1), got \(dropout)") }
    }
}

/// A GPT-style character model: token and learned position embeddings, pre-LN Transformer
/// blocks with causal self-attention, a final LayerNorm and a linear head to next-character
/// logits. Parameter names: `tokens.weight`, `positions.weight`, `blocks.0.…`, `norm.…`, `head.…`.
public final class CharTransformer: Layer {
    /// The sizes.
    public let config: CharTransformerConfig
    public let tokens: Embedding
    public let positions: PositionalEmbedding
    public let blocks: Sequential
    public let norm: LayerNorm
    public let head: Linear
    public var isTraining = true

    /// A model with fresh weights.
    public init(_ config: CharTransformerConfig, using generator: inout PhiloxGenerator) {
        self.config = config
        tokens = Embedding(count: config.vocabularySize, dimension: config.modelDimension, using: &generator)
        positions = PositionalEmbedding(maxLength: config.context, dimension: config.modelDimension, using: &generator)
        blocks = Sequential((0..<config.layers).map { _ in
            TransformerBlock(modelDimension: config.modelDimension, heads: config.heads,
                             feedForwardDimension: config.feedForwardDimension, dropout: config.dropout, using: &generator)
        })
        norm = LayerNorm(features: config.modelDimension)
        head = Linear(inputSize: config.modelDimension, outputSize: config.vocabularySize, using: &generator)
    }

    public var children: [(name: String, module: any Module)] {
        [("tokens", tokens), ("positions", positions), ("blocks", blocks), ("norm", norm), ("head", head)]
    }

    /// Next-character logits `[batch, time, vocabulary]` for token ids `[batch, time]` (whole
    /// numbers in a float tensor), time ≤ context.
    public func callAsFunction(_ input: Tensor) -> Tensor {
        check(input.rank == 2 && input.shape[1] <= config.context,
                     "CharTransformer: input shape \(input.shape) is not [batch, time ≤ \(config.context)]")
        return head(norm(blocks(positions(tokens(input)))))
    }

    /// The mean cross-entropy of predicting each next character: `input` and `targets` are
    /// `[batch, time]` token ids.
    public func loss(_ input: Tensor, targets: Tensor) -> Tensor {
        let logits = self(input)
        let (batch, time) = (input.shape[0], input.shape[1])
        let labels = targets.scalars.map { Int($0) }
        return Loss.crossEntropy(logits: logits.reshaped(to: [batch * time, config.vocabularySize]), labels: labels)
    }
}

/// Why a language model or its data was refused.
public enum LanguageModelError: Error, Equatable, CustomStringConvertible {
    case invalidConfig(String)
    case invalidText(String)

    public var description: String {
        switch self {
        case .invalidConfig(let reason): return "invalid language-model config: \(reason)"
        case .invalidText(let reason): return "invalid training text: \(reason)"
        }
    }
}

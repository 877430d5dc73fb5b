import Tensor

/// Multi-head self-attention with a causal mask (Vaswani et al., 2017; as in GPT decoders): the
/// output at position t mixes the values at positions ≤ t only.
///
/// Parameters are named and laid out as PyTorch's `nn.MultiheadAttention(E, heads)` (so a state
/// dict of one loads into the other): `in_proj_weight [3E, E]` stacks the query, key and value
/// projections, `in_proj_bias [3E]`, and the child `out_proj` is a ``Linear`` `E → E`. The result
/// matches `attention(x, x, x, attn_mask: causal, need_weights: false)` with `batch_first=True`.
public final class CausalSelfAttention: Layer {
    /// `[3E, E]`: rows `0..<E` project queries, `E..<2E` keys, `2E..<3E` values.
    public var inputProjectionWeight: Tensor
    /// `[3E]`.
    public var inputProjectionBias: Tensor
    /// The output projection `E → E` (`out_proj`).
    public let outputProjection: Linear
    /// The number of heads; each attends over `modelDimension / heads` features.
    public let heads: Int
    public var isTraining = true

    /// The model (embedding) dimension E.
    public var modelDimension: Int { inputProjectionWeight.shape[1] }
    /// Features per head.
    public var headDimension: Int { modelDimension / heads }

    /// Attention with PyTorch's initialisation: `in_proj_weight` Xavier-uniform (bound
    /// √(6 / (E + 3E))), `out_proj.weight` uniform in ±1/√E, both biases zero.
    public init(modelDimension: Int, heads: Int, using generator: inout PhiloxGenerator) {
        check(
            modelDimension > 0 && heads > 0 && modelDimension % heads == 0,
            "CausalSelfAttention: model dimension \(modelDimension) must be a positive multiple of heads \(heads)")
        self.heads = heads
        inputProjectionWeight = Initializer.xavierUniform([3 * modelDimension, modelDimension], using: &generator)
        inputProjectionBias = Tensor.zeros([3 * modelDimension])
        let bound = 1 / Double(modelDimension).squareRoot()
        outputProjection = Linear(
            weight: Tensor.randomUniform([modelDimension, modelDimension], low: -bound, high: bound, using: &generator),
            bias: Tensor.zeros([modelDimension]))
        inputProjectionWeight.requiresGrad = true
        inputProjectionBias.requiresGrad = true
    }

    public func visitOwnParameters(_ body: (String, inout Tensor) -> Void) {
        body("in_proj_weight", &inputProjectionWeight)
        body("in_proj_bias", &inputProjectionBias)
    }

    public var children: [(name: String, module: any Module)] { [("out_proj", outputProjection)] }

    /// `input` is `[batch, time, modelDimension]`; the result has the same shape.
    public func callAsFunction(_ input: Tensor) -> Tensor {
        let embedding = modelDimension
        check(
            input.rank == 3 && input.shape[2] == embedding && input.shape[1] > 0,
            "CausalSelfAttention(E=\(embedding)): input shape \(input.shape) is not [batch, time > 0, \(embedding)]")
        // One fused operation (``Tensor/causalSelfAttention(heads:)``) does the split into heads,
        // the scaled and masked scores, their softmax and the mixing of values; it equals the
        // composed form bit for bit (``composedAttention(_:)`` keeps that form, for the tests).
        let projected = input.linear(weight: inputProjectionWeight, bias: inputProjectionBias)
        return outputProjection(projected.causalSelfAttention(heads: heads))
    }

    /// The attention written out in primitive operations, as before the fused operation: the
    /// reference the tests compare ``callAsFunction(_:)`` with, bit for bit.
    func composedAttention(_ input: Tensor) -> Tensor {
        let embedding = modelDimension
        let (batch, time) = (input.shape[0], input.shape[1])
        let projected = input.matmul(transposed: inputProjectionWeight) + inputProjectionBias
        // [B, T, E] → [B, heads, T, headDimension].
        func split(_ part: Int) -> Tensor {
            projected.slice(axis: 2, start: part * embedding, end: (part + 1) * embedding)
                .reshaped(to: [batch, time, heads, headDimension])
                .permuted([0, 2, 1, 3])
        }
        // The scale as a tensor of the input's dtype: a Float would round 1/√d in float64 models.
        let scale = Tensor(scalar: 1 / Double(headDimension).squareRoot(), dtype: projected.dtype)
        let (queries, keys, values) = (split(0) * scale, split(1), split(2))
        // Q·Kᵀ without materialising Kᵀ; the mask is added: −∞ above the diagonal.
        let scores = queries.matmul(transposed: keys) + Self.causalBias(time, dtype: projected.dtype)
        let mixed = scores.softmax(axis: -1).matmul(values)
            .permuted([0, 2, 1, 3])
            .reshaped(to: [batch, time, embedding])
        return outputProjection(mixed)
    }

    /// `[time, time]`: 0 where the query (row) may attend to the key (column), that is
    /// column ≤ row, and −∞ elsewhere, so softmax gives future keys no weight.
    static func causalBias(_ time: Int, dtype: DType) -> Tensor {
        var bias = [Double](repeating: 0, count: time * time)
        for row in 0..<time {
            for column in (row + 1)..<Swift.max(row + 1, time) { bias[row * time + column] = -.infinity }
        }
        return Tensor(shape: [time, time], doubles: bias).converted(to: dtype)
    }
}

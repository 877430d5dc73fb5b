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
        // the scaled and masked scores, their softmax and the mixing of values, bit for bit as the
        // primitive operations would.
        let projected = input.linear(weight: inputProjectionWeight, bias: inputProjectionBias)
        return outputProjection(projected.causalSelfAttention(heads: heads))
    }
}

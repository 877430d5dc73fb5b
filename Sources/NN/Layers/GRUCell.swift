import Tensor

/// One step of a gated recurrent unit (Cho et al., 2014) with PyTorch's `nn.GRUCell` equations,
/// gate order (reset r, update z, new n) and parameter names:
///
///     r  = σ(W_ir x + b_ir + W_hr h + b_hr)
///     z  = σ(W_iz x + b_iz + W_hz h + b_hz)
///     n  = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))
///     h' = (1 - z) ⊙ n + z ⊙ h
///
/// `weight_ih` stacks `[W_ir; W_iz; W_in]` as `[3·hidden, input]`, `weight_hh` stacks the
/// recurrent weights as `[3·hidden, hidden]`, and `bias_ih`, `bias_hh` are `[3·hidden]`.
public final class GRUCell: Layer {
    /// `[3·hiddenSize, inputSize]`, gates r, z, n.
    public var weightInputHidden: Tensor
    /// `[3·hiddenSize, hiddenSize]`, gates r, z, n.
    public var weightHiddenHidden: Tensor
    /// `[3·hiddenSize]`.
    public var biasInputHidden: Tensor
    /// `[3·hiddenSize]`.
    public var biasHiddenHidden: Tensor
    public var isTraining = true

    /// Input features.
    public var inputSize: Int { weightInputHidden.shape[1] }
    /// Hidden-state features.
    public var hiddenSize: Int { weightHiddenHidden.shape[1] }

    /// A cell with PyTorch's initialisation: every parameter uniform in ±1/√hiddenSize.
    public init(inputSize: Int, hiddenSize: Int, using generator: inout PhiloxGenerator) {
        check(inputSize > 0 && hiddenSize > 0, "GRUCell: sizes must be positive, got input \(inputSize), hidden \(hiddenSize)")
        let parameters = GRUParameters(inputSize: inputSize, hiddenSize: hiddenSize, using: &generator)
        weightInputHidden = parameters.weightInputHidden
        weightHiddenHidden = parameters.weightHiddenHidden
        biasInputHidden = parameters.biasInputHidden
        biasHiddenHidden = parameters.biasHiddenHidden
    }

    public func visitOwnParameters(_ body: (String, inout Tensor) -> Void) {
        body("weight_ih", &weightInputHidden)
        body("weight_hh", &weightHiddenHidden)
        body("bias_ih", &biasInputHidden)
        body("bias_hh", &biasHiddenHidden)
    }

    public var children: [(name: String, module: any Module)] { [] }

    /// The next hidden state for `input` `[batch, inputSize]` (or unbatched `[inputSize]`) and
    /// `hidden` of the matching shape `[batch, hiddenSize]` (zeros when nil).
    public func callAsFunction(_ input: Tensor, hidden: Tensor?) -> Tensor {
        check(
            (input.rank == 1 || input.rank == 2) && input.shape.last == inputSize,
            "GRUCell(\(inputSize)→\(hiddenSize)): input shape \(input.shape) is not [batch, \(inputSize)] or [\(inputSize)]")
        let hiddenShape = Array(input.shape.dropLast()) + [hiddenSize]
        if let hidden {
            check(
                hidden.shape == hiddenShape,
                "GRUCell(\(inputSize)→\(hiddenSize)): hidden shape \(hidden.shape) does not match \(hiddenShape) for input shape \(input.shape)")
        }
        let state = hidden ?? Tensor.zeros(hiddenShape, dtype: input.dtype)
        let inputGates = input.matmul(transposed: weightInputHidden) + biasInputHidden
        return GRUParameters.step(
            inputGates: inputGates, hidden: state, weightHiddenHidden: weightHiddenHidden, biasHiddenHidden: biasHiddenHidden)
    }

    /// The next hidden state from a zero hidden state.
    public func callAsFunction(_ input: Tensor) -> Tensor { self(input, hidden: nil) }
}

/// The four tensors of one GRU layer, and the recurrence they define; shared by ``GRUCell`` and
/// ``GRU``, which name them differently.
struct GRUParameters {
    var weightInputHidden: Tensor
    var weightHiddenHidden: Tensor
    var biasInputHidden: Tensor
    var biasHiddenHidden: Tensor

    /// PyTorch's initialisation: uniform in ±1/√hiddenSize, drawn in its parameter order.
    init(inputSize: Int, hiddenSize: Int, using generator: inout PhiloxGenerator) {
        let bound = 1 / Double(hiddenSize).squareRoot()
        func draw(_ shape: [Int]) -> Tensor {
            var tensor = Tensor.randomUniform(shape, low: -bound, high: bound, using: &generator)
            tensor.requiresGrad = true
            return tensor
        }
        weightInputHidden = draw([3 * hiddenSize, inputSize])
        weightHiddenHidden = draw([3 * hiddenSize, hiddenSize])
        biasInputHidden = draw([3 * hiddenSize])
        biasHiddenHidden = draw([3 * hiddenSize])
    }

    /// One step of the recurrence. `inputGates` is `x·W_ihᵀ + b_ih`, `[..., 3·hidden]`,
    /// computed by the caller (for a sequence, for all steps at once); `hidden` is `[..., hidden]`.
    static func step(inputGates: Tensor, hidden: Tensor, weightHiddenHidden: Tensor, biasHiddenHidden: Tensor) -> Tensor {
        let size = weightHiddenHidden.shape[1]
        let hiddenGates = hidden.matmul(transposed: weightHiddenHidden) + biasHiddenHidden
        // r and z share one sigmoid; n needs the reset gate applied to the recurrent part only.
        let resetAndUpdate = (inputGates.slice(axis: -1, start: 0, end: 2 * size)
            + hiddenGates.slice(axis: -1, start: 0, end: 2 * size)).sigmoid()
        let reset = resetAndUpdate.slice(axis: -1, start: 0, end: size)
        let update = resetAndUpdate.slice(axis: -1, start: size, end: 2 * size)
        let candidate = (inputGates.slice(axis: -1, start: 2 * size, end: 3 * size)
            + reset * hiddenGates.slice(axis: -1, start: 2 * size, end: 3 * size)).tanh()
        // (1 - z)·n + z·h, with one subtraction fewer.
        return candidate + update * (hidden - candidate)
    }
}

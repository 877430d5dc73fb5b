import Tensor

/// A multi-layer gated recurrent unit over batch-first sequences, like PyTorch's
/// `nn.GRU(input_size, hidden_size, num_layers, batch_first=True)`: each layer runs the
/// ``GRUCell`` recurrence over time and feeds its outputs to the next layer.
///
/// Parameters read as PyTorch's: `weight_ih_l0 [3H, input]`, `weight_hh_l0 [3H, H]`,
/// `bias_ih_l0 [3H]`, `bias_hh_l0 [3H]`, then `…_l1` with `weight_ih_l1 [3H, H]`, and so on;
/// gates in the order r, z, n.
public final class GRU: Layer {
    /// Per layer: `[3·hiddenSize, inputSize]` for layer 0, `[3·hiddenSize, hiddenSize]` above.
    public var weightsInputHidden: [Tensor]
    /// Per layer: `[3·hiddenSize, hiddenSize]`.
    public var weightsHiddenHidden: [Tensor]
    /// Per layer: `[3·hiddenSize]`.
    public var biasesInputHidden: [Tensor]
    /// Per layer: `[3·hiddenSize]`.
    public var biasesHiddenHidden: [Tensor]
    public var isTraining = true

    /// Input features of the first layer.
    public var inputSize: Int { weightsInputHidden[0].shape[1] }
    /// Hidden-state features of every layer.
    public var hiddenSize: Int { weightsHiddenHidden[0].shape[1] }
    /// The number of stacked layers.
    public var layerCount: Int { weightsHiddenHidden.count }

    /// A GRU with PyTorch's initialisation: every parameter uniform in ±1/√hiddenSize.
    public init(inputSize: Int, hiddenSize: Int, layers: Int = 1, using generator: inout PhiloxGenerator) {
        check(
            inputSize > 0 && hiddenSize > 0 && layers > 0,
            "GRU: sizes must be positive, got input \(inputSize), hidden \(hiddenSize), layers \(layers)")
        let stack = (0..<layers).map { layer in
            GRUParameters(inputSize: layer == 0 ? inputSize : hiddenSize, hiddenSize: hiddenSize, using: &generator)
        }
        weightsInputHidden = stack.map(\.weightInputHidden)
        weightsHiddenHidden = stack.map(\.weightHiddenHidden)
        biasesInputHidden = stack.map(\.biasInputHidden)
        biasesHiddenHidden = stack.map(\.biasHiddenHidden)
    }

    public func visitOwnParameters(_ body: (String, inout Tensor) -> Void) {
        for layer in 0..<layerCount {
            body("weight_ih_l\(layer)", &weightsInputHidden[layer])
            body("weight_hh_l\(layer)", &weightsHiddenHidden[layer])
            body("bias_ih_l\(layer)", &biasesInputHidden[layer])
            body("bias_hh_l\(layer)", &biasesHiddenHidden[layer])
        }
    }

    public var children: [(name: String, module: any Module)] { [] }

    /// Runs the GRU over `input` `[batch, time, inputSize]` from `hidden`
    /// `[layers, batch, hiddenSize]` (zeros when nil). Returns the last layer's hidden state at
    /// every step, `output` `[batch, time, hiddenSize]`, and every layer's state after the last
    /// step, `hidden` `[layers, batch, hiddenSize]`.
    public func callAsFunction(_ input: Tensor, hidden: Tensor?) -> (output: Tensor, hidden: Tensor) {
        check(
            input.rank == 3 && input.shape[2] == inputSize && input.shape[1] > 0,
            "GRU(\(inputSize)→\(hiddenSize)): input shape \(input.shape) is not [batch, time > 0, \(inputSize)]")
        let batch = input.shape[0]
        let hiddenShape = [layerCount, batch, hiddenSize]
        if let hidden {
            check(
                hidden.shape == hiddenShape,
                "GRU(\(inputSize)→\(hiddenSize)): hidden shape \(hidden.shape) is not \(hiddenShape) for input shape \(input.shape)")
        }
        var sequence = input
        var finalStates: [Tensor] = []
        for layer in 0..<layerCount {
            var state = hidden?.select(axis: 0, index: layer) ?? Tensor.zeros([batch, hiddenSize], dtype: input.dtype)
            // The input side of every gate, for all steps in one matrix product.
            let inputGates = sequence.matmul(transposed: weightsInputHidden[layer]) + biasesInputHidden[layer]
            var outputs: [Tensor] = []
            for stepGates in Self.timeSteps(of: inputGates) {
                state = GRUParameters.step(
                    inputGates: stepGates, hidden: state,
                    weightHiddenHidden: weightsHiddenHidden[layer], biasHiddenHidden: biasesHiddenHidden[layer])
                outputs.append(state)
            }
            sequence = Tensor.stack(outputs, axis: 1)
            finalStates.append(state)
        }
        return (sequence, Tensor.stack(finalStates, axis: 0))
    }

    /// The outputs `[batch, time, hiddenSize]` from a zero hidden state.
    public func callAsFunction(_ input: Tensor) -> Tensor { self(input, hidden: nil).output }

    /// The slices `[batch, features]` of `sequence` `[batch, time, features]` at each step.
    /// (`select` adds its gradient into the sequence's in place, so this is O(T) in backward.)
    static func timeSteps(of sequence: Tensor) -> [Tensor] {
        (0..<sequence.shape[1]).map { sequence.select(axis: 1, index: $0) }
    }
}

import Tensor

/// Causal self-attention written out in primitive operations (slices, permutes, the scaled
/// queries, `matmul(transposed:)`, the added mask, softmax, `matmul`), as `CausalSelfAttention`
/// computed it before ``Tensor/causalSelfAttention(heads:)`` fused it: the reference the fused
/// operation and the layer are compared with, bit for bit. `packed` is `[batch, time, 3E]`.
public func composedCausalAttention(_ packed: Tensor, heads: Int) -> Tensor {
    let (batch, time, width) = (packed.shape[0], packed.shape[1], packed.shape[2])
    let embedding = width / 3
    let headDimension = embedding / heads
    func split(_ part: Int) -> Tensor {
        packed.slice(axis: 2, start: part * embedding, end: (part + 1) * embedding)
            .reshaped(to: [batch, time, heads, headDimension])
            .permuted([0, 2, 1, 3])
    }
    let scale = Tensor(scalar: 1 / Double(headDimension).squareRoot(), dtype: packed.dtype)
    var mask = [Double](repeating: 0, count: time * time)
    for row in 0..<time {
        for column in (row + 1)..<max(row + 1, time) { mask[row * time + column] = -.infinity }
    }
    let bias = Tensor(shape: [time, time], doubles: mask).converted(to: packed.dtype)
    let scores = (split(0) * scale).matmul(transposed: split(1)) + bias
    return scores.softmax(axis: -1).matmul(split(2)).permuted([0, 2, 1, 3]).reshaped(to: [batch, time, embedding])
}

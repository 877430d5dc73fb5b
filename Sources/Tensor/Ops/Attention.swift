/// Multi-head causal self-attention as one operation over packed projections (its backward is a
/// named exception in ``Derivatives``).
extension Tensor {
    /// Causal self-attention of every head, from queries, keys and values packed side by side.
    ///
    /// `self` is `[batch, time, 3·E]`: along the last axis the queries (`0..<E`), keys (`E..<2E`)
    /// and values (`2E..<3E`), each split into `heads` contiguous groups of `d = E / heads`
    /// features (PyTorch's `in_proj` layout). For each batch row and head,
    ///
    ///     out = softmax((Q·(1/√d))·Kᵀ + M)·V,   M[r, c] = 0 for c ≤ r, −∞ for c > r,
    ///
    /// and the result is `[batch, time, E]`, the heads side by side in the same order.
    ///
    /// It equals, bit for bit, the composed operations it replaces (slice, reshape and permute to
    /// `[batch, heads, time, d]`, scale the queries, `matmul(transposed:)`, add the mask, `softmax`,
    /// `matmul`, permute back) in value and gradient: the same kernels run in the same order. It
    /// only skips their copies (three slices, four permutes each way, the mask's broadcast) and
    /// graph nodes, which in a small Transformer cost as much as the attention's products.
    /// Only a zero's sign may differ in the gradient (the composed path adds each part to zeros).
    public func causalSelfAttention(heads: Int) -> Tensor {
        check(rank == 3 && heads > 0 && shape[2] % (3 * heads) == 0,
              "causalSelfAttention: shape \(shape) is not [batch, time, 3·E] with E a multiple of \(heads) heads")
        let layout = AttentionKernel.Layout(batch: shape[0], time: shape[1], heads: heads, headDimension: shape[2] / (3 * heads))
        let weights: TensorStorage
        let output: TensorStorage
        switch storage {
        case let .float32(packed):
            let (p, o) = AttentionKernel.forward(packed, layout)
            (weights, output) = (.float32(p), .float32(o))
        case let .float64(packed):
            let (p, o) = AttentionKernel.forward(packed, layout)
            (weights, output) = (.float64(p), .float64(o))
        }
        let result = Tensor(storage: output, shape: [layout.batch, layout.time, layout.heads * layout.headDimension])
        return Tensor.record(result, inputs: [self], pullback: Derivatives.causalSelfAttention(packed: self, weights: weights, layout: layout))
    }
}

/// The kernels of ``Tensor/causalSelfAttention(heads:)``: per batch row and head, the head's
/// queries, keys and values are gathered from the packed rows into small contiguous matrices
/// and multiplied by ``GEMM``, as the composed operations' batched products do.
enum AttentionKernel {
    /// The sizes of one call.
    struct Layout {
        let batch: Int
        let time: Int
        let heads: Int
        let headDimension: Int

        /// E, the width of the queries (and of the output rows).
        var modelDimension: Int { heads * headDimension }
        /// Elements per row of the packed input: 3E.
        var packedWidth: Int { 3 * modelDimension }
        /// `(batch, head)` pairs, one `[time, time]` weight matrix each.
        var pairs: Int { batch * heads }
    }

    /// Copies head `head`'s `[time, d]` block of batch row `row` out of `source`, whose rows are
    /// `width` long and whose block (queries, keys, values or an output) starts at column
    /// `blockStart`, into `target`; times `scale` when given (the composed path scales the
    /// queries as a product of its own, element by element, which this reproduces).
    @inline(__always)
    static func gather<S: FloatScalar>(_ source: UnsafePointer<S>, _ layout: Layout, row: Int, head: Int, width: Int, blockStart: Int,
                                       scale: S? = nil, into target: UnsafeMutablePointer<S>) {
        let d = layout.headDimension
        for t in 0..<layout.time {
            let origin = source + (row * layout.time + t) * width + blockStart + head * d
            let destination = target + t * d
            if let scale {
                for j in 0..<d { destination[j] = origin[j] * scale }
            } else {
                for j in 0..<d { destination[j] = origin[j] }
            }
        }
    }

    /// Writes `source` (`[time, d]`) into head `head`'s block of `target`, the inverse of ``gather``.
    @inline(__always)
    static func scatter<S: FloatScalar>(_ source: UnsafePointer<S>, _ layout: Layout, row: Int, head: Int, width: Int, blockStart: Int,
                                        into target: UnsafeMutablePointer<S>) {
        let d = layout.headDimension
        for t in 0..<layout.time {
            let destination = target + (row * layout.time + t) * width + blockStart + head * d
            let origin = source + t * d
            for j in 0..<d { destination[j] = origin[j] }
        }
    }

    /// The queries' scale `1/√d`, rounded to the dtype as the composed path's scalar tensor is.
    static func scale<S: FloatScalar>(_ layout: Layout) -> S {
        S(1 / Double(layout.headDimension).squareRoot())
    }

    /// The softmax weights `[batch, heads, time, time]` (kept for the backward) and the output
    /// `[batch, time, E]`.
    static func forward<S: FloatScalar>(_ packed: [S], _ layout: Layout) -> (weights: [S], output: [S]) {
        let (time, d, E) = (layout.time, layout.headDimension, layout.modelDimension)
        let (square, width) = (time * time, layout.packedWidth)
        let scale: S = scale(layout)
        let scratch = UnsafeMutablePointer<S>.allocate(capacity: 2 * time * d)
        defer { scratch.deallocate() }
        let (first, second) = (scratch, scratch + time * d)
        return packed.withUnsafeBufferPointer { packedBuffer in
            let packed = packedBuffer.baseAddress!
            let scores: [S] = makeArray(count: layout.pairs * square) { scores in
                for pair in 0..<layout.pairs {
                    let (row, head) = pair.quotientAndRemainder(dividingBy: layout.heads)
                    gather(packed, layout, row: row, head: head, width: width, blockStart: 0, scale: scale, into: first)
                    gather(packed, layout, row: row, head: head, width: width, blockStart: E, into: second)
                    let block = scores + pair * square
                    GEMM.multiply(first, second, block, m: time, n: time, k: d, transposeA: false, transposeB: true)
                    // Adding −∞ (not storing it) keeps a NaN score NaN, as adding the composed mask does.
                    for r in 0..<time {
                        for c in (r + 1)..<Swift.max(r + 1, time) { block[r * time + c] += -S.infinity }
                    }
                }
            }
            let weights = SoftmaxKernel.forwardRows(scores, rows: layout.pairs * time, n: time, log: false)
            let output: [S] = weights.withUnsafeBufferPointer { weightBuffer in
                makeArray(count: layout.batch * time * E) { output in
                    for pair in 0..<layout.pairs {
                        let (row, head) = pair.quotientAndRemainder(dividingBy: layout.heads)
                        gather(packed, layout, row: row, head: head, width: width, blockStart: 2 * E, into: first)
                        GEMM.multiply(weightBuffer.baseAddress! + pair * square, first, second, m: time, n: d, k: time,
                                      transposeA: false, transposeB: false)
                        scatter(second, layout, row: row, head: head, width: E, blockStart: 0, into: output)
                    }
                }
            }
            return (weights, output)
        }
    }

    /// The gradient of the packed input (`[batch, time, 3E]`) from the output's, `upstream`:
    /// per pair, `dP = dO·Vᵀ` and `dV = Pᵀ·dO`; over all rows, `dS` by the softmax rule; per pair,
    /// `dQ = (dS·K)·(1/√d)` and `dK = dSᵀ·(Q·(1/√d))`. These are the composed rules' products, in
    /// their order.
    static func backward<S: FloatScalar>(upstream: [S], packed: [S], weights: [S], _ layout: Layout) -> [S] {
        let (time, d, E) = (layout.time, layout.headDimension, layout.modelDimension)
        let (square, width) = (time * time, layout.packedWidth)
        let scale: S = scale(layout)
        let scratch = UnsafeMutablePointer<S>.allocate(capacity: 3 * time * d)
        defer { scratch.deallocate() }
        let (first, second, third) = (scratch, scratch + time * d, scratch + 2 * time * d)
        return packed.withUnsafeBufferPointer { packedBuffer in
            let packed = packedBuffer.baseAddress!
            return makeArray(count: layout.batch * time * width) { gradient in
                let weightGradients: [S] = upstream.withUnsafeBufferPointer { upstreamBuffer in
                    weights.withUnsafeBufferPointer { weightBuffer in
                        makeArray(count: layout.pairs * square) { weightGradients in
                            for pair in 0..<layout.pairs {
                                let (row, head) = pair.quotientAndRemainder(dividingBy: layout.heads)
                                gather(upstreamBuffer.baseAddress!, layout, row: row, head: head, width: E, blockStart: 0, into: first)
                                gather(packed, layout, row: row, head: head, width: width, blockStart: 2 * E, into: second)
                                GEMM.multiply(first, second, weightGradients + pair * square, m: time, n: time, k: d,
                                              transposeA: false, transposeB: true)
                                GEMM.multiply(weightBuffer.baseAddress! + pair * square, first, third, m: time, n: d, k: time,
                                              transposeA: true, transposeB: false)
                                scatter(third, layout, row: row, head: head, width: width, blockStart: 2 * E, into: gradient)
                            }
                        }
                    }
                }
                let scoreGradients = SoftmaxKernel.backwardRows(upstream: weightGradients, output: weights,
                                                                rows: layout.pairs * time, n: time, log: false)
                scoreGradients.withUnsafeBufferPointer { scoreBuffer in
                    for pair in 0..<layout.pairs {
                        let (row, head) = pair.quotientAndRemainder(dividingBy: layout.heads)
                        let block = scoreBuffer.baseAddress! + pair * square
                        gather(packed, layout, row: row, head: head, width: width, blockStart: E, into: second)
                        GEMM.multiply(block, second, first, m: time, n: d, k: time, transposeA: false, transposeB: false)
                        for i in 0..<(time * d) { first[i] = first[i] * scale }
                        scatter(first, layout, row: row, head: head, width: width, blockStart: 0, into: gradient)
                        gather(packed, layout, row: row, head: head, width: width, blockStart: 0, scale: scale, into: second)
                        GEMM.multiply(block, second, third, m: time, n: d, k: time, transposeA: true, transposeB: false)
                        scatter(third, layout, row: row, head: head, width: width, blockStart: E, into: gradient)
                    }
                }
            }
        }
    }
}

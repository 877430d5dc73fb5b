/// Matrix products with NumPy `matmul` semantics.
extension Tensor {
    /// The matrix product, as `numpy.matmul`/`torch.matmul`:
    /// - 1-D · 1-D: the dot product (a scalar);
    /// - 2-D · 2-D: the matrix product;
    /// - 1-D operands act as a row (left) or column (right) vector, and that axis is removed;
    /// - higher ranks: batches of matrices in the last two axes, batch axes broadcast.
    public func matmul(_ other: Tensor) -> Tensor {
        check(rank >= 1 && other.rank >= 1, "matmul: scalars cannot be multiplied as matrices (shapes \(shape) and \(other.shape))")
        let (a, b) = Tensor.promoted(self, other)
        let left = a.rank == 1 ? a.reshaped(to: [1, a.shape[0]]) : a
        let right = b.rank == 1 ? b.reshaped(to: [b.shape[0], 1]) : b
        let k = left.shape[left.rank - 1]
        check(
            right.shape[right.rank - 2] == k,
            "matmul: shapes \(shape) and \(other.shape) are not aligned (\(k) vs \(right.shape[right.rank - 2]))")
        var product = Tensor.batchedProduct(left, right)
        if a.rank == 1 || b.rank == 1 {
            var outShape = product.shape
            if b.rank == 1 { outShape.removeLast() }
            if a.rank == 1 { outShape.remove(at: outShape.count - (b.rank == 1 ? 1 : 2)) }
            product = product.reshaped(to: outShape)
        }
        return product
    }

    /// Recorded product of operands of rank ≥ 2.
    private static func batchedProduct(_ a: Tensor, _ b: Tensor) -> Tensor {
        let result = rawProduct(a, b, transposeA: false, transposeB: false)
        return record(result, inputs: [a, b], pullback: Derivatives.matmul(a, b))
    }

    /// op(A)·op(B) over the last two axes, batch axes broadcast; records nothing.
    static func rawProduct(_ a: Tensor, _ b: Tensor, transposeA: Bool, transposeB: Bool) -> Tensor {
        let (ra, rb) = (a.rank, b.rank)
        let m = transposeA ? a.shape[ra - 1] : a.shape[ra - 2]
        let k = transposeA ? a.shape[ra - 2] : a.shape[ra - 1]
        let n = transposeB ? b.shape[rb - 2] : b.shape[rb - 1]
        let kb = transposeB ? b.shape[rb - 1] : b.shape[rb - 2]
        check(k == kb, "matmul: inner sizes \(k) and \(kb) differ (shapes \(a.shape) and \(b.shape))")
        let aBatch = Array(a.shape.dropLast(2))
        let bBatch = Array(b.shape.dropLast(2))

        // A stack of matrices times one matrix is one tall product.
        if rb == 2 && !transposeA && ra > 2 {
            let rows = Shape.count(aBatch) * m
            let flat = rawProduct(Tensor(storage: a.storage, shape: [rows, k]), b, transposeA: false, transposeB: transposeB)
            return Tensor(storage: flat.storage, shape: aBatch + [m, n])
        }
        let batch = Shape.broadcast(aBatch, bBatch, operation: "matmul")
        let batchCount = Shape.count(batch)
        let aStrides = Shape.broadcastStrides(aBatch, to: batch)
        let bStrides = Shape.broadcastStrides(bBatch, to: batch)
        let batchStrides = Shape.strides(batch)
        let outShape = batch + [m, n]

        func run<S: FloatScalar>(_ x: [S], _ y: [S]) -> [S] {
            if x.isEmpty || y.isEmpty { return [S](repeating: 0, count: batchCount * m * n) }
            return x.withUnsafeBufferPointer { px in
                y.withUnsafeBufferPointer { py in
                    makeArray(count: batchCount * m * n) { out in
                        for index in 0..<batchCount {
                            var aOffset = 0
                            var bOffset = 0
                            var remainder = index
                            for axis in 0..<batch.count {
                                let coordinate = remainder / batchStrides[axis]
                                remainder %= batchStrides[axis]
                                aOffset += coordinate * aStrides[axis]
                                bOffset += coordinate * bStrides[axis]
                            }
                            GEMM.multiply(
                                px.baseAddress! + aOffset * m * k, py.baseAddress! + bOffset * k * n,
                                out + index * m * n, m: m, n: n, k: k,
                                transposeA: transposeA, transposeB: transposeB)
                        }
                    }
                }
            }
        }
        switch (a.storage, b.storage) {
        case let (.float32(x), .float32(y)): return Tensor(storage: .float32(run(x, y)), shape: outShape)
        case let (.float64(x), .float64(y)): return Tensor(storage: .float64(run(x, y)), shape: outShape)
        default: fatalError("internal: matmul operands of different dtypes")
        }
    }

    /// `self · otherᵀ` (transposing the last two axes of `other`) without materialising the
    /// transpose: what a linear layer with PyTorch's `[out, in]` weight layout needs, and
    /// attention's `Q·Kᵀ`. `self` is `[k]`, `[m, k]` or a batch `[..., m, k]`; `other` is
    /// `[n, k]` or a batch `[..., n, k]` (batch axes broadcast); the result is `[..., m, n]`.
    public func matmul(transposed other: Tensor) -> Tensor {
        check(other.rank >= 2, "matmul(transposed:): the right operand must have at least 2 axes, got shape \(other.shape)")
        check(rank >= 1, "matmul(transposed:): the left operand is a scalar (shape [])")
        let (a, b) = Tensor.promoted(self, other)
        let k = b.shape[b.rank - 1]
        check(
            a.shape[a.rank - 1] == k,
            "matmul(transposed:): shapes \(shape) and \(other.shape)ᵀ are not aligned (\(a.shape[a.rank - 1]) vs \(k))")
        if b.rank > 2 {
            let left = a.rank == 1 ? a.reshaped(to: [1, k]) : a
            let result = Tensor.rawProduct(left, b, transposeA: false, transposeB: true)
            let recorded = Tensor.record(result, inputs: [left, b], pullback: Derivatives.matmulTransposed(left, b))
            return a.rank == 1 ? recorded.squeezed(axis: recorded.rank - 2) : recorded
        }
        let left = a.rank == 1 ? a.reshaped(to: [1, k]) : a
        let rows = Shape.count(Array(left.shape.dropLast()))  // not scalarCount / k: k may be 0
        let flat = Tensor(storage: left.storage, shape: [rows, k])
        let product = Tensor.rawProduct(flat, b, transposeA: false, transposeB: true)
        let outShape = a.rank == 1 ? [b.shape[0]] : Array(a.shape.dropLast()) + [b.shape[0]]
        let result = Tensor(storage: product.storage, shape: outShape)
        // The batch of `a` is folded into the rows of `flat`; the rule unfolds its gradient.
        return Tensor.record(
            result, inputs: [a, b],
            pullback: Derivatives.matmulTransposed(flat, b, fold: .init(upstream: product.shape, input: a.shape)))
    }

    /// `a·bᵀ` for two matrices without materialising the transpose; exposed for the benchmarks.
    public static func rawProductForBenchmark(_ a: Tensor, _ b: Tensor) -> Tensor {
        rawProduct(a, b, transposeA: false, transposeB: true)
    }
}

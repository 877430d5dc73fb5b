/// Reordering of axes: copies a row-major array into the layout of a permuted shape.
enum PermuteKernel {
    /// Elements of `x` (shape `shape`) rearranged so that output axis i is input axis `order[i]`.
    static func permute<S>(_ x: [S], shape: [Int], order: [Int]) -> [S] {
        let rank = shape.count
        let count = x.count
        if rank == 2 && order == [1, 0] { return transpose2D(x, rows: shape[0], columns: shape[1]) }
        let inputStrides = Shape.strides(shape)
        let outShape = order.map { shape[$0] }
        // Strides of the input, in output-axis order.
        let strides = order.map { inputStrides[$0] }
        guard count > 0 else { return [] }
        let inner = outShape[rank - 1]
        let innerStride = strides[rank - 1]
        return x.withUnsafeBufferPointer { px in
            makeArray(count: count) { out in
                var index = [Int](repeating: 0, count: rank)
                var offset = 0
                var written = 0
                while written < count {
                    for j in 0..<inner { out[written + j] = px[offset + j * innerStride] }
                    written += inner
                    var axis = rank - 2
                    while axis >= 0 {
                        index[axis] += 1
                        offset += strides[axis]
                        if index[axis] < outShape[axis] { break }
                        offset -= strides[axis] * outShape[axis]
                        index[axis] = 0
                        axis -= 1
                    }
                }
            }
        }
    }

    /// Cache-blocked 2-D transpose.
    static func transpose2D<S>(_ x: [S], rows: Int, columns: Int) -> [S] {
        x.withUnsafeBufferPointer { px in
            makeArray(count: rows * columns) { transpose2D(px.baseAddress!, rows: rows, columns: columns, into: $0) }
        }
    }

    /// A newly allocated transpose of a `rows × columns` matrix; the caller deallocates it.
    static func transpose2D<S>(_ x: UnsafePointer<S>, rows: Int, columns: Int) -> UnsafeMutablePointer<S> {
        let out = UnsafeMutablePointer<S>.allocate(capacity: rows * columns)
        transpose2D(x, rows: rows, columns: columns, into: out)
        return out
    }

    /// Writes the transpose of a `rows × columns` matrix into `out` (`columns × rows`).
    static func transpose2D<S>(_ x: UnsafePointer<S>, rows: Int, columns: Int, into out: UnsafeMutablePointer<S>) {
        let block = 32
        for rowStart in stride(from: 0, to: rows, by: block) {
            let rowEnd = Swift.min(rowStart + block, rows)
            for columnStart in stride(from: 0, to: columns, by: block) {
                let columnEnd = Swift.min(columnStart + block, columns)
                for r in rowStart..<rowEnd {
                    for c in columnStart..<columnEnd { out[c * rows + r] = x[r * columns + c] }
                }
            }
        }
    }
}

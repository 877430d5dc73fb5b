/// Slicing, selection, gathering and one-hot encoding.
extension Tensor {
    /// Elements `start..<end` (every `step`-th) along `axis`. Negative `start`/`end` count from
    /// the end of the axis; bounds outside the axis stop with a message (nothing is clamped).
    public func slice(axis: Int, start: Int, end: Int, step: Int = 1) -> Tensor {
        let a = Shape.normalize(axis: axis, rank: rank, operation: "slice", shape: shape)
        let size = shape[a]
        let lower = start < 0 ? start + size : start
        let upper = end < 0 ? end + size : end
        check(step > 0, "slice: step \(step) must be positive")
        check(
            lower >= 0 && upper <= size && lower <= upper,
            "slice: range \(start)..<\(end) is out of bounds for axis \(a) of size \(size) in shape \(shape)")
        let picked = Array(stride(from: lower, to: upper, by: step))
        if picked.count == size { return self }
        if step != 1 { return indexSelect(axis: a, indices: picked) }
        return contiguousSlice(axis: a, start: lower, count: upper - lower)
    }

    /// Positions `start..<start + count` of axis `axis`, recorded with a block gradient.
    private func contiguousSlice(axis: Int, start: Int, count: Int) -> Tensor {
        let (outer, size, inner) = ReductionKernel.split(shape, axis: axis)
        var outShape = shape
        outShape[axis] = count
        func copy<S>(_ x: [S]) -> [S] {
            x.withUnsafeBufferPointer { px in
                makeArray(count: outer * count * inner) { out in
                    for o in 0..<outer {
                        (out + o * count * inner).update(from: px.baseAddress! + (o * size + start) * inner, count: count * inner)
                    }
                }
            }
        }
        let result: Tensor
        switch storage {
        case .float32(let x): result = Tensor(storage: .float32(copy(x)), shape: outShape)
        case .float64(let x): result = Tensor(storage: .float64(copy(x)), shape: outShape)
        }
        let block = BlockGradient(outer: outer, size: size, inner: inner, start: start, count: count)
        return Tensor.record(result, inputs: [self], block: block, pullback: Derivatives.block)
    }

    /// The sub-tensor at `index` along `axis`, with that axis removed.
    public func select(axis: Int, index: Int) -> Tensor {
        let a = Shape.normalize(axis: axis, rank: rank, operation: "select", shape: shape)
        let i = index < 0 ? index + shape[a] : index
        check(i >= 0 && i < shape[a], "select: index \(index) is out of range for axis \(a) of size \(shape[a]) in shape \(shape)")
        let picked = shape[a] == 1 ? self : contiguousSlice(axis: a, start: i, count: 1)
        return picked.squeezed(axis: a)
    }

    /// The sub-tensor at `index` along the first axis.
    public subscript(index: Int) -> Tensor { select(axis: 0, index: index) }

    /// Rows `range` along the first axis.
    public subscript(range: Range<Int>) -> Tensor { slice(axis: 0, start: range.lowerBound, end: range.upperBound) }

    /// The slices at `indices` (in that order, repeats allowed) along `axis`, like
    /// `torch.index_select`. The gradient adds back into the selected positions.
    public func indexSelect(axis: Int, indices: [Int]) -> Tensor {
        let a = Shape.normalize(axis: axis, rank: rank, operation: "indexSelect", shape: shape)
        let (outer, n, inner) = ReductionKernel.split(shape, axis: a)
        for i in indices {
            check(i >= 0 && i < n, "indexSelect: index \(i) is out of range for axis \(a) of size \(n) in shape \(shape)")
        }
        var outShape = shape
        outShape[a] = indices.count
        func pick<S>(_ x: [S]) -> [S] {
            x.withUnsafeBufferPointer { px in
                makeArray(count: outer * indices.count * inner) { out in
                    var w = 0
                    for o in 0..<outer {
                        for i in indices {
                            let source = px.baseAddress! + (o * n + i) * inner
                            (out + w).update(from: source, count: inner)
                            w += inner
                        }
                    }
                }
            }
        }
        let result: Tensor
        switch storage {
        case .float32(let x): result = Tensor(storage: .float32(pick(x)), shape: outShape)
        case .float64(let x): result = Tensor(storage: .float64(pick(x)), shape: outShape)
        }
        return Tensor.record(result, inputs: [self], pullback: Derivatives.indexSelect(self, axis: a, indices: indices))
    }

    /// Values picked along `axis` by an index tensor, with `torch.gather` semantics: for a 2-D
    /// input and axis 1, `out[i][j] = self[i][indices[i][j]]`. `indices` holds whole numbers
    /// (any dtype), has this tensor's rank, and no larger size than this tensor on other axes.
    public func gather(axis: Int, indices: Tensor) -> Tensor {
        let a = Shape.normalize(axis: axis, rank: rank, operation: "gather", shape: shape)
        check(
            indices.rank == rank,
            "gather: indices of shape \(indices.shape) must have the rank of the input shape \(shape)")
        for d in 0..<rank where d != a {
            check(
                indices.shape[d] <= shape[d],
                "gather: indices of shape \(indices.shape) are larger than the input shape \(shape) on axis \(d)")
        }
        let outShape = indices.shape
        let size = shape[a]
        let positions: [Int] = indices.doubles.map { value in
            check(
                value == value.rounded() && value >= 0 && value < Double(size),
                "gather: index \(value) is out of range for axis \(a) of size \(size) in shape \(shape)")
            return Int(value)
        }
        // Source offset for every output element.
        let inputStrides = Shape.strides(shape)
        let outStrides = Shape.strides(outShape)
        var sources = [Int](repeating: 0, count: positions.count)
        for flat in 0..<positions.count {
            var remainder = flat
            var offset = 0
            for d in 0..<rank {
                let coordinate = remainder / outStrides[d]
                remainder %= outStrides[d]
                offset += (d == a ? positions[flat] : coordinate) * inputStrides[d]
            }
            sources[flat] = offset
        }
        let result: Tensor
        switch storage {
        case .float32(let x): result = Tensor(storage: .float32(sources.map { x[$0] }), shape: outShape)
        case .float64(let x): result = Tensor(storage: .float64(sources.map { x[$0] }), shape: outShape)
        }
        return Tensor.record(result, inputs: [self], pullback: Derivatives.gather(self, sources: sources))
    }

    /// Rows of the identity: shape `[indices.count, classes]`, 1 at each index.
    public static func oneHot(_ indices: [Int], classes: Int, dtype: DType = .float32) -> Tensor {
        check(classes > 0, "oneHot: classes must be positive, got \(classes)")
        var values = [Double](repeating: 0, count: indices.count * classes)
        for (row, index) in indices.enumerated() {
            check(index >= 0 && index < classes, "oneHot: index \(index) is out of range for \(classes) classes")
            values[row * classes + index] = 1
        }
        return Tensor(values: values, shape: [indices.count, classes], dtype: dtype)
    }
}

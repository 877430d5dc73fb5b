/// Reshaping, transposition, broadcasting, squeezing, concatenation and stacking.
extension Tensor {
    /// The same elements with a new shape (one size may be -1, inferred). Shares storage.
    public func reshaped(to newShape: [Int]) -> Tensor {
        let resolved = Shape.resolve(reshape: newShape, count: scalarCount, from: shape)
        if resolved == shape { return self }
        return Tensor.record(Tensor(storage: storage, shape: resolved), inputs: [self], pullback: Derivatives.reshape(self))
    }

    /// All elements as one axis.
    public func flattened() -> Tensor { reshaped(to: [-1]) }

    /// The elements broadcast to `target` (NumPy rules), copied into a contiguous tensor.
    /// The gradient sums back over the broadcast axes.
    public func expanded(to target: [Int]) -> Tensor {
        if target == shape { return self }
        let broadcast = Shape.broadcast(shape, target, operation: "expanded(to:)")
        check(broadcast == target, "expanded(to:): shape \(shape) cannot be broadcast to \(target)")
        return Tensor.record(
            Tensor(storage: expandedStorage(to: target), shape: target), inputs: [self], pullback: Derivatives.expand(self))
    }

    /// Storage broadcast to `target` (which must be a valid broadcast of `shape`).
    func expandedStorage(to target: [Int]) -> TensorStorage {
        switch storage {
        case .float32(let x): return .float32(BroadcastKernel.expand(x, shape, to: target))
        case .float64(let x): return .float64(BroadcastKernel.expand(x, shape, to: target))
        }
    }

    /// Axes reordered: output axis i is input axis `order[i]` (like `torch.permute`).
    public func permuted(_ order: [Int]) -> Tensor {
        check(
            order.count == rank && Set(order.map { $0 < 0 ? $0 + rank : $0 }) == Set(0..<rank),
            "permuted: \(order) is not a permutation of the axes of shape \(shape)")
        let resolved = order.map { $0 < 0 ? $0 + rank : $0 }
        if resolved == Array(0..<rank) { return self }
        let outShape = resolved.map { shape[$0] }
        let result: Tensor
        switch storage {
        case .float32(let x): result = Tensor(storage: .float32(PermuteKernel.permute(x, shape: shape, order: resolved)), shape: outShape)
        case .float64(let x): result = Tensor(storage: .float64(PermuteKernel.permute(x, shape: shape, order: resolved)), shape: outShape)
        }
        return Tensor.record(result, inputs: [self], pullback: Derivatives.permute(resolved))
    }

    /// The transpose: for a matrix, rows and columns swapped; in general, all axes reversed
    /// (NumPy's `.T`).
    public func transposed() -> Tensor { permuted(Array((0..<rank).reversed())) }

    /// Two axes swapped (like `torch.transpose(dim0, dim1)`).
    public func transposed(_ first: Int, _ second: Int) -> Tensor {
        let a = Shape.normalize(axis: first, rank: rank, operation: "transposed", shape: shape)
        let b = Shape.normalize(axis: second, rank: rank, operation: "transposed", shape: shape)
        var order = Array(0..<rank)
        order.swapAt(a, b)
        return permuted(order)
    }

    /// Without the size-1 axis `axis` (or without every size-1 axis when nil).
    public func squeezed(axis: Int? = nil) -> Tensor {
        guard let axis else { return reshaped(to: shape.filter { $0 != 1 }) }
        let resolved = Shape.normalize(axis: axis, rank: rank, operation: "squeezed", shape: shape)
        check(shape[resolved] == 1, "squeezed(axis: \(axis)): axis has size \(shape[resolved]), not 1, in shape \(shape)")
        var newShape = shape
        newShape.remove(at: resolved)
        return reshaped(to: newShape)
    }

    /// With a new size-1 axis inserted at `axis` (negative counts from the end of the result).
    public func unsqueezed(axis: Int) -> Tensor {
        let resolved = Shape.normalize(axis: axis, rank: rank + 1, operation: "unsqueezed", shape: shape)
        var newShape = shape
        newShape.insert(1, at: resolved)
        return reshaped(to: newShape)
    }

    /// Tensors joined along an existing axis; all other sizes must agree.
    public static func concatenate(_ tensors: [Tensor], axis: Int = 0) -> Tensor {
        check(!tensors.isEmpty, "concatenate: no tensors given")
        let first = tensors[0]
        check(first.rank > 0, "concatenate: cannot concatenate scalars (shape [])")
        let resolved = Shape.normalize(axis: axis, rank: first.rank, operation: "concatenate", shape: first.shape)
        let dtype = tensors.contains { $0.dtype == .float64 } ? DType.float64 : .float32
        let parts = tensors.map { $0.converted(to: dtype) }
        for part in parts {
            var expected = first.shape
            var actual = part.shape
            check(actual.count == expected.count, "concatenate: shapes \(first.shape) and \(part.shape) differ in rank")
            expected[resolved] = 0
            actual[resolved] = 0
            check(actual == expected, "concatenate: shapes \(first.shape) and \(part.shape) differ outside axis \(resolved)")
        }
        let sizes = parts.map { $0.shape[resolved] }
        var outShape = first.shape
        outShape[resolved] = sizes.reduce(0, +)
        let outer = Shape.count(Array(first.shape[..<resolved]))
        let inner = Shape.count(Array(first.shape[(resolved + 1)...]))
        func join<S: FloatScalar>(_: S.Type) -> [S] {
            let arrays = parts.map { S.elements(of: $0.storage) }
            var out: [S] = []
            out.reserveCapacity(Shape.count(outShape))
            for o in 0..<outer {
                for (array, size) in zip(arrays, sizes) {
                    out.append(contentsOf: array[(o * size * inner)..<((o + 1) * size * inner)])
                }
            }
            return out
        }
        let storage: TensorStorage = dtype == .float32 ? .float32(join(Float.self)) : .float64(join(Double.self))
        return record(
            Tensor(storage: storage, shape: outShape), inputs: parts, pullback: Derivatives.concatenate(sizes: sizes, axis: resolved))
    }

    /// Tensors of one shape stacked along a new axis.
    public static func stack(_ tensors: [Tensor], axis: Int = 0) -> Tensor {
        check(!tensors.isEmpty, "stack: no tensors given")
        let shape = tensors[0].shape
        for t in tensors {
            check(t.shape == shape, "stack: shapes \(shape) and \(t.shape) differ")
        }
        let resolved = Shape.normalize(axis: axis, rank: shape.count + 1, operation: "stack", shape: shape)
        return concatenate(tensors.map { $0.unsqueezed(axis: resolved) }, axis: resolved)
    }
}

/// Reductions: sum, mean, max, min, variance, logSumExp, argmax and argmin.
extension Tensor {
    /// The shape after reducing `axes` (sorted, non-negative), with or without the kept 1s.
    static func reducedShape(_ shape: [Int], axes: [Int], keepDims: Bool) -> [Int] {
        var result: [Int] = []
        for (axis, size) in shape.enumerated() {
            if axes.contains(axis) {
                if keepDims { result.append(1) }
            } else {
                result.append(size)
            }
        }
        return result
    }

    /// Reduces `axes` one by one (last first) with a kernel; records nothing.
    func reduceElements(_ kind: ReductionKernel.Kind, axes: [Int], keepDims: Bool) -> Tensor {
        var current = storage
        var currentShape = shape
        for axis in axes.reversed() {
            let (outer, n, inner) = ReductionKernel.split(currentShape, axis: axis)
            check(
                n > 0 || kind == .sum,
                "\(kind): cannot take the \(kind) over an empty axis \(axis) of shape \(shape)")
            switch current {
            case .float32(let x): current = .float32(ReductionKernel.reduce(x, outer: outer, n: n, inner: inner, kind))
            case .float64(let x): current = .float64(ReductionKernel.reduce(x, outer: outer, n: n, inner: inner, kind))
            }
            currentShape[axis] = 1
        }
        return Tensor(storage: current, shape: Tensor.reducedShape(shape, axes: axes, keepDims: keepDims))
    }

    /// Sum of all elements, as a scalar tensor.
    public func sum() -> Tensor { sum(axes: nil, keepDims: false) }

    /// Sum along one axis (negative counts from the end).
    public func sum(axis: Int, keepDims: Bool = false) -> Tensor { sum(axes: [axis], keepDims: keepDims) }

    /// Sum along the given axes (all when nil).
    public func sum(axes: [Int]?, keepDims: Bool = false) -> Tensor {
        let resolved = Shape.normalize(axes: axes, rank: rank, operation: "sum", shape: shape)
        let result = reduceElements(.sum, axes: resolved, keepDims: keepDims)
        return Tensor.record(result, inputs: [self], pullback: Derivatives.sum(self, axes: resolved))
    }

    /// Mean of all elements.
    public func mean() -> Tensor { mean(axes: nil, keepDims: false) }

    /// Mean along one axis.
    public func mean(axis: Int, keepDims: Bool = false) -> Tensor { mean(axes: [axis], keepDims: keepDims) }

    /// Mean along the given axes (all when nil).
    public func mean(axes: [Int]?, keepDims: Bool = false) -> Tensor {
        let resolved = Shape.normalize(axes: axes, rank: rank, operation: "mean", shape: shape)
        let n = resolved.reduce(1) { $0 * shape[$1] }
        return sum(axes: resolved, keepDims: keepDims) / Float(n)
    }

    /// Largest element.
    public func max() -> Tensor { extremum(.max, axes: nil, keepDims: false) }
    /// Largest element along one axis; the gradient is shared evenly among tied maxima.
    public func max(axis: Int, keepDims: Bool = false) -> Tensor { extremum(.max, axes: [axis], keepDims: keepDims) }
    /// Largest element along the given axes (all when nil).
    public func max(axes: [Int]?, keepDims: Bool = false) -> Tensor { extremum(.max, axes: axes, keepDims: keepDims) }
    /// Smallest element.
    public func min() -> Tensor { extremum(.min, axes: nil, keepDims: false) }
    /// Smallest element along one axis; the gradient is shared evenly among tied minima.
    public func min(axis: Int, keepDims: Bool = false) -> Tensor { extremum(.min, axes: [axis], keepDims: keepDims) }
    /// Smallest element along the given axes (all when nil).
    public func min(axes: [Int]?, keepDims: Bool = false) -> Tensor { extremum(.min, axes: axes, keepDims: keepDims) }

    private func extremum(_ kind: ReductionKernel.Kind, axes: [Int]?, keepDims: Bool) -> Tensor {
        let name = kind == .max ? "max" : "min"
        let resolved = Shape.normalize(axes: axes, rank: rank, operation: name, shape: shape)
        let kept = reduceElements(kind, axes: resolved, keepDims: true)
        let result = kept.reshaped(to: Tensor.reducedShape(shape, axes: resolved, keepDims: keepDims))
        return Tensor.record(result, inputs: [self], pullback: Derivatives.reducedExtremum(self, kept: kept, axes: resolved))
    }

    /// Variance along the given axes (all when nil): the mean squared deviation, divided by
    /// n - 1 instead of n when `unbiased` (Bessel's correction; PyTorch's default is unbiased).
    public func variance(axes: [Int]? = nil, keepDims: Bool = false, unbiased: Bool = false) -> Tensor {
        let resolved = Shape.normalize(axes: axes, rank: rank, operation: "variance", shape: shape)
        let n = resolved.reduce(1) { $0 * shape[$1] }
        let divisor = unbiased ? n - 1 : n
        check(divisor > 0, "variance: \(n) element(s) along axes \(resolved) of shape \(shape) is too few")
        let deviation = self - mean(axes: resolved, keepDims: true)
        return (deviation * deviation).sum(axes: resolved, keepDims: keepDims) / Float(divisor)
    }

    /// Variance along one axis.
    public func variance(axis: Int, keepDims: Bool = false, unbiased: Bool = false) -> Tensor {
        variance(axes: [axis], keepDims: keepDims, unbiased: unbiased)
    }

    /// log Σ exp(x) along the given axes (all when nil), computed stably by shifting by the max.
    public func logSumExp(axes: [Int]? = nil, keepDims: Bool = false) -> Tensor {
        let resolved = Shape.normalize(axes: axes, rank: rank, operation: "logSumExp", shape: shape)
        // The shift is a constant for differentiation; rows of -inf shift by 0 to avoid inf - inf.
        let shift = noGrad {
            let m = reduceElements(.max, axes: resolved, keepDims: true)
            return Tensor.where(m.isFinite(), m, Tensor(scalar: 0, dtype: dtype))
        }
        let summed = (self - shift).exp().sum(axes: resolved, keepDims: true).log() + shift
        return keepDims ? summed : summed.reshaped(to: Tensor.reducedShape(shape, axes: resolved, keepDims: false))
    }

    /// log Σ exp(x) along one axis.
    public func logSumExp(axis: Int, keepDims: Bool = false) -> Tensor { logSumExp(axes: [axis], keepDims: keepDims) }

    /// Indices of the largest elements along `axis` (the first on ties), as a tensor of whole
    /// numbers in this tensor's dtype. Not differentiable.
    public func argmax(axis: Int, keepDims: Bool = false) -> Tensor { argExtremum(axis: axis, keepDims: keepDims, largest: true) }

    /// Indices of the smallest elements along `axis` (the first on ties). Not differentiable.
    public func argmin(axis: Int, keepDims: Bool = false) -> Tensor { argExtremum(axis: axis, keepDims: keepDims, largest: false) }

    /// Index of the largest element in row-major order.
    public func argmax() -> Int { reshaped(to: [-1]).argIndices(axis: 0, largest: true)[0] }

    /// Index of the smallest element in row-major order.
    public func argmin() -> Int { reshaped(to: [-1]).argIndices(axis: 0, largest: false)[0] }

    /// Indices of the largest elements along `axis`, as Swift integers, row-major over the other axes.
    public func argmaxIndices(axis: Int) -> [Int] { argIndices(axis: axis, largest: true) }

    private func argIndices(axis: Int, largest: Bool) -> [Int] {
        let resolved = Shape.normalize(axis: axis, rank: rank, operation: largest ? "argmax" : "argmin", shape: shape)
        let (outer, n, inner) = ReductionKernel.split(shape, axis: resolved)
        switch storage {
        case .float32(let x): return ReductionKernel.argExtremum(x, outer: outer, n: n, inner: inner, largest: largest)
        case .float64(let x): return ReductionKernel.argExtremum(x, outer: outer, n: n, inner: inner, largest: largest)
        }
    }

    private func argExtremum(axis: Int, keepDims: Bool, largest: Bool) -> Tensor {
        let indices = argIndices(axis: axis, largest: largest)
        let resolved = Shape.normalize(axis: axis, rank: rank, operation: "argmax", shape: shape)
        let outShape = Tensor.reducedShape(shape, axes: [resolved], keepDims: keepDims)
        return Tensor(values: indices.map(Double.init), shape: outShape, dtype: dtype)
    }
}

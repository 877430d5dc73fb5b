/// Comparisons producing masks (1 where true, 0 where false, in the operands' dtype), and
/// selection with `where`. Masks are constants for differentiation.
extension Tensor {
    private func compare(_ other: Tensor, _ function: BinaryFunction, _ name: String) -> Tensor {
        Tensor.broadcastBinary(function, detached(), other.detached(), operation: name)
    }

    /// 1 where `self > other`, else 0 (broadcasting).
    public func greater(_ other: Tensor) -> Tensor { compare(other, .greater, "greater") }
    /// 1 where `self >= other`, else 0 (broadcasting).
    public func greaterEqual(_ other: Tensor) -> Tensor { compare(other, .greaterEqual, "greaterEqual") }
    /// 1 where `self < other`, else 0 (broadcasting).
    public func less(_ other: Tensor) -> Tensor { compare(other, .less, "less") }
    /// 1 where `self <= other`, else 0 (broadcasting).
    public func lessEqual(_ other: Tensor) -> Tensor { compare(other, .lessEqual, "lessEqual") }
    /// 1 where `self == other`, else 0 (broadcasting).
    public func equal(_ other: Tensor) -> Tensor { compare(other, .equal, "equal") }
    /// 1 where `self != other`, else 0 (broadcasting).
    public func notEqual(_ other: Tensor) -> Tensor { compare(other, .notEqual, "notEqual") }

    /// 1 where `self > value`, else 0.
    public func greater(_ value: Float) -> Tensor { greater(scalarLike(value)) }
    /// 1 where `self >= value`, else 0.
    public func greaterEqual(_ value: Float) -> Tensor { greaterEqual(scalarLike(value)) }
    /// 1 where `self < value`, else 0.
    public func less(_ value: Float) -> Tensor { less(scalarLike(value)) }
    /// 1 where `self <= value`, else 0.
    public func lessEqual(_ value: Float) -> Tensor { lessEqual(scalarLike(value)) }
    /// 1 where `self == value`, else 0.
    public func equal(_ value: Float) -> Tensor { equal(scalarLike(value)) }
    /// 1 where `self != value`, else 0.
    public func notEqual(_ value: Float) -> Tensor { notEqual(scalarLike(value)) }

    /// 1 where the element is finite (not infinite, not NaN), else 0.
    public func isFinite() -> Tensor { elementMask { $0.isFinite } }
    /// 1 where the element is NaN, else 0.
    public func isNaN() -> Tensor { elementMask { $0.isNaN } }

    private func elementMask(_ test: (Double) -> Bool) -> Tensor {
        switch storage {
        case .float32(let x): return Tensor(storage: .float32(mapArray(x) { test(Double($0)) ? 1 : 0 }), shape: shape)
        case .float64(let x): return Tensor(storage: .float64(mapArray(x) { test($0) ? 1 : 0 }), shape: shape)
        }
    }

    /// Whether every element is finite.
    public var allFinite: Bool {
        switch storage {
        case .float32(let x): return x.allSatisfy { $0.isFinite }
        case .float64(let x): return x.allSatisfy { $0.isFinite }
        }
    }

    /// Element-wise selection with broadcasting: `a` where `mask` is non-zero, else `b`.
    /// Differentiable in `a` and `b` (each receives the gradient where it was chosen).
    public static func `where`(_ mask: Tensor, _ a: Tensor, _ b: Tensor) -> Tensor {
        let (x, y) = promoted(a, b)
        let abShape = Shape.broadcast(x.shape, y.shape, operation: "where")
        let outShape = Shape.broadcast(mask.shape, abShape, operation: "where")
        let chosen = mask.converted(to: x.dtype).detached().expanded(to: outShape).notEqual(0)
        let result: Tensor
        switch (chosen.storage, x.expandedStorage(to: outShape), y.expandedStorage(to: outShape)) {
        case let (.float32(m), .float32(p), .float32(q)):
            result = Tensor(storage: .float32(zipArrays(m, p, q) { $0 != 0 ? $1 : $2 }), shape: outShape)
        case let (.float64(m), .float64(p), .float64(q)):
            result = Tensor(storage: .float64(zipArrays(m, p, q) { $0 != 0 ? $1 : $2 }), shape: outShape)
        default:
            fatalError("internal: where operands of different dtypes")
        }
        return record(result, inputs: [x, y], pullback: Derivatives.`where`(chosen, x, y))
    }
}

// The pointwise comparison operators are declared by the standard library (for SIMD).
extension Tensor {
    /// Mask of `lhs > rhs`.
    public static func .> (lhs: Tensor, rhs: Tensor) -> Tensor { lhs.greater(rhs) }
    /// Mask of `lhs < rhs`.
    public static func .< (lhs: Tensor, rhs: Tensor) -> Tensor { lhs.less(rhs) }
    /// Mask of `lhs >= rhs`.
    public static func .>= (lhs: Tensor, rhs: Tensor) -> Tensor { lhs.greaterEqual(rhs) }
    /// Mask of `lhs <= rhs`.
    public static func .<= (lhs: Tensor, rhs: Tensor) -> Tensor { lhs.lessEqual(rhs) }
    /// Mask of `lhs == rhs`.
    public static func .== (lhs: Tensor, rhs: Tensor) -> Tensor { lhs.equal(rhs) }
    /// Mask of `lhs != rhs`.
    public static func .!= (lhs: Tensor, rhs: Tensor) -> Tensor { lhs.notEqual(rhs) }
}

/// The elements of a tensor: one contiguous row-major array of `Float` or `Double`.
///
/// Swift arrays are copy-on-write, so tensors that share elements (a reshape, a copy of a struct)
/// share one buffer until one of them writes.
enum TensorStorage {
    case float32([Float])
    case float64([Double])

    var dtype: DType {
        switch self {
        case .float32: return .float32
        case .float64: return .float64
        }
    }

    var count: Int {
        switch self {
        case .float32(let a): return a.count
        case .float64(let a): return a.count
        }
    }

    /// The same values as `dtype` (no copy when it already is).
    func converted(to dtype: DType) -> TensorStorage {
        switch (self, dtype) {
        case (.float32, .float32), (.float64, .float64): return self
        case (.float32(let a), .float64): return .float64(a.map { Double($0) })
        case (.float64(let a), .float32): return .float32(a.map { Float($0) })
        }
    }

    /// Storage of `count` copies of `value`.
    static func repeating(_ value: Double, count: Int, dtype: DType) -> TensorStorage {
        switch dtype {
        case .float32: return .float32([Float](repeating: Float(value), count: count))
        case .float64: return .float64([Double](repeating: value, count: count))
        }
    }

    /// Element `index` as a Double.
    func element(at index: Int) -> Double {
        switch self {
        case .float32(let a): return Double(a[index])
        case .float64(let a): return a[index]
        }
    }
}

/// A new array of `count` elements, filled by `body` through a pointer without first zeroing it.
@inline(__always)
func makeArray<S>(count: Int, _ body: (UnsafeMutablePointer<S>) -> Void) -> [S] {
    [S](unsafeUninitializedCapacity: count) { buffer, initialized in
        if count > 0 { body(buffer.baseAddress!) }
        initialized = count
    }
}

/// `out[i] = f(a[i])` over a whole array, through raw pointers so the loop vectorises.
@inline(__always)
func mapArray<S, R>(_ a: [S], _ f: (S) -> R) -> [R] {
    a.withUnsafeBufferPointer { pa in
        makeArray(count: pa.count) { out in
            for i in 0..<pa.count { out[i] = f(pa[i]) }
        }
    }
}

/// `out[i] = f(a[i], b[i])` over two arrays of equal length.
@inline(__always)
func zipArrays<S, R>(_ a: [S], _ b: [S], _ f: (S, S) -> R) -> [R] {
    check(a.count == b.count, "internal: zipArrays lengths \(a.count) and \(b.count)")
    return a.withUnsafeBufferPointer { pa in
        b.withUnsafeBufferPointer { pb in
            makeArray(count: pa.count) { out in
                for i in 0..<pa.count { out[i] = f(pa[i], pb[i]) }
            }
        }
    }
}

/// `out[i] = f(a[i], b[i], c[i])` over three arrays of equal length.
@inline(__always)
func zipArrays<S, R>(_ a: [S], _ b: [S], _ c: [S], _ f: (S, S, S) -> R) -> [R] {
    check(a.count == b.count && b.count == c.count, "internal: zipArrays lengths differ")
    return a.withUnsafeBufferPointer { pa in
        b.withUnsafeBufferPointer { pb in
            c.withUnsafeBufferPointer { pc in
                makeArray(count: pa.count) { out in
                    for i in 0..<pa.count { out[i] = f(pa[i], pb[i], pc[i]) }
                }
            }
        }
    }
}

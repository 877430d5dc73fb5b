/// Reductions along one axis of a tensor viewed as `[outer, n, inner]` (row-major).
///
/// The order of accumulation is fixed by the shape alone, never by threads or timing, so the same
/// input always gives the same bits.
enum ReductionKernel {
    enum Kind { case sum, max, min }

    static func reduce<S: FloatScalar>(_ x: [S], outer: Int, n: Int, inner: Int, _ kind: Kind) -> [S] {
        switch kind {
        case .sum: return run(x, outer, n, inner, initial: 0, combine: +, rowReduce: sumRow)
        case .max: return run(x, outer, n, inner, initial: -.infinity, combine: maxPropagatingNaN, rowReduce: nil)
        case .min: return run(x, outer, n, inner, initial: .infinity, combine: minPropagatingNaN, rowReduce: nil)
        }
    }

    @inline(__always)
    static func maxPropagatingNaN<S: FloatScalar>(_ a: S, _ b: S) -> S { a.isNaN || a >= b ? a : b }
    @inline(__always)
    static func minPropagatingNaN<S: FloatScalar>(_ a: S, _ b: S) -> S { a.isNaN || a <= b ? a : b }

    @inline(__always)
    private static func run<S: FloatScalar>(
        _ x: [S], _ outer: Int, _ n: Int, _ inner: Int, initial: S,
        combine: (S, S) -> S, rowReduce: ((UnsafePointer<S>, Int) -> S)?
    ) -> [S] {
        x.withUnsafeBufferPointer { px in
            makeArray(count: outer * inner) { out in
                guard let base = px.baseAddress else {
                    for i in 0..<(outer * inner) { out[i] = initial }
                    return
                }
                for o in 0..<outer {
                    let block = base + o * n * inner
                    let target = out + o * inner
                    if inner == 1, let rowReduce {
                        target[0] = rowReduce(block, n)
                        continue
                    }
                    for i in 0..<inner { target[i] = initial }
                    for r in 0..<n {
                        let row = block + r * inner
                        for i in 0..<inner { target[i] = combine(target[i], row[i]) }
                    }
                }
            }
        }
    }

    /// Sum of a contiguous row with eight running partial sums (fixed order), then a fixed tree.
    @inline(__always)
    static func sumRow<S: FloatScalar>(_ row: UnsafePointer<S>, _ n: Int) -> S {
        var lanes = SIMD8<S>()
        let whole = n / 8 * 8
        var i = 0
        while i < whole {
            lanes += UnsafeRawPointer(row + i).loadUnaligned(as: SIMD8<S>.self)
            i += 8
        }
        var total = ((lanes[0] + lanes[4]) + (lanes[1] + lanes[5])) + ((lanes[2] + lanes[6]) + (lanes[3] + lanes[7]))
        while i < n {
            total += row[i]
            i += 1
        }
        return total
    }

    /// Index of the first largest (or smallest) element along the axis; NaN counts as largest
    /// (and smallest), as in NumPy.
    static func argExtremum<S: FloatScalar>(_ x: [S], outer: Int, n: Int, inner: Int, largest: Bool) -> [Int] {
        check(n > 0, "argmax/argmin: the reduced axis is empty")
        var result = [Int](repeating: 0, count: outer * inner)
        x.withUnsafeBufferPointer { px in
            for o in 0..<outer {
                for i in 0..<inner {
                    var best = px[o * n * inner + i]
                    var bestIndex = 0
                    if !best.isNaN {
                        for r in 1..<max(n, 1) {
                            let value = px[(o * n + r) * inner + i]
                            if value.isNaN || (largest ? value > best : value < best) {
                                best = value
                                bestIndex = r
                                if value.isNaN { break }
                            }
                        }
                    }
                    result[o * inner + i] = bestIndex
                }
            }
        }
        return result
    }

    /// The `[outer, n, inner]` view of `shape` around `axis`.
    static func split(_ shape: [Int], axis: Int) -> (outer: Int, n: Int, inner: Int) {
        (Shape.count(Array(shape[..<axis])), shape[axis], Shape.count(Array(shape[(axis + 1)...])))
    }
}

/// Element-wise binary functions the broadcasting kernel knows.
enum BinaryFunction {
    case add, subtract, multiply, divide, minimum, maximum, power
    case greater, greaterEqual, less, lessEqual, equal, notEqual
}

/// Element-wise binary operations with NumPy broadcasting, over contiguous row-major arrays.
enum BroadcastKernel {
    /// `f(a, b)` broadcast to `outShape`; `f` is chosen once, outside the loops.
    static func apply<S: FloatScalar>(
        _ function: BinaryFunction, _ a: [S], _ aShape: [Int], _ b: [S], _ bShape: [Int], outShape: [Int]
    ) -> [S] {
        if let result = flat(function, a, aShape, b, bShape, count: Shape.count(outShape)) { return result }
        if let result = rows(function, a, aShape, b, bShape, outShape: outShape) { return result }
        switch function {
        case .add: return run(a, aShape, b, bShape, outShape) { $0 + $1 }
        case .subtract: return run(a, aShape, b, bShape, outShape) { $0 - $1 }
        case .multiply: return run(a, aShape, b, bShape, outShape) { $0 * $1 }
        case .divide: return run(a, aShape, b, bShape, outShape) { $0 / $1 }
        case .minimum: return run(a, aShape, b, bShape, outShape, minimumPropagatingNaN)
        case .maximum: return run(a, aShape, b, bShape, outShape, maximumPropagatingNaN)
        case .power: return run(a, aShape, b, bShape, outShape) { S.pow($0, $1) }
        case .greater: return run(a, aShape, b, bShape, outShape) { $0 > $1 ? 1 : 0 }
        case .greaterEqual: return run(a, aShape, b, bShape, outShape) { $0 >= $1 ? 1 : 0 }
        case .less: return run(a, aShape, b, bShape, outShape) { $0 < $1 ? 1 : 0 }
        case .lessEqual: return run(a, aShape, b, bShape, outShape) { $0 <= $1 ? 1 : 0 }
        case .equal: return run(a, aShape, b, bShape, outShape) { $0 == $1 ? 1 : 0 }
        case .notEqual: return run(a, aShape, b, bShape, outShape) { $0 != $1 ? 1 : 0 }
        }
    }

    /// The common shapes (equal, or one side a single element) as one flat loop, split across
    /// threads when large; nil for the other shapes.
    static func flat<S: FloatScalar>(
        _ function: BinaryFunction, _ a: [S], _ aShape: [Int], _ b: [S], _ bShape: [Int], count: Int
    ) -> [S]? {
        let strides: (Int, Int)
        if aShape == bShape {
            strides = (1, 1)
        } else if b.count == 1 && a.count == count {
            strides = (1, 0)
        } else if a.count == 1 && b.count == count {
            strides = (0, 1)
        } else {
            return nil
        }
        return a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                makeArray(count: count) { out in
                    forEachChunk(count: count) { range in
                        flatRange(function, pa.baseAddress!, strides.0, pb.baseAddress!, strides.1, out, range)
                    }
                }
            }
        }
    }

    /// A full operand against one whose shape is a suffix of it (a bias `[E]` against `[B, T, E]`):
    /// every row of the full operand meets the whole smaller one. Nil for other shapes.
    static func rows<S: FloatScalar>(
        _ function: BinaryFunction, _ a: [S], _ aShape: [Int], _ b: [S], _ bShape: [Int], outShape: [Int]
    ) -> [S]? {
        let count = Shape.count(outShape)
        let aIsFull = a.count == count && aShape == outShape
        let bIsFull = b.count == count && bShape == outShape
        guard aIsFull != bIsFull else { return nil }
        let (smallShape, small) = aIsFull ? (bShape, b) : (aShape, a)
        let trimmed = Array(smallShape.drop { $0 == 1 })
        guard !trimmed.isEmpty, trimmed == Array(outShape.suffix(trimmed.count)), small.count > 0 else { return nil }
        let inner = small.count
        return a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                makeArray(count: count) { out in
                    for start in stride(from: 0, to: count, by: inner) {
                        let range = start..<(start + inner)
                        if aIsFull {
                            rowRange(function, pa.baseAddress!, pb.baseAddress!, out, range, fullIsLeft: true)
                        } else {
                            rowRange(function, pb.baseAddress!, pa.baseAddress!, out, range, fullIsLeft: false)
                        }
                    }
                }
            }
        }
    }

    /// `out[i] = f(full[i], row[i − start])` (or with the operands swapped) for i in `range`.
    @inline(__always)
    static func rowRange<S: FloatScalar>(
        _ function: BinaryFunction, _ full: UnsafePointer<S>, _ row: UnsafePointer<S>, _ out: UnsafeMutablePointer<S>,
        _ range: Range<Int>, fullIsLeft: Bool
    ) {
        let shifted = row - range.lowerBound
        if fullIsLeft {
            flatRange(function, full, 1, shifted, 1, out, range)
        } else {
            flatRange(function, shifted, 1, full, 1, out, range)
        }
    }

    /// `out[i] = f(a[i·sa], b[i·sb])` for i in `range`, strides 0 or 1; the switch sits outside
    /// the loops so each one is specialised and vectorised.
    static func flatRange<S: FloatScalar>(
        _ function: BinaryFunction, _ a: UnsafePointer<S>, _ sa: Int, _ b: UnsafePointer<S>, _ sb: Int,
        _ out: UnsafeMutablePointer<S>, _ range: Range<Int>
    ) {
        @inline(__always)
        func each(_ f: (S, S) -> S) {
            switch (sa, sb) {
            case (1, 1): for i in range { out[i] = f(a[i], b[i]) }
            case (1, 0): let y = b[0]; for i in range { out[i] = f(a[i], y) }
            default: let x = a[0]; for i in range { out[i] = f(x, b[i]) }
            }
        }
        switch function {
        case .add: each { $0 + $1 }
        case .subtract: each { $0 - $1 }
        case .multiply: each { $0 * $1 }
        case .divide: each { $0 / $1 }
        case .minimum: each(minimumPropagatingNaN)
        case .maximum: each(maximumPropagatingNaN)
        case .power: each { S.pow($0, $1) }
        case .greater: each { $0 > $1 ? 1 : 0 }
        case .greaterEqual: each { $0 >= $1 ? 1 : 0 }
        case .less: each { $0 < $1 ? 1 : 0 }
        case .lessEqual: each { $0 <= $1 ? 1 : 0 }
        case .equal: each { $0 == $1 ? 1 : 0 }
        case .notEqual: each { $0 != $1 ? 1 : 0 }
        }
    }

    /// The smaller operand; NaN wins, as in NumPy and PyTorch.
    @inline(__always)
    static func minimumPropagatingNaN<S: FloatScalar>(_ a: S, _ b: S) -> S { a.isNaN || a < b ? a : (b.isNaN || b < a ? b : a) }
    /// The larger operand; NaN wins, as in NumPy and PyTorch.
    @inline(__always)
    static func maximumPropagatingNaN<S: FloatScalar>(_ a: S, _ b: S) -> S { a.isNaN || a > b ? a : (b.isNaN || b > a ? b : a) }

    /// The general broadcast: an odometer over the outer axes, a flat loop over the last one.
    @inline(__always)
    static func run<S: FloatScalar>(
        _ a: [S], _ aShape: [Int], _ b: [S], _ bShape: [Int], _ outShape: [Int], _ f: (S, S) -> S
    ) -> [S] {
        let count = Shape.count(outShape)
        let aStrides = Shape.broadcastStrides(aShape, to: outShape)
        let bStrides = Shape.broadcastStrides(bShape, to: outShape)
        let rank = outShape.count
        let inner = outShape[rank - 1]
        let innerA = aStrides[rank - 1]
        let innerB = bStrides[rank - 1]
        let outer = inner == 0 ? 0 : count / inner
        return a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                makeArray(count: count) { out in
                    var index = [Int](repeating: 0, count: max(rank - 1, 0))
                    var offsetA = 0
                    var offsetB = 0
                    for row in 0..<outer {
                        let o = out + row * inner
                        let sa = pa.baseAddress! + offsetA
                        let sb = pb.baseAddress! + offsetB
                        switch (innerA, innerB) {
                        case (1, 1): for j in 0..<inner { o[j] = f(sa[j], sb[j]) }
                        case (1, 0): let y = sb[0]; for j in 0..<inner { o[j] = f(sa[j], y) }
                        case (0, 1): let x = sa[0]; for j in 0..<inner { o[j] = f(x, sb[j]) }
                        default: for j in 0..<inner { o[j] = f(sa[j * innerA], sb[j * innerB]) }
                        }
                        // Advance the odometer over the outer axes.
                        var axis = rank - 2
                        while axis >= 0 {
                            index[axis] += 1
                            offsetA += aStrides[axis]
                            offsetB += bStrides[axis]
                            if index[axis] < outShape[axis] { break }
                            offsetA -= aStrides[axis] * outShape[axis]
                            offsetB -= bStrides[axis] * outShape[axis]
                            index[axis] = 0
                            axis -= 1
                        }
                    }
                }
            }
        }
    }

    /// Copies `a` (of `shape`) into a contiguous array of the broadcast `target` shape.
    static func expand<S: FloatScalar>(_ a: [S], _ shape: [Int], to target: [Int]) -> [S] {
        if shape == target { return a }
        if a.count == 1 { return [S](repeating: a[0], count: Shape.count(target)) }
        let zero = [S](repeating: 0, count: 1)
        return run(a, shape, zero, [], target) { x, _ in x }
    }
}

/// Softmax and log-softmax along an axis, fused for speed and numerical stability (the backward
/// is a named exception in ``Derivatives``).
extension Tensor {
    /// e^x / Σ e^x along `axis` (the last by default), computed stably.
    public func softmax(axis: Int = -1) -> Tensor { softmaxFamily(axis: axis, log: false, name: "softmax") }

    /// x - log Σ e^x along `axis` (the last by default), computed stably.
    public func logSoftmax(axis: Int = -1) -> Tensor { softmaxFamily(axis: axis, log: true, name: "logSoftmax") }

    private func softmaxFamily(axis: Int, log: Bool, name: String) -> Tensor {
        let a = Shape.normalize(axis: axis, rank: rank, operation: name, shape: shape)
        let (outer, n, inner) = ReductionKernel.split(shape, axis: a)
        let result = mapStorage(
            { SoftmaxKernel.forward($0, outer: outer, n: n, inner: inner, log: log) },
            { SoftmaxKernel.forward($0, outer: outer, n: n, inner: inner, log: log) })
        return Tensor.record(
            result, inputs: [self], pullback: Derivatives.softmax(output: result, outer: outer, n: n, inner: inner, log: log))
    }
}

/// Softmax kernels over a `[outer, n, inner]` view, normalising along `n`.
enum SoftmaxKernel {
    static func forward<S: FloatScalar>(_ x: [S], outer: Int, n: Int, inner: Int, log: Bool) -> [S] {
        if inner == 1 { return forwardRows(x, rows: outer, n: n, log: log) }
        var out = x
        out.withUnsafeMutableBufferPointer { buffer in
            guard let y = buffer.baseAddress else { return }
            var row = [S](repeating: 0, count: n)
            for o in 0..<outer {
                for i in 0..<inner {
                    let base = o * n * inner + i
                    var largest = -S.infinity
                    for r in 0..<n { largest = Swift.max(largest, y[base + r * inner]) }
                    if !largest.isFinite { largest = largest.isNaN ? largest : 0 }
                    for r in 0..<n { row[r] = y[base + r * inner] - largest }
                    row.withUnsafeMutableBufferPointer { shifted in
                        S.vectorExp(UnsafeBufferPointer(shifted), shifted.baseAddress!)
                    }
                    var total: S = 0
                    for r in 0..<n { total += row[r] }
                    if log {
                        let logTotal = S.log(total)
                        for r in 0..<n { y[base + r * inner] = y[base + r * inner] - largest - logTotal }
                    } else {
                        let scale = 1 / total
                        for r in 0..<n { y[base + r * inner] = row[r] * scale }
                    }
                }
            }
        }
        return out
    }

    /// Normalising along contiguous rows (the last axis): one scratch row, vectorised exp.
    static func forwardRows<S: FloatScalar>(_ x: [S], rows: Int, n: Int, log: Bool) -> [S] {
        guard n > 0 else { return x }
        let scratch = UnsafeMutablePointer<S>.allocate(capacity: n)
        defer { scratch.deallocate() }
        return x.withUnsafeBufferPointer { px in
            makeArray(count: rows * n) { out in
                for row in 0..<rows {
                    let source = px.baseAddress! + row * n
                    let target = out + row * n
                    var largest = -S.infinity
                    for r in 0..<n { largest = Swift.max(largest, source[r]) }
                    if !largest.isFinite { largest = largest.isNaN ? largest : 0 }
                    for r in 0..<n { scratch[r] = source[r] - largest }
                    S.vectorExp(UnsafeBufferPointer(start: scratch, count: n), log ? scratch : target)
                    var total: S = 0
                    for r in 0..<n { total += log ? scratch[r] : target[r] }
                    if log {
                        // Two subtractions: folding largest + log(total) into one would round
                        // away digits when the largest logit is big.
                        let logTotal = S.log(total)
                        for r in 0..<n { target[r] = (source[r] - largest) - logTotal }
                    } else {
                        let scale = 1 / total
                        for r in 0..<n { target[r] *= scale }
                    }
                }
            }
        }
    }

    /// Softmax: dx = y ⊙ (g - Σ g⊙y). Log-softmax: dx = g - e^y ⊙ Σ g.
    static func backward<S: FloatScalar>(upstream g: [S], output y: [S], outer: Int, n: Int, inner: Int, log: Bool) -> [S] {
        if inner == 1 { return backwardRows(upstream: g, output: y, rows: outer, n: n, log: log) }
        var dx = g
        dx.withUnsafeMutableBufferPointer { buffer in
            guard let d = buffer.baseAddress else { return }
            for o in 0..<outer {
                for i in 0..<inner {
                    let base = o * n * inner + i
                    var total: S = 0
                    for r in 0..<n {
                        let k = base + r * inner
                        total += log ? g[k] : g[k] * y[k]
                    }
                    for r in 0..<n {
                        let k = base + r * inner
                        d[k] = log ? g[k] - S.exp(y[k]) * total : y[k] * (g[k] - total)
                    }
                }
            }
        }
        return dx
    }

    /// ``backward(upstream:output:outer:n:inner:log:)`` along contiguous rows.
    static func backwardRows<S: FloatScalar>(upstream g: [S], output y: [S], rows: Int, n: Int, log: Bool) -> [S] {
        guard n > 0 else { return g }
        let probabilities = log ? UnsafeMutablePointer<S>.allocate(capacity: n) : nil
        defer { probabilities?.deallocate() }
        return g.withUnsafeBufferPointer { pg in
            y.withUnsafeBufferPointer { py in
                makeArray(count: rows * n) { out in
                    for row in 0..<rows {
                        let gr = pg.baseAddress! + row * n
                        let yr = py.baseAddress! + row * n
                        let target = out + row * n
                        var total: S = 0
                        if let probabilities {
                            for r in 0..<n { total += gr[r] }
                            S.vectorExp(UnsafeBufferPointer(start: yr, count: n), probabilities)
                            for r in 0..<n { target[r] = gr[r] - probabilities[r] * total }
                        } else {
                            for r in 0..<n { total += gr[r] * yr[r] }
                            for r in 0..<n { target[r] = yr[r] * (gr[r] - total) }
                        }
                    }
                }
            }
        }
    }
}

/// Element-wise functions of one tensor.
enum UnaryFunction {
    case negate, exp, log, sqrt, abs, sign, relu, tanh, sigmoid, softplus, gelu, geluTanh
    case leakyRelu(slope: Double)
    case clamp(min: Double, max: Double)
}

enum UnaryKernel {
    /// √(2/π) and the cubic coefficient of GELU's tanh approximation (Hendrycks & Gimpel 2016).
    static let geluTanhScale = 0.7978845608028654
    static let geluTanhCubic = 0.044715

    /// `function` of every element; large arrays are split across threads.
    static func apply<S: FloatScalar>(_ function: UnaryFunction, _ x: [S]) -> [S] {
        x.withUnsafeBufferPointer { input in
            makeArray(count: input.count) { out in
                forEachChunk(count: input.count) { range in
                    applyRange(function, input.baseAddress!, out, range)
                }
            }
        }
    }

    /// `out[i] = function(x[i])` for i in `range`. The switch sits outside the loops so each loop
    /// is specialised and vectorised.
    static func applyRange<S: FloatScalar>(
        _ function: UnaryFunction, _ x: UnsafePointer<S>, _ out: UnsafeMutablePointer<S>, _ range: Range<Int>
    ) {
        @inline(__always)
        func each(_ f: (S) -> S) { for i in range { out[i] = f(x[i]) } }
        let slice = UnsafeBufferPointer(start: x + range.lowerBound, count: range.count)
        let target = out + range.lowerBound
        switch function {
        case .negate: each { -$0 }
        case .exp: S.vectorExp(slice, target)
        case .tanh: S.vectorTanh(slice, target)
        case .sigmoid: S.vectorSigmoid(slice, target)
        case .log: each { S.log($0) }
        case .sqrt: each { $0.squareRoot() }
        case .abs: each { Swift.abs($0) }
        case .sign: each { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }
        case .relu: each { $0 > 0 ? $0 : 0 }
        case .leakyRelu(let slope):
            let s = S(slope)
            each { $0 > 0 ? $0 : $0 * s }
        case .softplus:
            // log(1 + e^x) = max(x, 0) + log1p(e^-|x|): no overflow for large x.
            each { Swift.max($0, 0) + S.log1p(S.exp(-Swift.abs($0))) }
        case .gelu: S.vectorGELU(slice, target)
        case .geluTanh:
            let (c, k) = (S(geluTanhScale), S(geluTanhCubic))
            each { v in 0.5 * v * (1 + S.tanh(c * (v + k * v * v * v))) }
        case .clamp(let low, let high):
            let (lo, hi) = (S(low), S(high))
            each { $0.isNaN ? $0 : Swift.min(Swift.max($0, lo), hi) }
        }
    }
}

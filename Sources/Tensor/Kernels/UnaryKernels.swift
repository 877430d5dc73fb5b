/// Element-wise functions of one tensor.
enum UnaryFunction {
    case negate, exp, log, sqrt, abs, sign, relu, tanh, sigmoid, softplus, gelu, geluTanh
    case leakyRelu(slope: Double)
    case clamp(min: Double, max: Double)
}

/// Derivatives of the unary functions: `upstream * f'(x)`, fused in one pass. `saved` is the
/// input for some functions and the output for others (cheaper: tanh' = 1 - y²).
enum UnaryDerivative {
    case exp, log, sqrt, tanh, sigmoid, softplus, relu, gelu, geluTanh
    case leakyRelu(slope: Double)
    case clamp(min: Double, max: Double)

    /// Whether `saved` must be the function's output (otherwise its input).
    var usesOutput: Bool {
        switch self {
        case .exp, .sqrt, .tanh, .sigmoid: return true
        default: return false
        }
    }
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

    static func derivative<S: FloatScalar>(_ function: UnaryDerivative, upstream g: [S], saved: [S]) -> [S] {
        switch function {
        case .exp: return zipArrays(g, saved) { g, y in g * y }
        case .log: return zipArrays(g, saved) { g, x in g / x }
        case .sqrt: return zipArrays(g, saved) { g, y in g * 0.5 / y }
        case .tanh: return zipArrays(g, saved) { g, y in g * (1 - y * y) }
        case .sigmoid: return zipArrays(g, saved) { g, y in g * y * (1 - y) }
        case .softplus: return zipArrays(g, saved) { g, x in g / (1 + S.exp(-x)) }
        case .relu: return zipArrays(g, saved) { g, x in x > 0 ? g : 0 }
        case .leakyRelu(let slope):
            let s = S(slope)
            return zipArrays(g, saved) { g, x in x > 0 ? g : g * s }
        case .clamp(let low, let high):
            let (lo, hi) = (S(low), S(high))
            return zipArrays(g, saved) { g, x in x >= lo && x <= hi ? g : 0 }
        case .gelu:
            // d/dx x·Φ(x) = Φ(x) + x·φ(x).
            return g.withUnsafeBufferPointer { pg in
                saved.withUnsafeBufferPointer { px in
                    makeArray(count: pg.count) { S.vectorGELUDerivative(pg.baseAddress!, px.baseAddress!, $0, count: pg.count) }
                }
            }
        case .geluTanh:
            let (c, k) = (S(geluTanhScale), S(geluTanhCubic))
            return zipArrays(g, saved) { g, x in
                let t = S.tanh(c * (x + k * x * x * x))
                let inner = c * (1 + 3 * k * x * x)
                return g * (0.5 * (1 + t) + 0.5 * x * (1 - t * t) * inner)
            }
        }
    }
}

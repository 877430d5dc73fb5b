#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The element types a tensor can hold (`Float` and `Double`), with the math the kernels need.
///
/// Kernels are written once, generic over this protocol, and specialised by the compiler for
/// both types inside the module; `Float` overrides the vector kernels with SIMD versions.
protocol FloatScalar: BinaryFloatingPoint, SIMDScalar, Sendable, Codable, CustomStringConvertible
where RawSignificand: FixedWidthInteger {
    static var dtype: DType { get }
    /// Wraps an array of this type as tensor storage.
    static func storage(_ elements: [Self]) -> TensorStorage
    /// Extracts the array of this type from storage (converting when it holds the other type).
    static func elements(of storage: TensorStorage) -> [Self]

    static func exp(_ x: Self) -> Self
    static func log(_ x: Self) -> Self
    static func log1p(_ x: Self) -> Self
    static func tanh(_ x: Self) -> Self
    static func erf(_ x: Self) -> Self
    static func pow(_ x: Self, _ y: Self) -> Self

    /// `C = op(A)·op(B)` through BLAS (`sgemm`/`dgemm`), row-major; `op` transposes when asked.
    /// A is `m×k` (stored `k×m` when transposed), B is `k×n` (stored `n×k` when transposed).
    static func blasGEMM(
        _ a: UnsafePointer<Self>, _ b: UnsafePointer<Self>, _ c: UnsafeMutablePointer<Self>,
        m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool)

    /// `out[i] = exp(input[i])`, vectorised where the type allows.
    static func vectorExp(_ input: UnsafeBufferPointer<Self>, _ out: UnsafeMutablePointer<Self>)
    /// `out[i] = tanh(input[i])`, vectorised where the type allows.
    static func vectorTanh(_ input: UnsafeBufferPointer<Self>, _ out: UnsafeMutablePointer<Self>)
    /// `out[i] = 1 / (1 + exp(-input[i]))`, vectorised where the type allows.
    static func vectorSigmoid(_ input: UnsafeBufferPointer<Self>, _ out: UnsafeMutablePointer<Self>)
    /// `out[i] = gelu(input[i])` (exact form), vectorised where the type allows.
    static func vectorGELU(_ input: UnsafeBufferPointer<Self>, _ out: UnsafeMutablePointer<Self>)
    /// `out[i] = g[i]·gelu'(x[i])`, vectorised where the type allows.
    static func vectorGELUDerivative(_ g: UnsafePointer<Self>, _ x: UnsafePointer<Self>, _ out: UnsafeMutablePointer<Self>, count: Int)
}

extension FloatScalar {
    static func vectorExp(_ input: UnsafeBufferPointer<Self>, _ out: UnsafeMutablePointer<Self>) {
        for i in input.indices { out[i] = exp(input[i]) }
    }
    static func vectorTanh(_ input: UnsafeBufferPointer<Self>, _ out: UnsafeMutablePointer<Self>) {
        for i in input.indices { out[i] = tanh(input[i]) }
    }
    static func vectorSigmoid(_ input: UnsafeBufferPointer<Self>, _ out: UnsafeMutablePointer<Self>) {
        for i in input.indices { out[i] = 1 / (1 + exp(-input[i])) }
    }
    static func vectorGELU(_ input: UnsafeBufferPointer<Self>, _ out: UnsafeMutablePointer<Self>) {
        let inverseRoot2 = Self(0.7071067811865476)
        for i in input.indices { out[i] = input[i] * 0.5 * (1 + erf(input[i] * inverseRoot2)) }
    }
    static func vectorGELUDerivative(_ g: UnsafePointer<Self>, _ x: UnsafePointer<Self>, _ out: UnsafeMutablePointer<Self>, count: Int) {
        let inverseRoot2 = Self(0.7071067811865476)
        let inverseRoot2Pi = Self(0.3989422804014327)
        for i in 0..<count {
            let cdf = 0.5 * (1 + erf(x[i] * inverseRoot2))
            let pdf = inverseRoot2Pi * exp(-0.5 * x[i] * x[i])
            out[i] = g[i] * (cdf + x[i] * pdf)
        }
    }
}

extension Float: FloatScalar {
    static var dtype: DType { .float32 }
    static func storage(_ elements: [Float]) -> TensorStorage { .float32(elements) }
    static func elements(of storage: TensorStorage) -> [Float] {
        switch storage {
        case .float32(let a): return a
        case .float64(let a): return a.map { Float($0) }
        }
    }
    static func exp(_ x: Float) -> Float { expf(x) }
    static func log(_ x: Float) -> Float { logf(x) }
    static func log1p(_ x: Float) -> Float { log1pf(x) }
    static func tanh(_ x: Float) -> Float { tanhf(x) }
    static func erf(_ x: Float) -> Float { erff(x) }
    static func pow(_ x: Float, _ y: Float) -> Float { powf(x, y) }

    static func vectorExp(_ input: UnsafeBufferPointer<Float>, _ out: UnsafeMutablePointer<Float>) {
        VectorMath.exp(input, out)
    }
    static func vectorTanh(_ input: UnsafeBufferPointer<Float>, _ out: UnsafeMutablePointer<Float>) {
        VectorMath.tanh(input, out)
    }
    static func vectorSigmoid(_ input: UnsafeBufferPointer<Float>, _ out: UnsafeMutablePointer<Float>) {
        VectorMath.sigmoid(input, out)
    }
    static func vectorGELU(_ input: UnsafeBufferPointer<Float>, _ out: UnsafeMutablePointer<Float>) {
        VectorMath.gelu(input, out)
    }
    static func vectorGELUDerivative(_ g: UnsafePointer<Float>, _ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, count: Int) {
        VectorMath.geluDerivative(g, x, out, count: count)
    }
}

extension Double: FloatScalar {
    static var dtype: DType { .float64 }
    static func storage(_ elements: [Double]) -> TensorStorage { .float64(elements) }
    static func elements(of storage: TensorStorage) -> [Double] {
        switch storage {
        case .float32(let a): return a.map { Double($0) }
        case .float64(let a): return a
        }
    }
    static func exp(_ x: Double) -> Double { libmExp(x) }
    static func log(_ x: Double) -> Double { libmLog(x) }
    static func log1p(_ x: Double) -> Double { libmLog1p(x) }
    static func tanh(_ x: Double) -> Double { libmTanh(x) }
    static func erf(_ x: Double) -> Double { libmErf(x) }
    static func pow(_ x: Double, _ y: Double) -> Double { libmPow(x, y) }
}

// The C library's double-precision functions, named so the static members above can call them.
private func libmExp(_ x: Double) -> Double { exp(x) }
private func libmLog(_ x: Double) -> Double { log(x) }
private func libmLog1p(_ x: Double) -> Double { log1p(x) }
private func libmTanh(_ x: Double) -> Double { tanh(x) }
private func libmErf(_ x: Double) -> Double { erf(x) }
private func libmPow(_ x: Double, _ y: Double) -> Double { pow(x, y) }

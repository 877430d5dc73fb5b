import CBLAS

/// Matrix products: OpenBLAS for everything but tiny sizes, where the call overhead of BLAS
/// dominates and a plain Swift loop is faster.
enum GEMM {
    /// Products with at most this many multiply-adds (m·n·k) use the Swift kernel.
    static let smallProductLimit = 48 * 48 * 48

    /// `C = op(A)·op(B)`, row-major, `C` is `m×n` and overwritten.
    static func multiply<S: FloatScalar>(
        _ a: UnsafePointer<S>, _ b: UnsafePointer<S>, _ c: UnsafeMutablePointer<S>,
        m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool
    ) {
        if m == 0 || n == 0 { return }
        if k == 0 {
            c.update(repeating: 0, count: m * n)
            return
        }
        if m * n * k <= smallProductLimit || !BLASRuntime.isUsable {
            swiftMultiply(a, b, c, m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB)
        } else {
            S.blasGEMM(a, b, c, m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB)
        }
    }

    /// The Swift kernel: row i of C accumulates `A[i, p] · B[p, :]`, so the inner loop runs over
    /// contiguous memory and vectorises. Transposed operands are first copied upright (cheap at
    /// the sizes this kernel sees).
    static func swiftMultiply<S: FloatScalar>(
        _ a: UnsafePointer<S>, _ b: UnsafePointer<S>, _ c: UnsafeMutablePointer<S>,
        m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool
    ) {
        let uprightB: [S]? = transposeB ? PermuteKernel.transpose2D(Array(UnsafeBufferPointer(start: b, count: n * k)), rows: n, columns: k) : nil
        let uprightA: [S]? = transposeA ? PermuteKernel.transpose2D(Array(UnsafeBufferPointer(start: a, count: m * k)), rows: k, columns: m) : nil
        func run(_ pa: UnsafePointer<S>, _ pb: UnsafePointer<S>) {
            for i in 0..<m {
                let row = c + i * n
                row.update(repeating: 0, count: n)
                let aRow = pa + i * k
                for p in 0..<k {
                    let scale = aRow[p]
                    let bRow = pb + p * n
                    for j in 0..<n { row[j] += scale * bRow[j] }
                }
            }
        }
        switch (uprightA, uprightB) {
        case (nil, nil): run(a, b)
        case let (nil, bb?): bb.withUnsafeBufferPointer { run(a, $0.baseAddress!) }
        case let (aa?, nil): aa.withUnsafeBufferPointer { run($0.baseAddress!, b) }
        case let (aa?, bb?): aa.withUnsafeBufferPointer { pa in bb.withUnsafeBufferPointer { run(pa.baseAddress!, $0.baseAddress!) } }
        }
    }
}

extension Float {
    static func blasGEMM(
        _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ c: UnsafeMutablePointer<Float>,
        m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool
    ) {
        cblas_sgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            blasInt(m), blasInt(n), blasInt(k), 1, a, blasInt(transposeA ? m : k), b, blasInt(transposeB ? k : n),
            0, c, blasInt(n))
    }
}

extension Double {
    static func blasGEMM(
        _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ c: UnsafeMutablePointer<Double>,
        m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool
    ) {
        cblas_dgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            blasInt(m), blasInt(n), blasInt(k), 1, a, blasInt(transposeA ? m : k), b, blasInt(transposeB ? k : n),
            0, c, blasInt(n))
    }
}

/// BLAS takes 32-bit sizes; a larger dimension is a programmer error, not a silent wrap.
@inline(__always)
func blasInt(_ value: Int) -> Int32 {
    precondition(value <= Int(Int32.max), "matmul: dimension \(value) exceeds what BLAS accepts (\(Int32.max))")
    return Int32(value)
}

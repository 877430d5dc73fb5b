import CBLAS

/// Matrix products: OpenBLAS for everything but tiny sizes, where the call overhead of BLAS
/// dominates and a plain Swift loop is faster.
enum GEMM {
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
        if m * n * k <= TensorRuntime.swiftMatmulLimit || !BLASRuntime.isUsable {
            swiftMultiply(a, b, c, m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB)
        } else {
            S.blasGEMM(a, b, c, m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB)
        }
    }

    /// The Swift kernel for small products. Columns of C in whole groups of 16 come from a
    /// register-tiled loop over upright B, which reads A in either layout; the remaining narrow
    /// columns are dot products of A's rows with Bᵀ's rows, both contiguous (copied so when they
    /// arrive otherwise: cheap at these sizes).
    ///
    /// A transposed A with few columns of C (a weight gradient `gᵀ·x` of a layer with few
    /// inputs) is computed as Cᵀ = Bᵀ·A, whose columns tile, and Cᵀ (small) is transposed back:
    /// copying A upright would cost as much as the product.
    static func swiftMultiply<S: FloatScalar>(
        _ a: UnsafePointer<S>, _ b: UnsafePointer<S>, _ c: UnsafeMutablePointer<S>,
        m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool
    ) {
        if m == 0 || n == 0 { return }
        if transposeA && !transposeB && n < 16 && m >= 16 {
            let transposedC = UnsafeMutablePointer<S>.allocate(capacity: m * n)
            defer { transposedC.deallocate() }
            swiftMultiply(b, a, transposedC, m: n, n: m, k: k, transposeA: true, transposeB: false)
            PermuteKernel.transpose2D(UnsafePointer(transposedC), rows: n, columns: m, into: c)
            return
        }
        let tiledColumns = n / 16 * 16
        // Where A's element (i, p) lies: upright A is m×k, transposed A arrives as Aᵀ (k×m).
        let (rowStride, columnStride) = transposeA ? (1, m) : (k, 1)
        let dotted = transposeB && m < 8 ? 0 : tiledColumns
        if dotted > 0 {
            if transposeB {
                // B arrives as Bᵀ (n×k): tile over an upright copy; for a few rows of A the copy
                // would cost more than it saves, so those dot everything.
                let uprightB = PermuteKernel.transpose2D(b, rows: n, columns: k)
                defer { uprightB.deallocate() }
                tiledMultiply(a, rowStride: rowStride, columnStride: columnStride, uprightB, c, m: m, n: n, k: k, columns: dotted)
            } else {
                tiledMultiply(a, rowStride: rowStride, columnStride: columnStride, b, c, m: m, n: n, k: k, columns: dotted)
            }
        }
        if dotted == n { return }
        let uprightA = transposeA ? PermuteKernel.transpose2D(a, rows: k, columns: m) : nil
        defer { uprightA?.deallocate() }
        let rowsOfA = UnsafePointer(uprightA) ?? a
        if transposeB {
            dotMultiply(rowsOfA, b, c, m: m, columns: dotted..<n, n: n, k: k)
            return
        }
        // Bᵀ restricted to the remaining columns: (n - dotted) rows of length k.
        let remaining = n - dotted
        let transposedTail = UnsafeMutablePointer<S>.allocate(capacity: remaining * k)
        defer { transposedTail.deallocate() }
        for p in 0..<k {
            for j in 0..<remaining { transposedTail[j * k + p] = b[p * n + dotted + j] }
        }
        dotMultiply(rowsOfA, transposedTail - dotted * k, c, m: m, columns: dotted..<n, n: n, k: k)
    }

    /// `C[i, j] = Σ_p A[i, p]·Bᵀ[j, p]` for j in `columns`, with A (m×k) and Bᵀ (·×k) row-major.
    /// Sixteen running partial sums, then a fixed reduction tree: the order never varies.
    static func dotMultiply<S: FloatScalar>(
        _ a: UnsafePointer<S>, _ bTransposed: UnsafePointer<S>, _ c: UnsafeMutablePointer<S>,
        m: Int, columns: Range<Int>, n: Int, k: Int
    ) {
        typealias Lanes = SIMD16<S>
        let vectorLength = k / 16 * 16
        for i in 0..<m {
            let row = a + i * k
            for j in columns {
                let other = bTransposed + j * k
                var lanes = Lanes()
                var p = 0
                while p < vectorLength {
                    lanes += UnsafeRawPointer(row + p).loadUnaligned(as: Lanes.self)
                        * UnsafeRawPointer(other + p).loadUnaligned(as: Lanes.self)
                    p += 16
                }
                let half = lanes.lowHalf + lanes.highHalf
                let quarter = half.lowHalf + half.highHalf
                let eighth = quarter.lowHalf + quarter.highHalf
                var total = eighth[0] + eighth[1]
                while p < k {
                    total += row[p] * other[p]
                    p += 1
                }
                c[i * n + j] = total
            }
        }
    }

    /// Columns `0..<columns` (a multiple of 16) of `C = A·B`, for row-major B (k×n) and C (m×n),
    /// 4 rows × 16 columns at a time. A's element (i, p) is `a[i·rowStride + p·columnStride]`:
    /// upright A is `(k, 1)`, A stored transposed `(1, m)`.
    static func tiledMultiply<S: FloatScalar>(
        _ a: UnsafePointer<S>, rowStride: Int, columnStride: Int, _ b: UnsafePointer<S>, _ c: UnsafeMutablePointer<S>,
        m: Int, n: Int, k: Int, columns: Int
    ) {
        typealias Lanes = SIMD16<S>
        @inline(__always) func load(_ p: UnsafePointer<S>) -> Lanes { UnsafeRawPointer(p).loadUnaligned(as: Lanes.self) }
        @inline(__always) func store(_ v: Lanes, _ p: UnsafeMutablePointer<S>) {
            UnsafeMutableRawPointer(p).storeBytes(of: v, as: Lanes.self)
        }
        let vectorColumns = columns
        var i = 0
        while i < m {
            let rows = Swift.min(4, m - i)
            let a0 = a + i * rowStride
            var j = 0
            while j < vectorColumns {
                if rows == 4 {
                    var c0 = Lanes(), c1 = Lanes(), c2 = Lanes(), c3 = Lanes()
                    let (a1, a2, a3) = (a0 + rowStride, a0 + 2 * rowStride, a0 + 3 * rowStride)
                    for p in 0..<k {
                        let row = load(b + p * n + j)
                        let q = p * columnStride
                        c0 += a0[q] * row
                        c1 += a1[q] * row
                        c2 += a2[q] * row
                        c3 += a3[q] * row
                    }
                    store(c0, c + i * n + j)
                    store(c1, c + (i + 1) * n + j)
                    store(c2, c + (i + 2) * n + j)
                    store(c3, c + (i + 3) * n + j)
                } else {
                    for r in 0..<rows {
                        var acc = Lanes()
                        let ar = a0 + r * rowStride
                        for p in 0..<k { acc += ar[p * columnStride] * load(b + p * n + j) }
                        store(acc, c + (i + r) * n + j)
                    }
                }
                j += 16
            }
            i += rows
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
    check(value <= Int(Int32.max), "matmul: dimension \(value) exceeds what BLAS accepts (\(Int32.max))")
    return Int32(value)
}

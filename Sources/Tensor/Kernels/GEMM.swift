import CBLAS
import CFrontierSystem

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
        // B arriving as Bᵀ (n×k) is tiled over an upright copy, except for a few rows of A, where
        // the copy would cost more than it saves and the rows dot Bᵀ's rows directly; unless
        // those rows are shorter than a vector (a layer with few inputs): then the copy is as
        // small as the output, and dot products of a few elements do not vectorise.
        let dotted = transposeB && m < 8 && k >= 16 ? 0 : tiledColumns
        if dotted > 0 {
            if transposeB {
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
    /// Four columns at a time share each load of A's row; each of their sums runs in sixteen
    /// lanes, and the four are reduced together into one four-lane vector (halves added, then
    /// neighbouring lanes twice), with fewer shuffles than four separate reductions. The rest of
    /// the columns go one by one. The trees are fixed: the order of additions never varies.
    static func dotMultiply<S: FloatScalar>(
        _ a: UnsafePointer<S>, _ bTransposed: UnsafePointer<S>, _ c: UnsafeMutablePointer<S>,
        m: Int, columns: Range<Int>, n: Int, k: Int
    ) {
        typealias Lanes = SIMD16<S>
        /// The sixteen lanes' sum of each of `s0…s3`, in that order.
        @inline(__always) func reduce(_ s0: Lanes, _ s1: Lanes, _ s2: Lanes, _ s3: Lanes) -> SIMD4<S> {
            let s01 = Lanes(lowHalf: s0.lowHalf + s0.highHalf, highHalf: s1.lowHalf + s1.highHalf)
            let s23 = Lanes(lowHalf: s2.lowHalf + s2.highHalf, highHalf: s3.lowHalf + s3.highHalf)
            let quarters = Lanes(lowHalf: s01.evenHalf, highHalf: s23.evenHalf) + Lanes(lowHalf: s01.oddHalf, highHalf: s23.oddHalf)
            let pairs = quarters.evenHalf + quarters.oddHalf
            return pairs.evenHalf + pairs.oddHalf
        }
        let vectorLength = k / 16 * 16
        let groupEnd = columns.lowerBound + columns.count / 4 * 4
        for i in 0..<m {
            let row = a + i * k
            var j = columns.lowerBound
            while j < groupEnd {
                let b0 = bTransposed + j * k
                let (b1, b2, b3) = (b0 + k, b0 + 2 * k, b0 + 3 * k)
                var s0 = Lanes(), s1 = Lanes(), s2 = Lanes(), s3 = Lanes()
                var p = 0
                while p < vectorLength {
                    let x = load(row + p)
                    accumulate(&s0, x, load(b0 + p))
                    accumulate(&s1, x, load(b1 + p))
                    accumulate(&s2, x, load(b2 + p))
                    accumulate(&s3, x, load(b3 + p))
                    p += 16
                }
                var totals = reduce(s0, s1, s2, s3)
                while p < k {
                    totals += row[p] * SIMD4(b0[p], b1[p], b2[p], b3[p])
                    p += 1
                }
                let out = c + i * n + j
                out[0] = totals[0]
                out[1] = totals[1]
                out[2] = totals[2]
                out[3] = totals[3]
                j += 4
            }
            while j < columns.upperBound {
                let other = bTransposed + j * k
                var lanes = Lanes()
                var p = 0
                while p < vectorLength {
                    accumulate(&lanes, load(row + p), load(other + p))
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
                j += 1
            }
        }
    }

    /// Columns `0..<columns` (a multiple of 16) of `C = A·B`, for row-major B (k×n) and C (m×n),
    /// 8 rows × 16 columns at a time (then 4, then one by one). A's element (i, p) is
    /// `a[i·rowStride + p·columnStride]`: upright A is `(k, 1)`, A stored transposed `(1, m)`.
    ///
    /// Eight rows keep eight independent sums in flight: each sum waits on its previous
    /// multiply-add (four cycles), so four sums leave half of the two FMA units idle. Where the
    /// target has FMA each step is one fused multiply-add.
    static func tiledMultiply<S: FloatScalar>(
        _ a: UnsafePointer<S>, rowStride: Int, columnStride: Int, _ b: UnsafePointer<S>, _ c: UnsafeMutablePointer<S>,
        m: Int, n: Int, k: Int, columns: Int
    ) {
        typealias Lanes = SIMD16<S>
        let vectorColumns = columns
        var i = 0
        while i < m {
            let rows = m - i >= 8 ? 8 : Swift.min(4, m - i)
            let a0 = a + i * rowStride
            var j = 0
            while j < vectorColumns {
                if rows == 8 {
                    var c0 = Lanes(), c1 = Lanes(), c2 = Lanes(), c3 = Lanes()
                    var c4 = Lanes(), c5 = Lanes(), c6 = Lanes(), c7 = Lanes()
                    let (a1, a2, a3) = (a0 + rowStride, a0 + 2 * rowStride, a0 + 3 * rowStride)
                    let (a4, a5, a6, a7) = (a0 + 4 * rowStride, a0 + 5 * rowStride, a0 + 6 * rowStride, a0 + 7 * rowStride)
                    // Running offsets, not p·n and p·columnStride: those multiplications are
                    // overflow-checked in every step.
                    var bRow = b + j
                    var q = 0
                    for _ in 0..<k {
                        let row = load(bRow)
                        accumulate(&c0, a0[q], row)
                        accumulate(&c1, a1[q], row)
                        accumulate(&c2, a2[q], row)
                        accumulate(&c3, a3[q], row)
                        accumulate(&c4, a4[q], row)
                        accumulate(&c5, a5[q], row)
                        accumulate(&c6, a6[q], row)
                        accumulate(&c7, a7[q], row)
                        bRow += n
                        q &+= columnStride
                    }
                    let c0Row = c + i * n + j
                    store(c0, c0Row)
                    store(c1, c0Row + n)
                    store(c2, c0Row + 2 * n)
                    store(c3, c0Row + 3 * n)
                    store(c4, c0Row + 4 * n)
                    store(c5, c0Row + 5 * n)
                    store(c6, c0Row + 6 * n)
                    store(c7, c0Row + 7 * n)
                } else if rows == 4 {
                    var c0 = Lanes(), c1 = Lanes(), c2 = Lanes(), c3 = Lanes()
                    let (a1, a2, a3) = (a0 + rowStride, a0 + 2 * rowStride, a0 + 3 * rowStride)
                    for p in 0..<k {
                        let row = load(b + p * n + j)
                        let q = p * columnStride
                        accumulate(&c0, a0[q], row)
                        accumulate(&c1, a1[q], row)
                        accumulate(&c2, a2[q], row)
                        accumulate(&c3, a3[q], row)
                    }
                    store(c0, c + i * n + j)
                    store(c1, c + (i + 1) * n + j)
                    store(c2, c + (i + 2) * n + j)
                    store(c3, c + (i + 3) * n + j)
                } else {
                    for r in 0..<rows {
                        var acc = Lanes()
                        let ar = a0 + r * rowStride
                        for p in 0..<k { accumulate(&acc, ar[p * columnStride], load(b + p * n + j)) }
                        store(acc, c + (i + r) * n + j)
                    }
                }
                j += 16
            }
            i += rows
        }
    }

    /// Sixteen lanes from `p`, which need not be aligned.
    @inline(__always)
    static func load<S: FloatScalar>(_ p: UnsafePointer<S>) -> SIMD16<S> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD16<S>.self)
    }

    /// Writes sixteen lanes to `p`, which need not be aligned.
    @inline(__always)
    static func store<S: FloatScalar>(_ v: SIMD16<S>, _ p: UnsafeMutablePointer<S>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD16<S>.self)
    }

    /// `sum += x·y`, fused where the target has FMA (elsewhere a fused add would call libm per lane).
    @inline(__always)
    static func accumulate<S: FloatScalar>(_ sum: inout SIMD16<S>, _ x: SIMD16<S>, _ y: SIMD16<S>) {
        if FRONTIER_TARGET_HAS_FMA != 0 { sum.addProduct(x, y) } else { sum += x * y }
    }

    /// `sum += x·y` for a scalar `x`, fused where the target has FMA.
    @inline(__always)
    static func accumulate<S: FloatScalar>(_ sum: inout SIMD16<S>, _ x: S, _ y: SIMD16<S>) {
        if FRONTIER_TARGET_HAS_FMA != 0 { sum.addProduct(x, y) } else { sum += x * y }
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

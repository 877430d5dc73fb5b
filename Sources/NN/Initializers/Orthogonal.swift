import Tensor

extension Initializer {
    /// A (semi-)orthogonal matrix scaled by `gain`, as `torch.nn.init.orthogonal_` (Saxe et al.
    /// 2013): with `rows = shape[0]` and `columns` the product of the other axes, draw a
    /// `rows × columns` standard normal matrix `A` (row-major, from `generator`), take the QR
    /// decomposition of `A` (of `Aᵀ` when `rows < columns`), multiply each column of `Q` by the
    /// sign of `R`'s diagonal entry (so the result is Haar-distributed, Mezzadri 2007), transpose
    /// back if needed and multiply by `gain`; trailing axes are then restored.
    ///
    /// The result `W` (as `rows × columns`) has orthonormal columns scaled by `gain`
    /// (`WᵀW = gain²·I`) when `rows ≥ columns`, orthonormal rows (`WWᵀ = gain²·I`) otherwise.
    /// The QR is computed here in Double with Householder reflections.
    ///
    /// - Precondition: `shape` has at least two axes.
    public static func orthogonal(
        _ shape: [Int], gain: Double = 1, dtype: DType = .float32, using generator: inout PhiloxGenerator
    ) -> Tensor {
        check(shape.count >= 2, "Initializer.orthogonal: shape \(shape) has fewer than 2 axes")
        let count = shape.reduce(1, *)
        if count == 0 { return Tensor.zeros(shape, dtype: dtype) }
        let rows = shape[0]
        let columns = count / rows
        let gaussian = (0..<count).map { _ in generator.nextNormal() }
        var q: [Double]
        if rows >= columns {
            q = HouseholderQR.orthonormalFactor(gaussian, rows: rows, columns: columns)
        } else {
            let tall = HouseholderQR.orthonormalFactor(
                HouseholderQR.transpose(gaussian, rows: rows, columns: columns), rows: columns, columns: rows)
            q = HouseholderQR.transpose(tall, rows: columns, columns: rows)
        }
        for i in q.indices { q[i] *= gain }
        return Tensor(shape: shape, doubles: q).converted(to: dtype)
    }
}

/// QR decomposition by Householder reflections (Golub & Van Loan, *Matrix Computations*, §5.2),
/// for the orthogonal initialiser. Matrices are row-major `[Double]`.
enum HouseholderQR {
    /// The thin `Q` (`rows × columns`, `rows ≥ columns`) of `matrix = Q·R`, with each column
    /// multiplied by the sign of `R`'s diagonal entry, so that `R` has a non-negative diagonal
    /// (which makes `Q` unique for a full-rank matrix, whatever the algorithm).
    static func orthonormalFactor(_ matrix: [Double], rows: Int, columns: Int) -> [Double] {
        check(rows >= columns, "internal: HouseholderQR needs rows \(rows) >= columns \(columns)")
        var a = matrix
        // reflectors[k] is the unit vector v (over rows k..<rows) of H_k = I - 2vvᵀ; empty when
        // the column below the diagonal is already zero (H_k = I).
        var reflectors: [[Double]] = []
        var diagonalSigns = [Double](repeating: 1, count: columns)
        for k in 0..<columns {
            var norm = 0.0
            for i in k..<rows { norm += a[i * columns + k] * a[i * columns + k] }
            norm = norm.squareRoot()
            if norm == 0 {
                reflectors.append([])
                continue
            }
            // Reflect x onto -sign(x₀)·‖x‖·e₁: adding, not subtracting, avoids cancellation.
            let diagonal = a[k * columns + k] > 0 ? -norm : norm
            var v = (k..<rows).map { a[$0 * columns + k] }
            v[0] -= diagonal
            let length = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            for i in v.indices { v[i] /= length }
            applyReflector(v, from: k, to: &a, columns: columns, firstColumn: k)
            diagonalSigns[k] = diagonal < 0 ? -1 : 1
            reflectors.append(v)
        }
        // Q = H₀·H₁·…·H_{n-1} applied to the first `columns` columns of the identity.
        var q = [Double](repeating: 0, count: rows * columns)
        for j in 0..<columns { q[j * columns + j] = 1 }
        for k in stride(from: columns - 1, through: 0, by: -1) where !reflectors[k].isEmpty {
            applyReflector(reflectors[k], from: k, to: &q, columns: columns, firstColumn: 0)
        }
        for i in 0..<rows {
            for j in 0..<columns { q[i * columns + j] *= diagonalSigns[j] }
        }
        return q
    }

    /// `matrix[start..., firstColumn...] -= 2v(vᵀ·matrix[start..., firstColumn...])`.
    private static func applyReflector(_ v: [Double], from start: Int, to matrix: inout [Double], columns: Int, firstColumn: Int) {
        for j in firstColumn..<columns {
            var dot = 0.0
            for i in v.indices { dot += v[i] * matrix[(start + i) * columns + j] }
            let scale = 2 * dot
            for i in v.indices { matrix[(start + i) * columns + j] -= scale * v[i] }
        }
    }

    /// The transpose of a row-major `rows × columns` matrix.
    static func transpose(_ matrix: [Double], rows: Int, columns: Int) -> [Double] {
        var result = [Double](repeating: 0, count: matrix.count)
        for i in 0..<rows {
            for j in 0..<columns { result[j * rows + i] = matrix[i * columns + j] }
        }
        return result
    }
}

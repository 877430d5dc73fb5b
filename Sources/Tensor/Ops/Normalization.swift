/// Layer normalisation as one operation (Ba, Kiros & Hinton 2016): fewer passes and graph nodes
/// than composing mean, variance, subtraction and division.
extension Tensor {
    /// `(x − mean) / √(variance + ε)` over the last `trailingAxes` axes (biased variance, as
    /// PyTorch's `layer_norm`), without the affine part.
    public func layerNormalized(trailingAxes: Int = 1, epsilon: Double = 1e-5) -> Tensor {
        check(trailingAxes >= 1 && trailingAxes <= rank,
                     "layerNormalized: trailingAxes \(trailingAxes) is out of range for shape \(shape)")
        check(epsilon >= 0, "layerNormalized: epsilon \(epsilon) is negative")
        let n = Shape.count(Array(shape.suffix(trailingAxes)))
        check(n > 0, "layerNormalized: the normalised axes of shape \(shape) are empty")
        let rows = scalarCount / n
        var inverseDeviations: TensorStorage = .float32([])
        let normalized: Tensor
        switch storage {
        case .float32(let x):
            let (y, r) = NormalizationKernel.forward(x, rows: rows, n: n, epsilon: Float(epsilon))
            normalized = Tensor(storage: .float32(y), shape: shape)
            inverseDeviations = .float32(r)
        case .float64(let x):
            let (y, r) = NormalizationKernel.forward(x, rows: rows, n: n, epsilon: epsilon)
            normalized = Tensor(storage: .float64(y), shape: shape)
            inverseDeviations = .float64(r)
        }
        return Tensor.record(
            normalized, inputs: [self],
            pullback: Derivatives.layerNorm(output: normalized, inverseDeviations: inverseDeviations, rows: rows, n: n))
    }
}

/// Row-wise normalisation kernels over contiguous rows of length `n`.
enum NormalizationKernel {
    /// The normalised rows and each row's 1/σ.
    static func forward<S: FloatScalar>(_ x: [S], rows: Int, n: Int, epsilon: S) -> ([S], [S]) {
        var inverse = [S](repeating: 0, count: rows)
        let y: [S] = x.withUnsafeBufferPointer { px in
            makeArray(count: rows * n) { (out: UnsafeMutablePointer<S>) in
                for row in 0..<rows {
                    let source = px.baseAddress! + row * n
                    let target = out + row * n
                    let mean = ReductionKernel.sumRow(source, n) / S(n)
                    var squares: S = 0
                    for i in 0..<n {
                        let d = source[i] - mean
                        squares += d * d
                    }
                    let r = 1 / (squares / S(n) + epsilon).squareRoot()
                    inverse[row] = r
                    for i in 0..<n { target[i] = (source[i] - mean) * r }
                }
            }
        }
        return (y, inverse)
    }

    /// dx = (1/σ)·(g − mean(g) − x̂·mean(g·x̂)) per row.
    static func backward<S: FloatScalar>(_ g: [S], _ y: [S], _ inverse: [S], rows: Int, n: Int) -> [S] {
        g.withUnsafeBufferPointer { pg in
            y.withUnsafeBufferPointer { py in
                makeArray(count: rows * n) { out in
                    for row in 0..<rows {
                        let gr = pg.baseAddress! + row * n
                        let yr = py.baseAddress! + row * n
                        var sumG: S = 0
                        var sumGY: S = 0
                        for i in 0..<n {
                            sumG += gr[i]
                            sumGY += gr[i] * yr[i]
                        }
                        let (meanG, meanGY, r) = (sumG / S(n), sumGY / S(n), inverse[row])
                        let target = out + row * n
                        for i in 0..<n { target[i] = r * (gr[i] - meanG - yr[i] * meanGY) }
                    }
                }
            }
        }
    }
}

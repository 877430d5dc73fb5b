import Tensor

extension Module {
    /// Scales all gradients so that their global L2 norm is at most `maxNorm` (PyTorch's
    /// `clip_grad_norm_`: the factor is maxNorm / (norm + 1e-6), applied only when below 1).
    ///
    /// - Returns: the global norm before clipping (infinite or NaN when a gradient is; such
    ///   gradients are left unscaled so the caller can see and skip the step).
    @discardableResult
    public func clipGradientNorm(maxNorm: Double) -> Double {
        check(maxNorm > 0, "clipGradientNorm: maxNorm must be positive, got \(maxNorm)")
        var squares = 0.0
        for (_, parameter) in namedParameters {
            guard let gradient = parameter.grad else { continue }
            for value in gradient.doubles { squares += value * value }
        }
        let norm = squares.squareRoot()
        guard norm.isFinite else { return norm }
        let factor = maxNorm / (norm + 1e-6)
        if factor < 1 {
            noGrad {
                for (_, parameter) in namedParameters {
                    if let gradient = parameter.grad { parameter.grad = gradient * Tensor(scalar: factor, dtype: gradient.dtype) }
                }
            }
        }
        return norm
    }
}

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
        // Read in place: this runs after every backward pass, and converting each gradient to
        // [Double] cost more than the sum itself on small networks.
        var squares = 0.0
        forEachParameter { parameter in
            guard let gradient = parameter.grad else { return }
            switch gradient.dtype {
            case .float32: squares += sumOfSquares(gradient.scalars)
            case .float64: squares += sumOfSquares(gradient.doubles)
            }
        }
        let norm = squares.squareRoot()
        guard norm.isFinite else { return norm }
        let factor = maxNorm / (norm + 1e-6)
        if factor < 1 {
            forEachParameter { parameter in
                guard var gradient = parameter.grad else { return }
                // Detach the gradient from the parameter first so that its elements are held
                // once and scale in place; the product rounds as `gradient * factor` did.
                parameter.grad = nil
                switch gradient.dtype {
                case .float32:
                    let scale = Float(factor)
                    gradient.updateScalars { for i in $0.indices { $0[i] *= scale } }
                case .float64:
                    gradient.updateDoubles { for i in $0.indices { $0[i] *= factor } }
                }
                parameter.grad = gradient
            }
        }
        return norm
    }
}

/// Σx² in Double, four running sums (the order is fixed, so the result is too).
private func sumOfSquares<S: BinaryFloatingPoint>(_ values: [S]) -> Double {
    values.withUnsafeBufferPointer { p in
        var sums = SIMD4<Double>()
        let whole = p.count / 4 * 4
        var i = 0
        while i < whole {
            let v = SIMD4<Double>(Double(p[i]), Double(p[i + 1]), Double(p[i + 2]), Double(p[i + 3]))
            sums += v * v
            i += 4
        }
        var total = sums.sum()
        while i < p.count {
            let v = Double(p[i])
            total += v * v
            i += 1
        }
        return total
    }
}

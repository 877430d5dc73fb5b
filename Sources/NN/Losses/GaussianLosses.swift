#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Tensor

/// Losses for a predicted Gaussian `N(mean, variance)`: negative log-likelihood and CRPS.
extension Loss {
    /// Gaussian negative log-likelihood, PyTorch's `torch.nn.functional.gaussian_nll_loss`:
    ///
    ///     ½·(log max(variance, ε) + (mean - target)² / max(variance, ε))  [+ ½·log 2π when full]
    ///
    /// per element, then reduced. As in PyTorch, the clamp at `ε` changes only the value: the
    /// gradient flows to `variance` as if it were not clamped.
    ///
    /// - Parameters:
    ///   - mean: the predicted means (PyTorch's `input`).
    ///   - variance: the predicted variances, non-negative: the shape of `mean`, or (one shared
    ///     variance, PyTorch's homoscedastic case) that shape without its last axis, or with size 1
    ///     on exactly one axis.
    ///   - target: the observations, the shape of `mean`.
    ///   - epsilon: the clamp `ε` (PyTorch's `eps`, 1e-6).
    ///   - full: whether to add the constant `½·log 2π`.
    /// - Precondition: shapes as above; no variance is negative.
    public static func gaussianNegativeLogLikelihood(
        mean: Tensor, variance: Tensor, target: Tensor, epsilon: Double = 1e-6, full: Bool = false,
        reduction: Reduction = .mean
    ) -> Tensor {
        requireSameShape("gaussianNegativeLogLikelihood", "mean", mean, "target", target)
        var spread = variance
        if variance.shape != mean.shape {
            let mismatched = zip(mean.shape, variance.shape).filter { $0 != $1 }
            if mean.rank >= 1 && variance.shape == Array(mean.shape.dropLast()) {
                spread = variance.unsqueezed(axis: -1)
            } else if !(variance.rank == mean.rank && mismatched.count == 1 && mismatched[0].1 == 1) {
                fatalError(
                    "gaussianNegativeLogLikelihood: variance shape \(variance.shape) does not fit mean shape \(mean.shape)")
            }
        }
        check(
            !variance.doubles.contains { $0 < 0 }, "gaussianNegativeLogLikelihood: variance has a negative element")
        // PyTorch clamps a clone under no_grad: add the clamp's offset as a constant.
        let fixed = spread.detached()
        let clamped = spread + (fixed.clamped(min: epsilon) - fixed)
        var losses = constant(0.5, like: clamped) * (clamped.log() + (mean - target).squared() / clamped)
        if full {
            losses = losses + constant(0.5 * log(2 * Double.pi), like: losses)
        }
        return reduce(losses, reduction)
    }

    /// The continuous ranked probability score of a Gaussian forecast `N(μ, σ²)` for an
    /// observation `y`, in closed form (Gneiting, Raftery, Westveld & Goldman 2005, eq. 5):
    ///
    ///     CRPS = σ·[z·(2Φ(z) - 1) + 2φ(z) - 1/√π],   z = (y - μ)/σ
    ///
    /// per element, then reduced; `Φ` and `φ` are the standard normal CDF and density. Lower is
    /// better; in units of `y`. The gradients are exact: `∂/∂μ = 1 - 2Φ(z)`,
    /// `∂/∂σ = 2φ(z) - 1/√π`.
    ///
    /// - Precondition: the three tensors have one shape; every `σ > 0`.
    public static func gaussianCRPS(
        mean: Tensor, standardDeviation: Tensor, target: Tensor, reduction: Reduction = .mean
    ) -> Tensor {
        requireSameShape("gaussianCRPS", "mean", mean, "standardDeviation", standardDeviation)
        requireSameShape("gaussianCRPS", "mean", mean, "target", target)
        check(
            standardDeviation.doubles.allSatisfy { $0 > 0 }, "gaussianCRPS: standardDeviation has an element that is not positive")
        let z = (target - mean) / standardDeviation
        let cdf = standardNormalCDF(z)
        let density = standardNormalDensity(z)
        let bracket = z * (constant(2, like: cdf) * cdf - constant(1, like: cdf))
            + constant(2, like: density) * density - constant(1 / Double.pi.squareRoot(), like: density)
        return reduce(standardDeviation * bracket, reduction)
    }

    /// The standard normal density `φ(z) = e^(-z²/2) / √(2π)`.
    static func standardNormalDensity(_ z: Tensor) -> Tensor {
        (constant(-0.5, like: z) * z.squared()).exp() * constant(1 / (2 * Double.pi).squareRoot(), like: z)
    }

    /// The standard normal CDF `Φ(z) = ½·erfc(-z/√2)`, differentiable with derivative `φ(z)`.
    ///
    /// Tensor has no `erf` op, so the value comes from libm's `erfc` (accurate to the last bits,
    /// also in the tails) and the gradient from a term that is zero in value and has slope `φ(z)`:
    /// `Φ(z₀) + φ(z₀)·(z - z₀)` with `z₀` the detached values. First derivatives are exact;
    /// second derivatives through this function are not (the autodiff has none).
    static func standardNormalCDF(_ z: Tensor) -> Tensor {
        let values = z.detached()
        let cdf = Tensor(shape: z.shape, doubles: values.doubles.map { 0.5 * erfc(-$0 / 2.0.squareRoot()) })
            .converted(to: z.dtype)
        return cdf + standardNormalDensity(values) * (z - values)
    }
}

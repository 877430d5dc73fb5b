import Foundation

/// Student's t distribution through the regularized incomplete beta function:
/// P(|T| > t) = I_x(ν/2, 1/2) with x = ν / (ν + t²) (Abramowitz & Stegun 26.7.1 / 26.5.27).
public enum StudentT {
    /// P(T ≤ t) for `degreesOfFreedom` ν > 0.
    public static func cdf(_ t: Double, degreesOfFreedom: Double) -> Double {
        let tail = upperTail(abs(t), degreesOfFreedom: degreesOfFreedom)
        return t >= 0 ? 1 - tail : tail
    }

    /// P(T > t), computed without cancellation for large t (the p-value of a one-sided test).
    public static func upperTail(_ t: Double, degreesOfFreedom nu: Double) -> Double {
        // Outside the domain the answer is NaN, for the caller to refuse: never a trap.
        guard nu > 0, nu.isFinite, !t.isNaN else { return .nan }
        if t == .infinity { return 0 }
        if t == -.infinity { return 1 }
        let twoSided = BetaDistribution.cdf(nu / (nu + t * t), alpha: nu / 2, beta: 0.5)
        return t >= 0 ? 0.5 * twoSided : 1 - 0.5 * twoSided
    }

    /// The t with P(T ≤ t) = `p`, for p in (0, 1); NaN outside it.
    public static func quantile(_ p: Double, degreesOfFreedom: Double) -> Double {
        guard p > 0, p < 1 else { return .nan }
        if p == 0.5 { return 0 }
        return p > 0.5
            ? upperQuantile(tailProbability: 1 - p, degreesOfFreedom: degreesOfFreedom)
            : -upperQuantile(tailProbability: p, degreesOfFreedom: degreesOfFreedom)
    }

    /// The t with P(T > t) = `tailProbability`; the critical value of a one-sided test at that level.
    public static func upperQuantile(tailProbability q: Double, degreesOfFreedom nu: Double) -> Double {
        guard nu > 0, nu.isFinite, q > 0, q < 1 else { return .nan }
        if q == 0.5 { return 0 }
        if q > 0.5 { return -upperQuantile(tailProbability: 1 - q, degreesOfFreedom: nu) }
        let twoSided = 2 * q
        if twoSided < 0.5 {
            // x = ν/(ν+t²) is small here, so t = sqrt(ν(1−x)/x) keeps its precision.
            let x = BetaDistribution.quantile(twoSided, alpha: nu / 2, beta: 0.5)
            return (nu * (1 - x) / x).squareRoot()
        }
        // Near the centre x is close to 1; solve for y = 1 − x = t²/(ν+t²) instead, using
        // I_y(1/2, ν/2) = 1 − I_x(ν/2, 1/2).
        let y = BetaDistribution.quantile(1 - twoSided, alpha: 0.5, beta: nu / 2)
        return (nu * y / (1 - y)).squareRoot()
    }
}

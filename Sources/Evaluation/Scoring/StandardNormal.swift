import Foundation

/// The standard normal distribution: cumulative distribution, upper tail and quantile.
///
/// The quantile starts from Abramowitz & Stegun 26.2.23 (error below 4.5e-4) and is polished by
/// Newton steps on the upper tail computed with `erfc`, which keeps full relative precision far
/// into the tails (where 1 − Φ(z) would cancel).
public enum StandardNormal {
    /// Φ(z), the probability that a standard normal variable is at most `z`.
    public static func cdf(_ z: Double) -> Double {
        0.5 * erfc(-z / 2.0.squareRoot())
    }

    /// 1 − Φ(z), computed without cancellation.
    public static func upperTail(_ z: Double) -> Double {
        0.5 * erfc(z / 2.0.squareRoot())
    }

    /// The density φ(z).
    public static func density(_ z: Double) -> Double {
        exp(-0.5 * z * z) / (2 * Double.pi).squareRoot()
    }

    /// The z with Φ(z) = `p`, for p in (0, 1); NaN outside it.
    public static func quantile(_ p: Double) -> Double {
        guard p > 0, p < 1 else { return .nan }
        if p == 0.5 { return 0 }
        return p > 0.5 ? upperQuantile(tailProbability: 1 - p) : -upperQuantile(tailProbability: p)
    }

    /// The z with 1 − Φ(z) = `tailProbability`; precise for tiny tails, where `quantile(1 − q)`
    /// would first round 1 − q.
    public static func upperQuantile(tailProbability q: Double) -> Double {
        guard q > 0, q < 1 else { return .nan }
        if q == 0.5 { return 0 }
        if q > 0.5 { return -upperQuantile(tailProbability: 1 - q) }
        // Abramowitz & Stegun 26.2.23, valid for q ≤ 0.5.
        let t = (-2 * log(q)).squareRoot()
        let numerator = 2.515517 + t * (0.802853 + t * 0.010328)
        let denominator = 1 + t * (1.432788 + t * (0.189269 + t * 0.001308))
        var z = t - numerator / denominator
        // Newton on Q(z) − q: Q' = −φ, so z ← z + (Q(z) − q) / φ(z); four steps reach double precision.
        for _ in 0..<4 {
            let density = density(z)
            guard density > 0 else { break }
            let step = (upperTail(z) - q) / density
            z += step
            if abs(step) <= 1e-15 * max(1, abs(z)) { break }
        }
        return z
    }
}

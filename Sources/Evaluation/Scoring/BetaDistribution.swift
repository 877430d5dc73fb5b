import Foundation

/// The Beta distribution's cumulative distribution (the regularized incomplete beta function
/// I_x(a, b)) and its inverse, for the Jeffreys interval and the Student-t distribution.
///
/// The function follows Numerical Recipes (Press et al., 3rd ed., §6.4): a continued fraction
/// evaluated with the modified Lentz method, used directly below the mean and through the symmetry
/// I_x(a, b) = 1 − I_{1−x}(b, a) above it, where the fraction converges fastest. The inverse is a
/// Newton iteration kept inside a shrinking bracket, falling back to bisection whenever a Newton
/// step would leave it, so it always converges.
public enum BetaDistribution {
    /// I_x(a, b): the probability that a Beta(a, b) variable is at most `x`.
    ///
    /// NaN when `a` or `b` is not positive and finite or `x` lies outside [0, 1]: scores from
    /// strangers' files reach here, so a bad value gives a NaN the caller can refuse, never a trap.
    public static func cdf(_ x: Double, alpha a: Double, beta b: Double) -> Double {
        guard a > 0, b > 0, a.isFinite, b.isFinite, x >= 0, x <= 1 else { return .nan }
        if x == 0 { return 0 }
        if x == 1 { return 1 }
        let logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x)
        let front = exp(logFront)
        // The continued fraction converges quickly only for x below (a + 1) / (a + b + 2).
        if x < (a + 1) / (a + b + 2) {
            return front * continuedFraction(x, a, b) / a
        }
        return 1 - front * continuedFraction(1 - x, b, a) / b
    }

    /// The x with I_x(a, b) = `p`: the `p` quantile of Beta(a, b). Returns 0 for p = 0 and 1 for
    /// p = 1, and NaN for parameters outside their domain (as ``cdf(_:alpha:beta:)``).
    public static func quantile(_ p: Double, alpha a: Double, beta b: Double) -> Double {
        guard a > 0, b > 0, a.isFinite, b.isFinite, p >= 0, p <= 1 else { return .nan }
        if p == 0 { return 0 }
        if p == 1 { return 1 }
        let logBeta = lgamma(a) + lgamma(b) - lgamma(a + b)
        var lower = 0.0
        var upper = 1.0
        var x = a / (a + b)
        for _ in 0..<400 {
            let difference = cdf(x, alpha: a, beta: b) - p
            if difference == 0 { return x }
            if difference < 0 { lower = x } else { upper = x }
            let logDensity = (a - 1) * log(x) + (b - 1) * log1p(-x) - logBeta
            let density = exp(logDensity)
            var next = x - difference / density
            // A Newton step that leaves the bracket (flat density, far tail) is replaced by bisection.
            if !(density > 0) || !next.isFinite || next <= lower || next >= upper {
                next = 0.5 * (lower + upper)
            }
            if abs(next - x) <= 4 * x.ulp || upper - lower <= 4 * lower.ulp { return next }
            x = next
        }
        return x
    }

    /// The continued fraction of I_x(a, b) (Numerical Recipes' `betacf`), by modified Lentz.
    private static func continuedFraction(_ x: Double, _ a: Double, _ b: Double) -> Double {
        let tiny = 1e-300
        let sum = a + b
        let aPlusOne = a + 1
        let aMinusOne = a - 1
        var c = 1.0
        var d = 1 - sum * x / aPlusOne
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var result = d
        // Convergence takes about sqrt(max(a, b)) terms; the cap covers a million tasks.
        for m in 1...100_000 {
            let m = Double(m)
            let twoM = 2 * m
            // Even step of the recurrence.
            var term = m * (b - m) * x / ((aMinusOne + twoM) * (a + twoM))
            d = 1 + term * d
            if abs(d) < tiny { d = tiny }
            c = 1 + term / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            result *= d * c
            // Odd step.
            term = -(a + m) * (sum + m) * x / ((a + twoM) * (aPlusOne + twoM))
            d = 1 + term * d
            if abs(d) < tiny { d = tiny }
            c = 1 + term / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let change = d * c
            result *= change
            if abs(change - 1) < 1e-16 { break }
        }
        return result
    }
}

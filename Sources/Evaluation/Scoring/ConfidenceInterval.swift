import Foundation

/// A two-sided confidence interval for a mean score in [0, 1].
public struct ConfidenceInterval: Sendable, Equatable, Codable {
    /// The lower end.
    public var lower: Double
    /// The upper end.
    public var upper: Double

    /// An interval from its two ends.
    public init(lower: Double, upper: Double) {
        self.lower = lower
        self.upper = upper
    }

    /// The Jeffreys interval for a binomial proportion: the equal-tailed interval of the
    /// Beta(k + ½, n − k + ½) posterior, with the lower end 0 when k = 0 and the upper end 1 when
    /// k = n (Brown, Cai & DasGupta 2001, "Interval estimation for a binomial proportion").
    ///
    /// `successes` may be fractional: an environment known only by its mean score p over n tasks
    /// uses k = p·n, which is conservative because a score in [0, 1] with mean p has variance at
    /// most p(1 − p), the pass/fail variance.
    ///
    /// Without a trial, with successes outside 0...trials or a confidence outside (0, 1), nothing
    /// is known: the interval is [0, 1] (counts come from strangers' tables; they must not trap).
    public static func jeffreys(successes: Double, trials: Int, confidence: Double) -> ConfidenceInterval {
        guard trials > 0, successes >= 0, successes <= Double(trials), confidence > 0, confidence < 1 else {
            return ConfidenceInterval(lower: 0, upper: 1)
        }
        let tail = (1 - confidence) / 2
        let a = successes + 0.5
        let b = Double(trials) - successes + 0.5
        let lower = successes == 0 ? 0 : BetaDistribution.quantile(tail, alpha: a, beta: b)
        let upper = successes == Double(trials) ? 1 : BetaDistribution.quantile(1 - tail, alpha: a, beta: b)
        return ConfidenceInterval(lower: lower, upper: upper)
    }

    /// The Student-t interval mean ± t(1 − α/2, n − 1)·s/√n for continuous scores, cut to [0, 1]
    /// (the scores cannot leave it). With fewer than two finite scores, or a confidence outside
    /// (0, 1), nothing is known: [0, 1].
    public static func studentT(scores: [Double], confidence: Double) -> ConfidenceInterval {
        let count = scores.count
        guard count >= 2, confidence > 0, confidence < 1, scores.allSatisfy(\.isFinite) else { return ConfidenceInterval(lower: 0, upper: 1) }
        let mean = scores.reduce(0, +) / Double(count)
        let squares = scores.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        let standardError = (squares / Double(count - 1) / Double(count)).squareRoot()
        let critical = StudentT.upperQuantile(tailProbability: (1 - confidence) / 2, degreesOfFreedom: Double(count - 1))
        return ConfidenceInterval(lower: max(0, mean - critical * standardError),
                                  upper: min(1, mean + critical * standardError))
    }
}

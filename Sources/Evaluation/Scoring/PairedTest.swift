/// A one-sided paired test of "the later miner is not better by more than `margin`":
/// H0: mean(d) ≤ δ against H1: mean(d) > δ, with d_i = later_i − earlier_i over the tasks both
/// completed and statistic T = (mean(d) − δ) / (sd(d) / √n).
public struct PairedTest: Sendable, Equatable, Codable {
    /// The reference distribution of T under H0.
    public enum Distribution: String, Sendable, Codable {
        /// Standard normal (a z-test); fine for hundreds of tasks.
        case normal
        /// Student-t with n − 1 degrees of freedom; exact for normal differences, safer for few tasks.
        case studentT
    }

    /// δ, the margin the later miner must beat (0.02 in the statistical rule, 0 for a plain test).
    public var margin: Double
    /// The reference distribution.
    public var distribution: Distribution

    /// A test with the given margin and distribution.
    public init(margin: Double, distribution: Distribution) {
        self.margin = margin
        self.distribution = distribution
    }

    /// T = (mean − δ) / (sd / √n). With sd = 0 every difference equals the mean, so T is +∞ when
    /// the mean exceeds δ and −∞ otherwise (never a division by zero into NaN). Without a pair
    /// (or with non-finite inputs) it is −∞: nothing is shown, so nothing is rejected.
    public func statistic(count: Int, meanDifference: Double, standardDeviation: Double) -> Double {
        guard count >= 1, meanDifference.isFinite, standardDeviation.isFinite else { return -.infinity }
        let excess = meanDifference - margin
        guard standardDeviation > 0 else { return excess > 0 ? .infinity : -.infinity }
        return excess / (standardDeviation / Double(count).squareRoot())
    }

    /// The critical value c with P(T > c) = `level` under H0 for `count` pairs.
    public func criticalValue(level: Double, count: Int) -> Double {
        switch distribution {
        case .normal:
            return StandardNormal.upperQuantile(tailProbability: level)
        case .studentT:
            return StudentT.upperQuantile(tailProbability: level, degreesOfFreedom: Double(max(count - 1, 1)))
        }
    }

    /// The one-sided p-value P(T ≥ statistic) under H0.
    public func pValue(statistic: Double, count: Int) -> Double {
        switch distribution {
        case .normal:
            return StandardNormal.upperTail(statistic)
        case .studentT:
            return StudentT.upperTail(statistic, degreesOfFreedom: Double(max(count - 1, 1)))
        }
    }

    /// Whether the test rejects H0 at `level` for these differences (at least two needed).
    public func rejects(differences: [Double], level: Double) -> Bool {
        let count = differences.count
        guard count >= 2 else { return false }
        let mean = differences.reduce(0, +) / Double(count)
        let squares = differences.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        let deviation = (squares / Double(count - 1)).squareRoot()
        return statistic(count: count, meanDifference: mean, standardDeviation: deviation) > criticalValue(level: level, count: count)
    }
}

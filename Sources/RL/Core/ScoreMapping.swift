/// How an episode's return becomes a score in [0, 1], the unit every subnet rule compares.
/// Each environment declares its default in its metadata; a suite may override it.
public enum ScoreMapping: Codable, Sendable, Equatable, CustomStringConvertible {
    /// `(return − worst) / (best − worst)`, clamped to [0, 1]: a continuous score.
    case linear(worst: Double, best: Double)
    /// 1 when the return reaches the threshold, else 0: a pass/fail score.
    case threshold(Double)

    /// The score of one episode's return; a non-finite return scores 0.
    public func score(_ episodeReturn: Double) -> Double {
        guard episodeReturn.isFinite else { return 0 }
        switch self {
        case let .linear(worst, best):
            return min(1, max(0, (episodeReturn - worst) / (best - worst)))
        case let .threshold(threshold):
            return episodeReturn >= threshold ? 1 : 0
        }
    }

    /// Why the mapping cannot be used, or nil.
    public var problem: String? {
        switch self {
        case let .linear(worst, best):
            guard worst.isFinite, best.isFinite, worst != best else {
                return "a linear score needs two different finite returns, got worst \(worst), best \(best)"
            }
        case let .threshold(threshold):
            guard threshold.isFinite else { return "a threshold must be finite, got \(threshold)" }
        }
        return nil
    }

    public var description: String {
        switch self {
        case let .linear(worst, best): return "linear from \(worst) (0) to \(best) (1)"
        case let .threshold(threshold): return "1 when the return reaches \(threshold), else 0"
        }
    }
}

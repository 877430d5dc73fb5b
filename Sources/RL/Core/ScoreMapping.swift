/// How an episode's return becomes a score in [0, 1], the unit every subnet rule compares.
/// Each environment declares its default in its metadata; a suite may override it.
public enum ScoreMapping: Codable, Sendable, Equatable, CustomStringConvertible {
    /// `(return − worst) / (best − worst)`, clamped to [0, 1]: a continuous score.
    case linear(worst: Double, best: Double)
    /// 1 when the return reaches the threshold, else 0: a pass/fail score.
    case threshold(Double)
    /// The value the environment reports as `info[key]` on an episode's last step, clamped to
    /// [0, 1]: for scores the return alone cannot give (Forecast-v0's skill against a baseline
    /// that changes from episode to episode). Missing or non-finite scores 0.
    case info(key: String)

    /// The score of one episode, from its return and the info of its last step.
    public func score(_ episodeReturn: Double, finalInfo: [String: Double]) -> Double {
        if case let .info(key) = self {
            guard let value = finalInfo[key], value.isFinite else { return 0 }
            return min(1, max(0, value))
        }
        return score(episodeReturn)
    }

    /// The score of one episode's return; a non-finite return scores 0, and so does every
    /// return under ``info(key:)`` (which needs the episode's info: ``score(_:finalInfo:)``).
    public func score(_ episodeReturn: Double) -> Double {
        guard episodeReturn.isFinite else { return 0 }
        switch self {
        case .info:
            return 0
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
        case let .info(key):
            guard !key.isEmpty else { return "an info score needs a key" }
        }
        return nil
    }

    public var description: String {
        switch self {
        case let .linear(worst, best): return "linear from \(worst) (0) to \(best) (1)"
        case let .threshold(threshold): return "1 when the return reaches \(threshold), else 0"
        case let .info(key): return "the episode's final info['\(key)'], clamped to [0, 1]"
        }
    }
}

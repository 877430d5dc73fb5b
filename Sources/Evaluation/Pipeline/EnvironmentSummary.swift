/// One environment's results for one bundle, summarised for a table: the mean score with its
/// confidence interval (Jeffreys when every score is 0 or 1, Student's t otherwise), tasks
/// completed of those expected, the mean return and the failures by kind.
public struct EnvironmentSummary: Sendable, Equatable {
    /// The environment id.
    public var environment: String
    /// The mean score over completed tasks.
    public var meanScore: Double
    /// The score's confidence interval (nil with no completed task).
    public var interval: ConfidenceInterval?
    /// Tasks completed.
    public var completed: Int
    /// Tasks in the epoch.
    public var expected: Int
    /// The mean return over completed tasks (nil with none).
    public var meanReturn: Double?
    /// Failures by kind.
    public var failures: [EpisodeResult.Failure: Int]

    /// The summary of `results` at `confidence`.
    public init(_ results: SubmissionEvaluation.EnvironmentResults, confidence: Double = 0.95) {
        environment = results.environment
        let scores = results.scores
        meanScore = results.meanScore
        completed = scores.count
        expected = results.episodes.count
        let returns = results.returns
        meanReturn = returns.isEmpty ? nil : returns.reduce(0, +) / Double(returns.count)
        if scores.isEmpty {
            interval = nil
        } else if scores.allSatisfy({ $0 == 0 || $0 == 1 }) {
            interval = .jeffreys(successes: scores.reduce(0, +), trials: scores.count, confidence: confidence)
        } else {
            interval = .studentT(scores: scores, confidence: confidence)
        }
        var counts: [EpisodeResult.Failure: Int] = [:]
        for episode in results.episodes { if let failure = episode.failure { counts[failure, default: 0] += 1 } }
        failures = counts
    }
}

/// A miner's mean score on one environment, with its confidence interval and the completeness gate.
public struct EnvironmentEstimate: Sendable, Equatable, Codable {
    /// How the interval was computed.
    public enum Method: String, Sendable, Codable {
        /// Jeffreys Beta interval on pass/fail per-task scores (every score 0 or 1).
        case jeffreys
        /// Jeffreys interval on an aggregate mean, taking mean × completed as the successes
        /// (conservative: pass/fail has the largest variance a [0, 1] score with that mean can have).
        case jeffreysFromAggregate
        /// Student-t interval on continuous per-task scores.
        case studentT
    }

    /// The mean score over the completed tasks.
    public var mean: Double
    /// The confidence interval around `mean`; nil when intervals were not requested.
    public var interval: ConfidenceInterval?
    /// How the interval is (or would be) computed.
    public var method: Method
    /// Tasks completed.
    public var completed: Int
    /// Tasks expected.
    public var expected: Int
    /// Whether completed / expected reaches the rule's minimum completeness, so the environment
    /// counts for this miner.
    public var passesCompleteness: Bool

    /// An estimate from its fields.
    public init(mean: Double, interval: ConfidenceInterval?, method: Method, completed: Int, expected: Int, passesCompleteness: Bool) {
        self.mean = mean
        self.interval = interval
        self.method = method
        self.completed = completed
        self.expected = expected
        self.passesCompleteness = passesCompleteness
    }
}

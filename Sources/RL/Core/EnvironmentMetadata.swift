/// What a registry and a checker know about an environment (Gymnasium's `EnvSpec` and
/// `metadata`).
public struct EnvironmentMetadata: Codable, Sendable, Equatable {
    /// The registry id, `Name-vN`.
    public var id: String
    /// The version of the dynamics; a change in behaviour bumps it.
    public var version: Int
    /// The smallest reward one step can give.
    public var minimumReward: Double
    /// The largest reward one step can give.
    public var maximumReward: Double
    /// The step at which the time limit truncates an episode (nil: no limit).
    public var maxEpisodeSteps: Int?
    /// The mean return over 100 episodes at which the task counts as solved, when defined.
    public var rewardThreshold: Double?
    /// How an episode's return maps to a score in [0, 1] for subnet scoring (nil: a suite that
    /// scores this environment must say).
    public var scoreMapping: ScoreMapping?

    /// A metadata record.
    public init(id: String, version: Int, minimumReward: Double = -.infinity, maximumReward: Double = .infinity,
                maxEpisodeSteps: Int? = nil, rewardThreshold: Double? = nil, scoreMapping: ScoreMapping? = nil) {
        self.scoreMapping = scoreMapping
        self.id = id
        self.version = version
        self.minimumReward = minimumReward
        self.maximumReward = maximumReward
        self.maxEpisodeSteps = maxEpisodeSteps
        self.rewardThreshold = rewardThreshold
    }

    /// The reward range as a closed interval.
    public var rewardRange: ClosedRange<Double> { minimumReward...maximumReward }
}

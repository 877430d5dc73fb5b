/// What one episode (task) of one bundle on one environment gave.
public struct EpisodeResult: Codable, Sendable, Equatable {
    /// Who is to blame when an episode did not give a normal score.
    public enum Failure: String, Codable, Sendable {
        /// The policy failed (a non-finite action, or its entry did not load): the miner's
        /// fault; the task counts as completed with score 0.
        case policy
        /// The environment failed (a malformed observation or reward, or no end within the step
        /// limit): not the miner's fault; the task does not count as completed.
        case environment
        /// The bundle has no policy for the environment: the task is not completed.
        case missingPolicy = "missing_policy"
    }

    /// The task's index within its environment.
    public var task: Int
    /// The seed the environment was reset with.
    public var seed: UInt64
    /// The score in [0, 1]; nil when the task was not completed.
    public var score: Double?
    /// The undiscounted return (nil when the episode did not run to its end).
    public var episodeReturn: Double?
    /// Steps taken.
    public var length: Int
    /// Why the episode did not score normally, if it did not.
    public var failure: Failure?
    /// The failure's message.
    public var message: String?

    /// Whether the task counts for completeness.
    public var isCompleted: Bool { score != nil }

    /// A result.
    public init(task: Int, seed: UInt64, score: Double?, episodeReturn: Double?, length: Int,
                failure: Failure? = nil, message: String? = nil) {
        self.task = task
        self.seed = seed
        self.score = score
        self.episodeReturn = episodeReturn
        self.length = length
        self.failure = failure
        self.message = message
    }
}

/// One bundle's results on a suite: per environment, every task's result.
public struct SubmissionEvaluation: Codable, Sendable, Equatable {
    /// One environment's results.
    public struct EnvironmentResults: Codable, Sendable, Equatable {
        /// The environment id.
        public var environment: String
        /// One result per task, in task order.
        public var episodes: [EpisodeResult]

        /// An environment's results.
        public init(environment: String, episodes: [EpisodeResult]) {
            self.environment = environment
            self.episodes = episodes
        }

        /// Tasks completed.
        public var completed: Int { episodes.filter(\.isCompleted).count }
        /// The completed tasks' scores.
        public var scores: [Double] { episodes.compactMap(\.score) }
        /// The mean score over completed tasks (0 when none was).
        public var meanScore: Double { scores.isEmpty ? 0 : scores.reduce(0, +) / Double(scores.count) }
        /// The completed tasks' returns.
        public var returns: [Double] { episodes.compactMap { $0.score != nil ? $0.episodeReturn : nil } }
    }

    /// The bundle's weight hash (who owns the model).
    public var weightHash: String
    /// The epoch seed the tasks were derived from.
    public var seed: UInt64
    /// The results, in the suite's environment order.
    public var environments: [EnvironmentResults]

    /// A submission's results.
    public init(weightHash: String, seed: UInt64, environments: [EnvironmentResults]) {
        self.weightHash = weightHash
        self.seed = seed
        self.environments = environments
    }

    /// The results for `environment`.
    public func results(for environment: String) -> EnvironmentResults? {
        environments.first { $0.environment == environment }
    }
}

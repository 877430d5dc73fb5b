import Evaluation
import Foundation

/// A submission as stored.
public struct SubmissionRecord: Codable, Sendable, Equatable {
    /// Whether a submission takes part in epochs.
    public enum Status: String, Codable, Sendable {
        /// Accepted: the hotkey's latest accepted submission is evaluated every epoch.
        case accepted
        /// The same weights were submitted earlier by another hotkey, which owns them: recorded,
        /// never evaluated, never paid.
        case copy
    }

    /// A random identifier.
    public var id: String
    /// The miner's hotkey.
    public var hotkey: String
    /// The miner's uid.
    public var uid: Int
    /// SHA-256 of the bundle file (where it is stored).
    public var fileSHA256: String
    /// The bundle's weight hash (who owns the model).
    public var weightHash: String
    /// The manifest's nonce.
    public var nonce: String
    /// When the validator accepted it (Unix seconds).
    public var receivedAt: Double
    /// The store's order of arrival (1, 2, …): the submission time used for ties.
    public var sequence: Int64
    /// Accepted or a copy.
    public var status: Status
    /// For a copy: the submission that owns the weights.
    public var ownerSubmission: String?
    /// The arrival order of the first submission of these weights (what scoring calls
    /// "first submitted").
    public var firstSubmitted: Int64
}

/// One unit of an epoch's work: a submission's bundle on one environment.
public struct EvaluationJob: Codable, Sendable, Equatable {
    /// The job's id.
    public var id: Int64
    /// The epoch.
    public var epoch: Int64
    /// The epoch's seed (every job of the epoch shares it).
    public var seed: UInt64
    /// The submission.
    public var submission: String
    /// The bundle file's SHA-256 (the content-addressed file to read).
    public var fileSHA256: String
    /// The environment id.
    public var environment: String
    /// Claims so far (a killed worker's lease expires and the job is claimed again).
    public var attempts: Int
}

/// Where an epoch stands.
public struct EpochState: Codable, Sendable, Equatable {
    /// The epoch's number.
    public var number: Int64
    /// Its seed.
    public var seed: UInt64
    /// Jobs not yet done.
    public var pending: Int
    /// Jobs done.
    public var done: Int
    /// Whether scores and weights were computed.
    public var scored: Bool
}

/// The weights of a scored epoch.
public struct StoredWeights: Codable, Sendable, Equatable {
    /// The epoch.
    public var epoch: Int64
    /// uid → weight (floats summing to 1).
    public var weights: [Int: Double]
    /// uid → u16 value (zeros dropped).
    public var u16: [Int: Int]
    /// The version key.
    public var versionKey: UInt64
}

/// A scored epoch's per-miner, per-environment results, for the leaderboard.
public struct LeaderboardRow: Codable, Sendable, Equatable {
    /// The miner.
    public var uid: Int
    /// Its hotkey.
    public var hotkey: String
    /// The submission evaluated.
    public var submission: String
    /// Per environment: mean score, interval bounds, completed and expected tasks.
    public var environments: [String: EnvironmentScore]
    /// The miner's weight.
    public var weight: Double

    /// One environment's score.
    public struct EnvironmentScore: Codable, Sendable, Equatable {
        public var mean: Double
        public var lower: Double?
        public var upper: Double?
        public var completed: Int
        public var expected: Int
    }
}

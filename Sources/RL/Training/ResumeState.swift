import Foundation
import NN
import Tensor

/// What a training run needs beyond its weights and optimiser state to continue bit-identically
/// after a restart: the steps and updates done, the annealing horizon, every random generator,
/// every environment copy's state (mid-episode), the observations the copies are at, the
/// normaliser's statistics and per-copy returns, and the most recent episodes (for the mean
/// return reports and the learning curve's continuation).
public struct ResumeState: Codable, Sendable, Equatable {
    /// The algorithm that saved it (`ppo`, `a2c`).
    public var algorithm: String
    /// Environment steps done.
    public var steps: Int
    /// Updates done.
    public var iterations: Int
    /// The steps the schedules anneal over (see ``OnPolicyLearner/scheduleHorizon``).
    public var scheduleHorizon: Int?
    /// The learner's generators by role (`actions`, `minibatches`).
    public var generators: [String: PhiloxGenerator.State]
    /// Every environment copy's state.
    public var environments: [EnvironmentSnapshot]
    /// The copies' current raw observations, concatenated.
    public var observations: [Float]
    /// The normaliser's statistics (``VectorNormalizer/export()``), when there is one.
    public var normalizerStatistics: [String: [Double]]?
    /// The normaliser's per-copy discounted returns.
    public var normalizerReturns: [Double]?
    /// The last (up to 100) finished episodes.
    public var recentEpisodes: [EpisodeRecord]

    /// The state as compact JSON, for a bundle's metadata.
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// A state read back from ``json()``.
    public static func decode(json: String) throws -> ResumeState {
        try JSONDecoder().decode(ResumeState.self, from: Data(json.utf8))
    }
}

/// A learner whose run can be saved and continued bit-identically (the on-policy learners: PPO, A2C).
public protocol ResumableLearner: Learner {
    /// The steps the schedules anneal over (nil: each `train` call's own).
    var scheduleHorizon: Int? { get set }
    /// Environment steps done so far.
    var completedSteps: Int { get }
    /// The run's state and the optimiser's, to save beside the weights.
    func resumeState() throws -> (state: ResumeState, optimizer: StateDict)
    /// Continues the run saved as `state`, `optimizer` and `parameters` (the policy's weights as
    /// the bundle holds them). Throws when they do not fit this learner; it may then be partly
    /// restored and must be discarded, not trained.
    func restore(_ state: ResumeState, optimizer: StateDict, parameters: StateDict) throws
}

/// Why a saved run cannot be continued.
public struct ResumeError: Error, CustomStringConvertible, Sendable {
    /// What does not fit.
    public var reason: String
    /// An error.
    public init(_ reason: String) { self.reason = reason }
    public var description: String { "cannot resume: \(reason)" }
}

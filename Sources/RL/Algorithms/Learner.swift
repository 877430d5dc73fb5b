/// A training algorithm bound to its environments: what `frontier train` drives, whichever the
/// algorithm.
public protocol Learner: AnyObject {
    /// Trains for `totalSteps` more environment steps.
    @discardableResult
    func train(totalSteps: Int, hooks: TrainingHooks) -> TrainingSummary
    /// The policy being trained.
    var policy: any Policy { get }
    /// The observation statistics the policy reads through (nil: raw observations).
    var observationStatistics: RunningMeanStd? { get }
    /// The clip applied to normalised observations.
    var observationClip: Double? { get }
    /// The hyperparameters as a JSON object with snake_case keys, for the bundle's metadata.
    var configurationJSON: String { get }
    /// The environment steps `train(totalSteps: requested)` really takes: on-policy learners
    /// train whole rollouts, and learners step all copies at once.
    func plannedSteps(for requested: Int) -> Int
    /// Why ``plannedSteps(for:)`` differs from a request (the size steps come in).
    var stepGranularityReason: String { get }
}

/// The algorithms `frontier train --algo` accepts.
public enum Algorithm: String, CaseIterable, Sendable, Codable {
    /// Proximal Policy Optimisation.
    case ppo
    /// Deep Q-learning.
    case dqn
    /// Advantage actor-critic.
    case a2c
}

/// A learner that trains an ``ActorCritic`` through an optional ``VectorNormalizer`` (PPO, A2C).
public protocol ActorCriticLearner: Learner {
    /// The policy and value networks being trained.
    var model: ActorCritic { get }
    /// Observation and reward normalisation, when the config asks for either.
    var normalizer: VectorNormalizer? { get }
}

extension ActorCriticLearner {
    public var policy: any Policy { model }
    public var observationStatistics: RunningMeanStd? {
        normalizer?.normalizeObservations == true ? normalizer?.observationStatistics : nil
    }
    public var observationClip: Double? { normalizer?.observationClip }
}

extension DQN: Learner {
    public var policy: any Policy { model }
    public var observationStatistics: RunningMeanStd? { nil }
    public var observationClip: Double? { nil }
    public var configurationJSON: String { ConfigLoading.json(config) }
}

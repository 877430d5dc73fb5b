import Foundation
import NN
import Tensor

/// What one on-policy actor-critic algorithm does with a rollout: its config, its optimiser and
/// its gradient steps. ``OnPolicyLearner`` does everything else the same way for each (PPO,
/// A2C): environment copies, the actor-critic, normalisation, rollout collection with the
/// truncation bootstrap, GAE, the learning-rate schedule, metrics, progress and resuming.
public protocol OnPolicyUpdateRule {
    /// The algorithm's hyperparameters.
    associatedtype Config: OnPolicyAlgorithmConfig
    /// The optimiser the rule steps.
    associatedtype RuleOptimizer: Optimizer

    /// The algorithm, as `frontier train --algo` and a resumable bundle name it.
    static var algorithm: Algorithm { get }
    /// Updates between two metric records (and progress reports); the last update always records.
    static var recordInterval: Int { get }

    /// The hyperparameters.
    var config: Config { get }
    /// The optimiser; the learner sets its learning rate before each rollout and saves its state.
    var optimizer: RuleOptimizer { get set }
    /// Generators the rule draws from, by role (`minibatches`), saved and restored with a run.
    var generators: [String: PhiloxGenerator] { get set }

    /// A rule for `config`; `generator` is the seed's stream reserved for the update (stream 2).
    init(config: Config, generator: PhiloxGenerator)

    /// Trains `model` on a rollout whose advantages and returns are computed. `remaining` is the
    /// fraction of the schedule still ahead (1 at the start, towards 0 at the end), for
    /// schedules of the rule's own (PPO's clip range).
    mutating func update(_ buffer: RolloutBuffer, model: ActorCritic, remaining: Double) -> OnPolicyUpdateStatistics
}

/// The loss terms of one update, averaged over its gradient steps.
public struct OnPolicyUpdateStatistics: Sendable {
    /// The policy loss.
    public var policyLoss = 0.0
    /// The value loss.
    public var valueLoss = 0.0
    /// The policy's mean entropy.
    public var entropy = 0.0
    /// The approximate KL divergence from the rollout's policy (nil: the rule does not measure it).
    public var approximateKL: Double?
    /// The fraction of ratios outside the clip range (nil: the rule does not clip).
    public var clipFraction: Double?

    /// Statistics.
    public init(policyLoss: Double = 0, valueLoss: Double = 0, entropy: Double = 0, approximateKL: Double? = nil,
                clipFraction: Double? = nil) {
        self.policyLoss = policyLoss
        self.valueLoss = valueLoss
        self.entropy = entropy
        self.approximateKL = approximateKL
        self.clipFraction = clipFraction
    }
}

/// An on-policy actor-critic learner: collects rollouts from several environment copies with
/// the current policy, computes GAE advantages (time-limit truncation bootstraps from the final
/// observation's value, folded into the reward; termination does not), and hands each rollout
/// to its ``OnPolicyUpdateRule``. ``PPO`` and ``A2C`` are this learner with their rules.
///
/// Deterministic given the seed on one thread: the networks (stream 0), action sampling
/// (stream 1), the rule's own draws (stream 2) and the environment copies each use their own
/// Philox stream derived from it.
public final class OnPolicyLearner<Rule: OnPolicyUpdateRule> {
    /// The policy and value networks being trained.
    public let model: ActorCritic
    /// The environment copies.
    public let environments: VectorEnvironment
    /// Observation and reward normalisation, when the config asks for either.
    public let normalizer: VectorNormalizer?
    // Internal rather than private: the resume extension saves and restores them.
    var rule: Rule
    let collector: OnPolicyCollector
    var session: TrainingSession
    /// Updates done so far, over every `train` call.
    var completedIterations = 0

    /// The environment steps the learning-rate (and the rule's) schedules run over. Nil (the
    /// default): each `train(totalSteps:)` call anneals over its own steps. Set, the schedule
    /// follows the updates done so far out of this horizon, across calls and resumes, so a run
    /// trained in pieces anneals exactly as one trained at once.
    public var scheduleHorizon: Int?

    /// The hyperparameters.
    public var config: Rule.Config { rule.config }

    /// A learner on `config.environmentCount` copies made by `makeEnvironment(index)`.
    public init(config: Rule.Config, seed: UInt64, parallelism: VectorEnvironment.Parallelism = .serial,
                makeEnvironment: (Int) -> any Environment) throws(TrainingError) {
        try config.validate()
        let name = Self.name
        let shared = config.onPolicy
        let environments = VectorEnvironment(count: shared.environmentCount, parallelism: parallelism, make: makeEnvironment)
        switch environments.actionSpace {
        case .discrete, .box: break
        default: throw .invalidConfig("\(name) supports Discrete and Box actions, got \(environments.actionSpace)")
        }
        let layout: ObservationLayout?
        do {
            layout = try ObservationLayout(observationSpace: environments.observationSpace, actionSpace: environments.actionSpace)
        } catch {
            throw .invalidConfig("\(name): \(error)")
        }
        if layout?.actionMask != nil && shared.normalizeObservations {
            throw .invalidConfig("\(name): normalize_observations would rescale the action mask of \(environments.observationSpace); turn it off")
        }
        self.environments = environments
        let root = PhiloxGenerator(seed: seed)
        var networkGenerator = root.child(0)
        model = ActorCritic(ActorCritic.Configuration(
            observationSize: environments.observationSpace.flatSize, actionSpace: environments.actionSpace,
            hiddenSizes: shared.hiddenSizes, activation: shared.activation, initialLogStd: shared.initialLogStd, layout: layout),
            using: &networkGenerator)
        normalizer = VectorNormalizer.ifRequested(environments: environments, observations: shared.normalizeObservations,
                                                  rewards: shared.normalizeRewards, gamma: shared.gamma)
        collector = OnPolicyCollector(environments: environments, normalizer: normalizer, gamma: shared.gamma, generator: root.child(1))
        session = TrainingSession(environments: environments, seed: seed)
        rule = Rule(config: config, generator: root.child(2))
    }

    /// The algorithm's name in messages (`PPO`).
    static var name: String { Rule.algorithm.rawValue.uppercased() }

    /// `requested` rounded down to whole rollouts, at least one.
    public func plannedSteps(for requested: Int) -> Int { max(1, requested / config.batchSize) * config.batchSize }

    /// On-policy learners train whole rollouts.
    public var stepGranularityReason: String {
        "\(Self.name) trains whole rollouts of \(config.batchSize) steps (\(config.environmentCount) copies × \(config.rolloutSteps) steps)"
    }

    /// Trains for `totalSteps` environment steps (rounded down to whole rollouts, at least
    /// one) and returns what happened.
    @discardableResult
    public func train(totalSteps: Int, hooks: TrainingHooks = TrainingHooks()) -> TrainingSummary {
        let shared = config.onPolicy
        let batchSize = shared.batchSize
        let iterations = max(1, totalSteps / batchSize)
        var buffer = RolloutBuffer(steps: shared.rolloutSteps, environments: shared.environmentCount,
                                   observationSize: environments.observationSpace.flatSize,
                                   actionWidth: environments.actionSpace.actionWidth)
        session.begin(totalSteps: iterations * batchSize)
        let horizonIterations = scheduleHorizon.map { max(1, $0 / batchSize) }
        for iteration in 1...iterations {
            // The fraction of the schedule ahead, as cleanrl's `frac`: 1 for the first update.
            let remaining = horizonIterations.map { max(0, 1 - Double(completedIterations) / Double($0)) }
                ?? 1 - Double(iteration - 1) / Double(iterations)
            if shared.annealLearningRate { rule.optimizer.learningRate = Float(shared.learningRate * remaining) }
            buffer.clear()
            let lastValues = collector.collect(into: &buffer, model: model, session: &session, metrics: hooks.metrics)
            // A broken environment's rollout is not learned from; the summary says why training stopped.
            if environments.fault != nil { break }
            buffer.computeAdvantages(lastValues: lastValues, gamma: shared.gamma, lambda: shared.gaeLambda)
            let statistics = rule.update(buffer, model: model, remaining: remaining)
            completedIterations += 1
            let progress = session.progress(iteration: iteration)
            if iteration % Rule.recordInterval == 0 || iteration == iterations {
                record(statistics, explainedVariance: buffer.explainedVariance, progress: progress, metrics: hooks.metrics)
                hooks.onProgress?(progress)
            }
            if session.shouldStop(hooks, progress) { break }
        }
        return session.summary()
    }
}

extension OnPolicyLearner {
    /// One metrics line, in cleanrl's order (a rule without KL or clip statistics leaves them out).
    private func record(_ statistics: OnPolicyUpdateStatistics, explainedVariance: Double, progress: TrainingProgress,
                        metrics: MetricsLog) {
        let learningRate = Double(rule.optimizer.learningRate)
        if let kl = statistics.approximateKL, let clipped = statistics.clipFraction {
            metrics.record(step: progress.step, [
                "charts/learning_rate": learningRate,
                "losses/value_loss": statistics.valueLoss,
                "losses/policy_loss": statistics.policyLoss,
                "losses/entropy": statistics.entropy,
                "losses/approx_kl": kl,
                "losses/clipfrac": clipped,
                "losses/explained_variance": explainedVariance,
                "charts/SPS": progress.stepsPerSecond,
            ])
        } else {
            metrics.record(step: progress.step, [
                "charts/learning_rate": learningRate,
                "losses/value_loss": statistics.valueLoss,
                "losses/policy_loss": statistics.policyLoss,
                "losses/entropy": statistics.entropy,
                "losses/explained_variance": explainedVariance,
                "charts/SPS": progress.stepsPerSecond,
            ])
        }
    }
}

extension OnPolicyLearner: ActorCriticLearner {
    public var configurationJSON: String { ConfigLoading.json(config) }
}

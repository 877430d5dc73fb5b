import Foundation
import NN
import Tensor

/// Advantage actor-critic, synchronous (A2C; Mnih et al. 2016), as Stable-Baselines3's `A2C`:
/// short rollouts from several copies, one RMSProp step per rollout on
/// `−A·log π(a|s) + c_v·(V(s) − R)² − c_e·H(π)`. Shares PPO's rollout collection, GAE and
/// truncation bootstrap.
public final class A2C {
    /// The hyperparameters.
    public let config: A2CConfig
    /// The policy and value networks being trained.
    public let model: ActorCritic
    /// The environment copies.
    public let environments: VectorEnvironment
    /// Observation and reward normalisation, when the config asks for either.
    public let normalizer: VectorNormalizer?
    private var optimizer: RMSProp
    private let collector: OnPolicyCollector
    private var session: TrainingSession

    /// An A2C learner on `config.environmentCount` copies made by `makeEnvironment(index)`.
    public init(config: A2CConfig, seed: UInt64, parallelism: VectorEnvironment.Parallelism = .serial,
                makeEnvironment: (Int) -> any Environment) throws(TrainingError) {
        try config.validate()
        let setup = try OnPolicySetup(
            algorithm: "A2C", environmentCount: config.environmentCount, parallelism: parallelism,
            makeEnvironment: makeEnvironment, seed: seed, hiddenSizes: config.hiddenSizes, activation: config.activation,
            initialLogStd: config.initialLogStd, normalizeObservations: config.normalizeObservations,
            normalizeRewards: config.normalizeRewards, gamma: config.gamma)
        self.config = config
        environments = setup.environments
        model = setup.model
        normalizer = setup.normalizer
        collector = setup.collector
        session = setup.session
        optimizer = RMSProp(learningRate: Float(config.learningRate), alpha: Float(config.rmsPropAlpha),
                            epsilon: Float(config.rmsPropEpsilon))
    }

    /// `requested` rounded down to whole rollouts, at least one.
    public func plannedSteps(for requested: Int) -> Int { max(1, requested / config.batchSize) * config.batchSize }

    /// A2C trains whole rollouts.
    public var stepGranularityReason: String {
        "A2C trains whole rollouts of \(config.batchSize) steps (\(config.environmentCount) copies × \(config.rolloutSteps) steps)"
    }

    /// Trains for `totalSteps` environment steps (rounded down to whole rollouts, at least
    /// one) and returns what happened.
    @discardableResult
    public func train(totalSteps: Int, hooks: TrainingHooks = TrainingHooks()) -> TrainingSummary {
        let iterations = max(1, totalSteps / config.batchSize)
        let observationSize = environments.observationSpace.flatSize
        var buffer = RolloutBuffer(steps: config.rolloutSteps, environments: config.environmentCount,
                                   observationSize: observationSize, actionWidth: environments.actionSpace.actionWidth)
        session.begin(totalSteps: iterations * config.batchSize)
        for iteration in 1...iterations {
            if config.annealLearningRate {
                optimizer.learningRate = Float(config.learningRate * (1 - Double(iteration - 1) / Double(iterations)))
            }
            buffer.clear()
            let lastValues = collector.collect(into: &buffer, model: model, session: &session, metrics: hooks.metrics)
            // A broken environment's rollout is not learned from; the summary says why training stopped.
            if environments.fault != nil { break }
            buffer.computeAdvantages(lastValues: lastValues, gamma: config.gamma, lambda: config.gaeLambda)
            let (policyLoss, valueLoss, entropy) = update(buffer)
            let progress = session.progress(iteration: iteration)
            if iteration % 100 == 0 || iteration == iterations {
                hooks.metrics.record(step: progress.step, [
                    "losses/policy_loss": policyLoss,
                    "losses/value_loss": valueLoss,
                    "losses/entropy": entropy,
                    "losses/explained_variance": buffer.explainedVariance,
                    "charts/learning_rate": Double(optimizer.learningRate),
                    "charts/SPS": progress.stepsPerSecond,
                ])
                hooks.onProgress?(progress)
            }
            if session.shouldStop(hooks, progress) { break }
        }
        return session.summary()
    }

    /// One gradient step on the whole rollout.
    private func update(_ buffer: RolloutBuffer) -> (policy: Double, value: Double, entropy: Double) {
        let size = buffer.capacity
        let observations = Tensor(shape: [size, buffer.observationSize], scalars: buffer.observations)
        let actions = Tensor(shape: [size, buffer.actionWidth], scalars: buffer.actions)
        var advantages = buffer.advantages
        if config.normalizeAdvantages { RolloutBuffer.standardize(&advantages) }
        let distribution = model.distribution(observations)
        let policyLoss = (Tensor(advantages) * distribution.logProbability(of: actions)).mean() * -1
        let valueLoss = (model.value(observations) - Tensor(buffer.returns)).squared().mean()
        let entropy = distribution.entropy().mean()
        let loss = policyLoss - entropy * Float(config.entropyCoefficient) + valueLoss * Float(config.valueCoefficient)
        model.zeroGrad()
        loss.backward()
        model.clipGradientNorm(maxNorm: config.maxGradientNorm)
        optimizer.step(model)
        return (policyLoss.doubleItem(), valueLoss.doubleItem(), entropy.doubleItem())
    }
}

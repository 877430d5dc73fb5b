import Foundation
import NN
import Tensor

/// Proximal Policy Optimisation with the clipped objective (Schulman et al. 2017), as cleanrl's
/// `ppo.py` and `ppo_continuous_action.py` implement it: GAE, advantages normalised per
/// minibatch, optional value clipping, entropy bonus, minibatch epochs, linear learning-rate
/// annealing, global gradient-norm clipping, orthogonal initialisation; categorical or diagonal
/// Gaussian actions. Time-limit truncation bootstraps from the final observation's value;
/// termination does not.
///
/// Deterministic given the seed on one thread: the networks, action sampling, minibatch
/// order and environment copies each draw from their own Philox stream derived from it.
public final class PPO {
    /// The hyperparameters.
    public let config: PPOConfig
    /// The policy and value networks being trained.
    public let model: ActorCritic
    /// The environment copies.
    public let environments: VectorEnvironment
    /// Observation and reward normalisation, when the config asks for either.
    public let normalizer: VectorNormalizer?
    // Internal rather than private: PPOResume saves and restores them.
    var optimizer: Adam
    let collector: OnPolicyCollector
    var shuffleGenerator: PhiloxGenerator
    var session: TrainingSession
    /// Updates done so far, over every `train` call.
    var completedIterations = 0

    /// The environment steps the learning-rate and clip-range annealing run over. Nil (the
    /// default): each `train(totalSteps:)` call anneals over its own steps. Set, the schedule
    /// follows the updates done so far out of this horizon, across calls and resumes, so a run
    /// trained in pieces anneals exactly as one trained at once.
    public var scheduleHorizon: Int?

    /// A PPO learner on `config.environmentCount` copies made by `makeEnvironment(index)`.
    public init(config: PPOConfig, seed: UInt64, parallelism: VectorEnvironment.Parallelism = .serial,
                makeEnvironment: (Int) -> any Environment) throws(TrainingError) {
        try config.validate()
        let setup = try OnPolicySetup(
            algorithm: "PPO", environmentCount: config.environmentCount, parallelism: parallelism,
            makeEnvironment: makeEnvironment, seed: seed, hiddenSizes: config.hiddenSizes, activation: config.activation,
            initialLogStd: config.initialLogStd, normalizeObservations: config.normalizeObservations,
            normalizeRewards: config.normalizeRewards, gamma: config.gamma)
        self.config = config
        environments = setup.environments
        model = setup.model
        normalizer = setup.normalizer
        collector = setup.collector
        session = setup.session
        shuffleGenerator = setup.root.child(2)
        optimizer = Adam(learningRate: Float(config.learningRate), epsilon: Float(config.adamEpsilon))
    }

    /// `requested` rounded down to whole rollouts, at least one.
    public func plannedSteps(for requested: Int) -> Int { max(1, requested / config.batchSize) * config.batchSize }

    /// PPO trains whole rollouts.
    public var stepGranularityReason: String {
        "PPO trains whole rollouts of \(config.batchSize) steps (\(config.environmentCount) copies × \(config.rolloutSteps) steps)"
    }

    /// Trains for `totalSteps` environment steps (rounded down to whole rollouts, at least
    /// one) and returns what happened.
    @discardableResult
    public func train(totalSteps: Int, hooks: TrainingHooks = TrainingHooks()) -> TrainingSummary {
        let iterations = max(1, totalSteps / config.batchSize)
        let observationSize = environments.observationSpace.flatSize
        let actionWidth = environments.actionSpace.actionWidth
        var buffer = RolloutBuffer(steps: config.rolloutSteps, environments: config.environmentCount,
                                   observationSize: observationSize, actionWidth: actionWidth)
        session.begin(totalSteps: iterations * config.batchSize)
        let horizonIterations = scheduleHorizon.map { max(1, $0 / config.batchSize) }
        for iteration in 1...iterations {
            let remaining = horizonIterations.map { max(0, 1 - Double(completedIterations) / Double($0)) }
                ?? 1 - Double(iteration - 1) / Double(iterations)
            if config.annealLearningRate { optimizer.learningRate = Float(config.learningRate * remaining) }
            buffer.clear()
            let lastValues = collector.collect(into: &buffer, model: model, session: &session, metrics: hooks.metrics)
            // A broken environment's rollout is not learned from; the summary says why training stopped.
            if environments.fault != nil { break }
            buffer.computeAdvantages(lastValues: lastValues, gamma: config.gamma, lambda: config.gaeLambda)
            let clip = config.annealClipRange ? config.clipRange * remaining : config.clipRange
            let statistics = update(buffer, clipRange: clip)
            completedIterations += 1
            let progress = session.progress(iteration: iteration)
            hooks.metrics.record(step: progress.step, [
                "charts/learning_rate": Double(optimizer.learningRate),
                "losses/value_loss": statistics.valueLoss,
                "losses/policy_loss": statistics.policyLoss,
                "losses/entropy": statistics.entropy,
                "losses/approx_kl": statistics.approximateKL,
                "losses/clipfrac": statistics.clipFraction,
                "losses/explained_variance": statistics.explainedVariance,
                "charts/SPS": progress.stepsPerSecond,
            ])
            hooks.onProgress?(progress)
            if session.shouldStop(hooks, progress) { break }
        }
        return session.summary()
    }

    /// The loss terms of one update, averaged over its minibatches.
    struct UpdateStatistics {
        var policyLoss = 0.0, valueLoss = 0.0, entropy = 0.0, approximateKL = 0.0, clipFraction = 0.0
        var explainedVariance = 0.0
    }

    /// `epochs` passes of minibatch gradient steps on the clipped surrogate objective.
    private func update(_ buffer: RolloutBuffer, clipRange: Double) -> UpdateStatistics {
        var statistics = UpdateStatistics()
        var minibatches = 0
        let size = config.minibatchSize
        let observationSize = buffer.observationSize
        epochs: for _ in 0..<config.epochs {
            let order = shuffleGenerator.permutation(buffer.capacity)
            for start in stride(from: 0, to: buffer.capacity, by: size) {
                let indices = order[start..<(start + size)]
                let observations = Tensor(shape: [size, observationSize],
                                          scalars: RolloutBuffer.gather(buffer.observations, width: observationSize, indices: indices))
                let actions = Tensor(shape: [size, buffer.actionWidth],
                                     scalars: RolloutBuffer.gather(buffer.actions, width: buffer.actionWidth, indices: indices))
                let oldLogProbabilities = Tensor(RolloutBuffer.gather(buffer.logProbabilities, width: 1, indices: indices))
                var advantages = RolloutBuffer.gather(buffer.advantages, width: 1, indices: indices)
                if config.normalizeAdvantages { RolloutBuffer.standardize(&advantages) }
                let returns = Tensor(RolloutBuffer.gather(buffer.returns, width: 1, indices: indices))
                let oldValues = Tensor(RolloutBuffer.gather(buffer.values, width: 1, indices: indices))

                let distribution = model.distribution(observations)
                let logRatio = distribution.logProbability(of: actions) - oldLogProbabilities
                let ratio = logRatio.exp()
                let advantage = Tensor(advantages)
                let clippedRatio = ratio.clamped(min: 1 - clipRange, max: 1 + clipRange)
                let policyLoss = (advantage * ratio).minimum(advantage * clippedRatio).mean() * -1
                let values = model.value(observations)
                let valueLoss: Tensor
                if config.clipValueLoss {
                    // The value window keeps the configured width: annealing is for the policy ratio.
                    let clippedValues = oldValues + (values - oldValues).clamped(min: -config.clipRange, max: config.clipRange)
                    valueLoss = (values - returns).squared().maximum((clippedValues - returns).squared()).mean()
                } else {
                    valueLoss = (values - returns).squared().mean()
                }
                let entropy = distribution.entropy().mean()
                let loss = policyLoss - entropy * Float(config.entropyCoefficient) + valueLoss * Float(config.valueCoefficient)
                model.zeroGrad()
                loss.backward()
                model.clipGradientNorm(maxNorm: config.maxGradientNorm)
                optimizer.step(model)

                let (kl, clipped) = noGrad {
                    let kl = ((ratio - 1) - logRatio).mean().doubleItem()
                    let clipped = (ratio - 1).abs().greater(Float(clipRange)).mean().doubleItem()
                    return (kl, clipped)
                }
                statistics.policyLoss += policyLoss.doubleItem()
                statistics.valueLoss += valueLoss.doubleItem()
                statistics.entropy += entropy.doubleItem()
                statistics.approximateKL += kl
                statistics.clipFraction += clipped
                minibatches += 1
                if let target = config.targetKL, kl > target { break epochs }
            }
        }
        let scale = 1 / Double(max(minibatches, 1))
        statistics.policyLoss *= scale
        statistics.valueLoss *= scale
        statistics.entropy *= scale
        statistics.approximateKL *= scale
        statistics.clipFraction *= scale
        statistics.explainedVariance = buffer.explainedVariance
        return statistics
    }
}

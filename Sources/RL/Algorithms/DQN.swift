import Foundation
import NN
import Tensor

/// Deep Q-learning (Mnih et al. 2015) as cleanrl's `dqn.py` and Stable-Baselines3 implement
/// it: ε-greedy exploration with a linear schedule, a replay buffer, a target network updated
/// every `targetUpdateInterval` steps (soft when τ < 1), the Huber loss, and optionally the
/// double-DQN target (van Hasselt et al. 2016). Truncated transitions bootstrap from their
/// final observation; terminated ones do not.
public final class DQN {
    /// The hyperparameters.
    public let config: DQNConfig
    /// The online Q-network (the policy).
    public let model: QNetwork
    /// The network the targets are computed with.
    public let target: QNetwork
    /// The environment copies.
    public let environments: VectorEnvironment
    private var optimizer: Adam
    private var explorationGenerator: PhiloxGenerator
    private var replayGenerator: PhiloxGenerator
    private var buffer: ReplayBuffer
    private var session: TrainingSession

    /// A DQN learner on `config.environmentCount` copies made by `makeEnvironment(index)`.
    public init(config: DQNConfig, seed: UInt64, parallelism: VectorEnvironment.Parallelism = .serial,
                makeEnvironment: (Int) -> any Environment) throws(TrainingError) {
        try config.validate()
        let environments = VectorEnvironment(count: config.environmentCount, parallelism: parallelism, make: makeEnvironment)
        guard case .discrete = environments.actionSpace else {
            throw .invalidConfig("DQN needs a Discrete action space, got \(environments.actionSpace)")
        }
        // A Q-network reads the whole flat vector: it has no per-action scorer and would ignore a
        // mask, so structured observations using those conventions go to PPO or A2C.
        if (try? ObservationLayout(observationSpace: environments.observationSpace, actionSpace: environments.actionSpace)) != nil {
            throw .invalidConfig("DQN reads flat observations; \(environments.observationSpace) has an action mask or per-action features (use PPO or A2C)")
        }
        self.config = config
        self.environments = environments
        let root = PhiloxGenerator(seed: seed)
        var networkGenerator = root.child(0)
        let configuration = QNetwork.Configuration(observationSize: environments.observationSpace.flatSize,
                                                   actionSpace: environments.actionSpace,
                                                   hiddenSizes: config.hiddenSizes, activation: config.activation)
        model = QNetwork(configuration, using: &networkGenerator)
        target = QNetwork(configuration, using: &networkGenerator)
        // Same shapes by construction, so loading cannot fail.
        try? target.load(stateDict: model.stateDict())
        explorationGenerator = root.child(1)
        replayGenerator = root.child(2)
        optimizer = Adam(learningRate: Float(config.learningRate))
        buffer = ReplayBuffer(capacity: config.bufferSize, observationSize: environments.observationSpace.flatSize)
        session = TrainingSession(environments: environments, seed: seed)
    }

    /// `requested` rounded up to a multiple of the copies, which step together.
    public func plannedSteps(for requested: Int) -> Int {
        let count = config.environmentCount
        return (requested + count - 1) / count * count
    }

    /// DQN steps every copy at once.
    public var stepGranularityReason: String { "DQN steps its \(config.environmentCount) copies together" }

    /// Trains for `totalSteps` environment steps and returns what happened. Progress is
    /// reported after every training phase.
    @discardableResult
    public func train(totalSteps: Int, hooks: TrainingHooks = TrainingHooks()) -> TrainingSummary {
        let count = config.environmentCount
        let width = environments.observationSpace.flatSize
        guard case let .discrete(actionSpace) = environments.actionSpace else { preconditionFailure("checked in init") }
        session.begin(totalSteps: totalSteps)
        let firstStep = session.step
        var iteration = 0
        var nextTraining = firstStep + max(config.learningStarts, config.trainFrequency)
        var nextTargetUpdate = firstStep + config.targetUpdateInterval
        while session.step - firstStep < totalSteps {
            let localStep = session.step - firstStep
            let epsilon = config.epsilon(at: localStep, totalSteps: totalSteps)
            let observations = session.observations
            let greedy = noGrad {
                model.qValues(Tensor(shape: [count, width], scalars: observations)).argmaxIndices(axis: 1)
            }
            let actions: [Action] = greedy.map { greedyAction in
                let explore = localStep < config.learningStarts || explorationGenerator.nextDouble() < epsilon
                return .discrete(explore ? actionSpace.sample(using: &explorationGenerator) : greedyAction + actionSpace.start)
            }
            let batch = session.step(actions, metrics: hooks.metrics)
            // A broken environment's transitions are not learned from; the summary says why.
            if environments.fault != nil { break }
            let dones = batch.dones
            for copy in 0..<count {
                let next = dones[copy]
                    ? (batch.infos[copy].finalObservation ?? [])[...]
                    : batch.observations[(copy * width)..<((copy + 1) * width)]
                buffer.append(observation: observations[(copy * width)..<((copy + 1) * width)],
                              action: actions[copy].discreteIndex(for: "DQN") - actionSpace.start,
                              reward: batch.rewards[copy], nextObservation: next, terminated: batch.terminated[copy])
            }
            // With several copies one vector step may cross several training points: train for
            // each, so the rate stays one phase per `trainFrequency` steps.
            var stop = false
            while session.step >= nextTraining && !stop {
                nextTraining += config.trainFrequency
                let loss = trainPhase()
                iteration += 1
                let progress = session.progress(iteration: iteration)
                hooks.metrics.record(step: progress.step, [
                    "losses/td_loss": loss,
                    "charts/epsilon": epsilon,
                    "charts/learning_rate": Double(optimizer.learningRate),
                    "charts/SPS": progress.stepsPerSecond,
                ])
                hooks.onProgress?(progress)
                stop = session.shouldStop(hooks, progress)
            }
            if stop { break }
            // At most one target update per vector step (as Stable-Baselines3), however many
            // intervals the step crossed.
            if session.step >= nextTargetUpdate {
                while nextTargetUpdate <= session.step { nextTargetUpdate += config.targetUpdateInterval }
                updateTarget()
            }
        }
        _ = session.progress(iteration: iteration)
        return session.summary()
    }

    /// The replay buffer's transitions, oldest first (before it wraps), for tests.
    func replayContents() -> [(observation: [Float], action: Int, reward: Float, nextObservation: [Float], terminated: Bool)] {
        (0..<buffer.count).map { buffer.transition(at: $0) }
    }

    /// `gradientSteps` Huber-loss steps on replayed minibatches; returns the mean loss.
    private func trainPhase() -> Double {
        var total = 0.0
        for _ in 0..<config.gradientSteps {
            let batch = buffer.sample(config.batchSize, using: &replayGenerator)
            let targets = noGrad {
                let nextValues: Tensor
                if config.doubleDQN {
                    let choices = model.qValues(batch.nextObservations).argmax(axis: 1, keepDims: true)
                    nextValues = target.qValues(batch.nextObservations).gather(axis: 1, indices: choices).reshaped(to: [-1])
                } else {
                    nextValues = target.qValues(batch.nextObservations).max(axis: 1)
                }
                return batch.rewards + nextValues * (1 - batch.terminated) * Float(config.gamma)
            }
            let predicted = model.qValues(batch.observations).gather(axis: 1, indices: batch.actions).reshaped(to: [-1])
            let loss = Loss.huber(predicted, targets, delta: config.huberDelta)
            model.zeroGrad()
            loss.backward()
            model.clipGradientNorm(maxNorm: config.maxGradientNorm)
            optimizer.step(model)
            total += loss.doubleItem()
        }
        return total / Double(config.gradientSteps)
    }

    /// `target ← τ·online + (1 − τ)·target`.
    private func updateTarget() {
        let online = model.namedParameters
        var index = 0
        noGrad {
            target.visitParameters { _, parameter in
                let source = online[index].parameter.detached()
                parameter.assign(config.tau == 1 ? source : source * Float(config.tau) + parameter.detached() * Float(1 - config.tau))
                index += 1
            }
        }
    }
}

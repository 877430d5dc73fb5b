import NN
import Tensor

/// Collects rollouts for the on-policy algorithms (PPO, A2C): steps every copy with actions
/// sampled from an actor-critic, normalises observations and rewards when asked, and adds the
/// truncation bootstrap to rewards.
final class OnPolicyCollector {
    let environments: VectorEnvironment
    let normalizer: VectorNormalizer?
    let gamma: Double
    /// Draws the actions (saved and restored when a run resumes).
    var generator: PhiloxGenerator

    init(environments: VectorEnvironment, normalizer: VectorNormalizer?, gamma: Double, generator: PhiloxGenerator) {
        self.environments = environments
        self.normalizer = normalizer
        self.gamma = gamma
        self.generator = generator
    }

    /// Fills `buffer` with `buffer.steps` steps of every copy and returns the critic's values
    /// of the observations after the last step (for GAE's bootstrap).
    func collect(into buffer: inout RolloutBuffer, model: ActorCritic, session: inout TrainingSession,
                 metrics: MetricsLog) -> [Float] {
        let count = environments.count
        let observationSize = buffer.observationSize
        for _ in 0..<buffer.steps {
            let observations = normalizer?.normalizeObservations(session.observations, update: true) ?? session.observations
            let (actions, logProbabilities, values) = noGrad {
                let input = Tensor(shape: [count, observationSize], scalars: observations)
                let distribution = model.distribution(input)
                let actions = distribution.sample(using: &generator)
                return (actions, distribution.logProbability(of: actions).scalars, model.value(input).scalars)
            }
            let batch = session.step(environments.actionSpace.actions(from: actions), metrics: metrics)
            var rewards = normalizer?.normalizeRewards(batch.rewards, dones: batch.dones) ?? batch.rewards
            bootstrapTruncated(batch, rewards: &rewards, model: model)
            buffer.append(observations: observations, actions: actions.scalars, logProbabilities: logProbabilities,
                          values: values, rewards: rewards, dones: batch.dones)
        }
        return noGrad {
            let observations = normalizer?.normalizeObservations(session.observations, update: false) ?? session.observations
            return model.value(Tensor(shape: [count, observationSize], scalars: observations)).scalars
        }
    }

    /// Adds `γ·V(final observation)` to the reward of each copy whose episode was truncated
    /// (not terminated) at this step: the episode's future was cut off, not worthless.
    private func bootstrapTruncated(_ batch: VectorStep, rewards: inout [Double], model: ActorCritic) {
        let truncated = batch.truncatedWithoutTermination
        guard !truncated.isEmpty else { return }
        var finals: [Float] = []
        for index in truncated { finals += batch.infos[index].finalObservation ?? [] }
        if let normalizer { finals = normalizer.normalizeObservations(finals, update: false) }
        let values = noGrad {
            model.value(Tensor(shape: [truncated.count, environments.observationSpace.flatSize], scalars: finals)).scalars
        }
        for (offset, index) in truncated.enumerated() { rewards[index] += gamma * Double(values[offset]) }
    }
}

extension VectorNormalizer {
    /// A normaliser for `environments` when either kind of normalisation is asked for, else nil.
    static func ifRequested(environments: VectorEnvironment, observations: Bool, rewards: Bool,
                            gamma: Double) -> VectorNormalizer? {
        guard observations || rewards else { return nil }
        return VectorNormalizer(count: environments.count, observationSize: environments.observationSize,
                                normalizeObservations: observations, normalizeRewards: rewards, gamma: gamma)
    }
}

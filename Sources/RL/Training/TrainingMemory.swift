import NN

extension MemoryEstimate {
    /// PPO or A2C: actor and critic with gradients and two optimiser moments, the rollout buffer,
    /// and the activations of the largest forward and backward pass (a whole rollout's values).
    static func actorCritic(environmentCount: Int, rolloutSteps: Int, minibatchSize: Int, hiddenSizes: [Int],
                            observationSize: Int, actionOutputs: Int) -> MemoryEstimate {
        var estimate = MemoryEstimate()
        let parameters = mlpParameters([observationSize] + hiddenSizes + [actionOutputs])
            .addingSaturating(mlpParameters([observationSize] + hiddenSizes + [1]))
        estimate.add("networks, gradients and optimiser state", count: parameters, bytesEach: 4 * 4)
        let batch = environmentCount.multipliedSaturating(rolloutSteps)
        estimate.add("rollout buffer", count: batch, bytesEach: (observationSize.addingSaturating(actionOutputs) + 8).multipliedSaturating(8))
        let widest = max(minibatchSize, batch)
        let activationsPerRow = hiddenSizes.reduce(observationSize.addingSaturating(actionOutputs)) { $0.addingSaturating($1) }
        estimate.add("activations", count: widest, bytesEach: activationsPerRow.multipliedSaturating(2 * 4 * 4))
        return estimate
    }

    /// The estimate for a PPO run on observations of `observationSize` values and an actor with
    /// `actionOutputs` outputs.
    public static func ppo(_ config: PPOConfig, observationSize: Int, actionOutputs: Int) -> MemoryEstimate {
        actorCritic(environmentCount: config.environmentCount, rolloutSteps: config.rolloutSteps,
                    minibatchSize: config.minibatchSize, hiddenSizes: config.hiddenSizes,
                    observationSize: observationSize, actionOutputs: actionOutputs)
    }

    /// The estimate for an A2C run.
    public static func a2c(_ config: A2CConfig, observationSize: Int, actionOutputs: Int) -> MemoryEstimate {
        actorCritic(environmentCount: config.environmentCount, rolloutSteps: config.rolloutSteps,
                    minibatchSize: config.batchSize, hiddenSizes: config.hiddenSizes,
                    observationSize: observationSize, actionOutputs: actionOutputs)
    }

    /// The estimate for a DQN run: the replay buffer (two observations, action, reward and flag per
    /// transition), online and target networks with gradients and optimiser state, and a batch's
    /// activations.
    public static func dqn(_ config: DQNConfig, observationSize: Int, actionOutputs: Int) -> MemoryEstimate {
        var estimate = MemoryEstimate()
        estimate.add("replay buffer", count: config.bufferSize,
                     bytesEach: observationSize.multipliedSaturating(2 * 4).addingSaturating(3 * 8))
        let parameters = mlpParameters([observationSize] + config.hiddenSizes + [actionOutputs])
        estimate.add("networks, gradients and optimiser state", count: parameters, bytesEach: 5 * 4)
        let activationsPerRow = config.hiddenSizes.reduce(observationSize.addingSaturating(actionOutputs)) { $0.addingSaturating($1) }
        estimate.add("activations", count: max(config.batchSize, config.environmentCount),
                     bytesEach: activationsPerRow.multipliedSaturating(3 * 2 * 4 * 4))
        return estimate
    }
}

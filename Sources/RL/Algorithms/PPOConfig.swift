import NN

/// Every hyperparameter of PPO (Schulman et al. 2017), one line each, following cleanrl's
/// `ppo.py`. Sizes that follow from others (batch size, iterations) are computed, not set.
/// Read from YAML or JSON with snake_case keys (`learning_rate: 0.001`); missing keys keep
/// these defaults, which are the RL-Zoo's tuned values for CartPole-v1.
public struct PPOConfig: Codable, Sendable, Equatable {
    /// Environment copies stepped together.
    public var environmentCount = 8
    /// Steps each copy takes per rollout (the batch is `environmentCount × rolloutSteps`).
    public var rolloutSteps = 32
    /// Minibatches each epoch splits the batch into.
    public var minibatchCount = 1
    /// Passes over each rollout's batch.
    public var epochs = 20
    /// Adam's learning rate at the start.
    public var learningRate = 1e-3
    /// Whether the learning rate decays linearly to zero over training.
    public var annealLearningRate = true
    /// Adam's ε (cleanrl and SB3 use 1e-5, not PyTorch's 1e-8).
    public var adamEpsilon = 1e-5
    /// The discount factor γ.
    public var gamma = 0.98
    /// The GAE λ.
    public var gaeLambda = 0.8
    /// The policy ratio clip ε.
    public var clipRange = 0.2
    /// Whether the clip ε decays linearly to zero, as the RL-Zoo's `lin_0.2`.
    public var annealClipRange = true
    /// Whether value predictions are clipped around the rollout's values by `clipRange` (not annealed).
    public var clipValueLoss = false
    /// Whether advantages are normalised within each minibatch.
    public var normalizeAdvantages = true
    /// The weight of the entropy bonus.
    public var entropyCoefficient = 0.0
    /// The weight of the value loss (the mean squared error, as Stable-Baselines3 computes it;
    /// cleanrl's loss has an extra ½).
    public var valueCoefficient = 0.5
    /// The global gradient norm clip.
    public var maxGradientNorm = 0.5
    /// Stop an update's epochs early when the approximate KL exceeds this (nil: never).
    public var targetKL: Double? = nil
    /// Hidden layer widths of the actor and of the critic.
    public var hiddenSizes = [64, 64]
    /// The hidden activation.
    public var activation: Activation = .tanh
    /// The initial log standard deviation of continuous actions.
    public var initialLogStd = 0.0
    /// Whether observations are normalised by running statistics (saved in the bundle).
    public var normalizeObservations = false
    /// Whether rewards are scaled by the running deviation of the discounted return.
    public var normalizeRewards = false
    /// Environment steps (over all copies) to train for, when the command line gives none.
    public var totalSteps = 100_000

    /// The defaults.
    public init() {}

    /// Transitions per rollout.
    public var batchSize: Int { environmentCount * rolloutSteps }
    /// Transitions per gradient step.
    public var minibatchSize: Int { batchSize / minibatchCount }

    /// Throws a ``TrainingError/invalidConfig(_:)`` naming the first bad field.
    public func validate() throws(TrainingError) {
        try ConfigCheck.positive(environmentCount, "environment_count", atMost: ConfigCheck.maximumCopies)
        try ConfigCheck.positive(rolloutSteps, "rollout_steps", atMost: ConfigCheck.maximumRolloutSteps)
        let batchSize = try ConfigCheck.product(environmentCount, rolloutSteps, "environment_count × rollout_steps",
                                                atMost: ConfigCheck.maximumBatch)
        try ConfigCheck.positive(minibatchCount, "minibatch_count", atMost: batchSize)
        try ConfigCheck.positive(epochs, "epochs", atMost: 10_000)
        try ConfigCheck.positive(totalSteps, "total_steps", atMost: ConfigCheck.maximumSteps)
        guard batchSize % minibatchCount == 0 else {
            throw .invalidConfig("minibatch_count \(minibatchCount) does not divide the batch of \(batchSize) transitions")
        }
        try ConfigCheck.positive(learningRate, "learning_rate")
        try ConfigCheck.positive(adamEpsilon, "adam_epsilon")
        try ConfigCheck.unit(gamma, "gamma")
        try ConfigCheck.unit(gaeLambda, "gae_lambda")
        try ConfigCheck.positive(clipRange, "clip_range")
        try ConfigCheck.nonNegative(entropyCoefficient, "entropy_coefficient")
        try ConfigCheck.nonNegative(valueCoefficient, "value_coefficient")
        try ConfigCheck.positive(maxGradientNorm, "max_gradient_norm")
        if let targetKL { try ConfigCheck.positive(targetKL, "target_kl") }
        try ConfigCheck.layers(hiddenSizes, "hidden_sizes")
        try ConfigCheck.finite(initialLogStd, "initial_log_std")
    }
}

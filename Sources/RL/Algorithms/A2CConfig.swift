import NN

/// Every hyperparameter of A2C (Mnih et al. 2016, synchronous), one line each, with
/// Stable-Baselines3's defaults (RMSProp with α 0.99 and ε 1e-5, 5-step rollouts). Read from
/// YAML or JSON with snake_case keys.
public struct A2CConfig: Codable, Sendable, Equatable {
    /// Environment copies stepped together.
    public var environmentCount = 8
    /// Steps each copy takes per update.
    public var rolloutSteps = 5
    /// RMSProp's learning rate.
    public var learningRate = 7e-4
    /// Whether the learning rate decays linearly to zero over training.
    public var annealLearningRate = false
    /// RMSProp's smoothing α.
    public var rmsPropAlpha = 0.99
    /// RMSProp's ε.
    public var rmsPropEpsilon = 1e-5
    /// The discount factor γ.
    public var gamma = 0.99
    /// The GAE λ (1: plain n-step returns, as classic A2C).
    public var gaeLambda = 1.0
    /// Whether advantages are normalised over each batch.
    public var normalizeAdvantages = false
    /// The weight of the entropy bonus.
    public var entropyCoefficient = 0.0
    /// The weight of the value loss.
    public var valueCoefficient = 0.5
    /// The global gradient norm clip.
    public var maxGradientNorm = 0.5
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
    public var totalSteps = 200_000

    /// The defaults.
    public init() {}

    /// Transitions per update.
    public var batchSize: Int { environmentCount * rolloutSteps }

    /// Throws a ``TrainingError/invalidConfig(_:)`` naming the first bad field.
    public func validate() throws(TrainingError) {
        try ConfigCheck.positive(environmentCount, "environment_count", atMost: ConfigCheck.maximumCopies)
        try ConfigCheck.positive(rolloutSteps, "rollout_steps", atMost: ConfigCheck.maximumRolloutSteps)
        _ = try ConfigCheck.product(environmentCount, rolloutSteps, "environment_count × rollout_steps",
                                    atMost: ConfigCheck.maximumBatch)
        try ConfigCheck.positive(learningRate, "learning_rate")
        try ConfigCheck.unit(rmsPropAlpha, "rms_prop_alpha")
        try ConfigCheck.positive(rmsPropEpsilon, "rms_prop_epsilon")
        try ConfigCheck.unit(gamma, "gamma")
        try ConfigCheck.unit(gaeLambda, "gae_lambda")
        try ConfigCheck.nonNegative(entropyCoefficient, "entropy_coefficient")
        try ConfigCheck.nonNegative(valueCoefficient, "value_coefficient")
        try ConfigCheck.positive(maxGradientNorm, "max_gradient_norm")
        try ConfigCheck.layers(hiddenSizes, "hidden_sizes")
        try ConfigCheck.finite(initialLogStd, "initial_log_std")
        try ConfigCheck.positive(totalSteps, "total_steps", atMost: ConfigCheck.maximumSteps)
    }
}

import NN

/// The hyperparameters every on-policy actor-critic learner (PPO, A2C) has, one line each. Each
/// algorithm's config embeds one and sets the values its reference uses; config files spell the
/// fields at the top level (`learning_rate: 0.001`), beside the algorithm's own.
public struct OnPolicyConfig: Codable, Sendable, Equatable, ConfigSection {
    /// Environment copies stepped together.
    public var environmentCount: Int
    /// Steps each copy takes per rollout (the batch is `environmentCount × rolloutSteps`).
    public var rolloutSteps: Int
    /// The optimiser's learning rate at the start.
    public var learningRate: Double
    /// Whether the learning rate decays linearly to zero over training.
    public var annealLearningRate: Bool
    /// The discount factor γ.
    public var gamma: Double
    /// The GAE λ (1: plain n-step returns).
    public var gaeLambda: Double
    /// Whether advantages are normalised (PPO: within each minibatch; A2C: over the rollout).
    public var normalizeAdvantages: Bool
    /// The weight of the entropy bonus.
    public var entropyCoefficient: Double
    /// The weight of the value loss (the mean squared error, as Stable-Baselines3 computes it;
    /// cleanrl's loss has an extra ½).
    public var valueCoefficient: Double
    /// The global gradient norm clip.
    public var maxGradientNorm: Double
    /// Hidden layer widths of the actor and of the critic.
    public var hiddenSizes: [Int]
    /// The hidden activation.
    public var activation: Activation
    /// The initial log standard deviation of continuous actions.
    public var initialLogStd: Double
    /// Whether observations are normalised by running statistics (saved in the bundle).
    public var normalizeObservations: Bool
    /// Whether rewards are scaled by the running deviation of the discounted return.
    public var normalizeRewards: Bool

    /// The shared fields; those without a default differ between the algorithms, whose configs
    /// give them.
    public init(environmentCount: Int = 8, rolloutSteps: Int, learningRate: Double, annealLearningRate: Bool,
                gamma: Double, gaeLambda: Double, normalizeAdvantages: Bool, entropyCoefficient: Double = 0,
                valueCoefficient: Double = 0.5, maxGradientNorm: Double = 0.5, hiddenSizes: [Int] = [64, 64],
                activation: Activation = .tanh, initialLogStd: Double = 0, normalizeObservations: Bool = false,
                normalizeRewards: Bool = false) {
        self.environmentCount = environmentCount
        self.rolloutSteps = rolloutSteps
        self.learningRate = learningRate
        self.annealLearningRate = annealLearningRate
        self.gamma = gamma
        self.gaeLambda = gaeLambda
        self.normalizeAdvantages = normalizeAdvantages
        self.entropyCoefficient = entropyCoefficient
        self.valueCoefficient = valueCoefficient
        self.maxGradientNorm = maxGradientNorm
        self.hiddenSizes = hiddenSizes
        self.activation = activation
        self.initialLogStd = initialLogStd
        self.normalizeObservations = normalizeObservations
        self.normalizeRewards = normalizeRewards
    }

    /// Transitions per rollout.
    public var batchSize: Int { environmentCount * rolloutSteps }

    /// Throws a ``TrainingError/invalidConfig(_:)`` naming the first bad field.
    public func validate() throws(TrainingError) {
        try ConfigCheck.positive(environmentCount, "environment_count", atMost: ConfigCheck.maximumCopies)
        try ConfigCheck.positive(rolloutSteps, "rollout_steps", atMost: ConfigCheck.maximumRolloutSteps)
        _ = try ConfigCheck.product(environmentCount, rolloutSteps, "environment_count × rollout_steps",
                                    atMost: ConfigCheck.maximumBatch)
        try ConfigCheck.positive(learningRate, "learning_rate")
        try ConfigCheck.unit(gamma, "gamma")
        try ConfigCheck.unit(gaeLambda, "gae_lambda")
        try ConfigCheck.nonNegative(entropyCoefficient, "entropy_coefficient")
        try ConfigCheck.nonNegative(valueCoefficient, "value_coefficient")
        try ConfigCheck.positive(maxGradientNorm, "max_gradient_norm")
        try ConfigCheck.layers(hiddenSizes, "hidden_sizes")
        try ConfigCheck.finite(initialLogStd, "initial_log_std")
    }
}

/// A config type nested in another whose fields config files write at the top level: the
/// loader (``ConfigLoading``) lists its fields as the outer config's own.
public protocol ConfigSection {}

/// An on-policy algorithm's config: the shared ``OnPolicyConfig`` plus the algorithm's own
/// fields. The shared fields read as the config's own (`config.learningRate`).
@dynamicMemberLookup
public protocol OnPolicyAlgorithmConfig: Codable, Sendable, Equatable {
    /// The fields PPO and A2C share.
    var onPolicy: OnPolicyConfig { get set }
    /// Throws a ``TrainingError/invalidConfig(_:)`` naming the first bad field.
    func validate() throws(TrainingError)
}

extension OnPolicyAlgorithmConfig {
    /// A shared field, read and written as if it were the config's own.
    public subscript<Value>(dynamicMember field: WritableKeyPath<OnPolicyConfig, Value>) -> Value {
        get { onPolicy[keyPath: field] }
        set { onPolicy[keyPath: field] = newValue }
    }

    /// A shared computed value (``OnPolicyConfig/batchSize``).
    public subscript<Value>(dynamicMember field: KeyPath<OnPolicyConfig, Value>) -> Value {
        onPolicy[keyPath: field]
    }
}

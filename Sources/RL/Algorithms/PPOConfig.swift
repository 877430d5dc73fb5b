import NN

/// Every hyperparameter of PPO (Schulman et al. 2017), one line each, following cleanrl's
/// `ppo.py`: the shared on-policy fields (``OnPolicyConfig``) and PPO's own. Sizes that follow
/// from others (batch and minibatch sizes) are computed, not set. Read from YAML or JSON with
/// snake_case keys (`learning_rate: 0.001`), every field at the top level; missing keys keep
/// these defaults, the RL-Zoo's values for CartPole-v1 (`n_envs 8`, `n_steps 32`, γ 0.98,
/// λ 0.8, 20 epochs of one minibatch, `lin_0.001` and `lin_0.2`). How long to train is not a
/// hyperparameter: it is `train(totalSteps:)`'s argument (see ``LearnerFactory``).
public struct PPOConfig: OnPolicyAlgorithmConfig {
    /// The fields PPO shares with A2C, with PPO's defaults.
    public var onPolicy = OnPolicyConfig(rolloutSteps: 32, learningRate: 1e-3, annealLearningRate: true,
                                         gamma: 0.98, gaeLambda: 0.8, normalizeAdvantages: true)
    /// Minibatches each epoch splits the batch into.
    public var minibatchCount = 1
    /// Passes over each rollout's batch.
    public var epochs = 20
    /// Adam's ε (cleanrl and SB3 use 1e-5, not PyTorch's 1e-8).
    public var adamEpsilon = 1e-5
    /// The policy ratio clip ε.
    public var clipRange = 0.2
    /// Whether the clip ε decays linearly to zero, as the RL-Zoo's `lin_0.2`.
    public var annealClipRange = true
    /// Whether value predictions are clipped around the rollout's values by `clipRange` (not annealed).
    public var clipValueLoss = false
    /// Stop an update's epochs early when a minibatch's approximate KL exceeds this (nil: never).
    public var targetKL: Double? = nil

    /// The defaults.
    public init() {}

    /// Transitions per gradient step.
    public var minibatchSize: Int { onPolicy.batchSize / minibatchCount }

    /// Throws a ``TrainingError/invalidConfig(_:)`` naming the first bad field.
    public func validate() throws(TrainingError) {
        try onPolicy.validate()
        let batchSize = onPolicy.batchSize
        try ConfigCheck.positive(minibatchCount, "minibatch_count", atMost: batchSize)
        try ConfigCheck.positive(epochs, "epochs", atMost: 10_000)
        guard batchSize % minibatchCount == 0 else {
            throw .invalidConfig("minibatch_count \(minibatchCount) does not divide the batch of \(batchSize) transitions")
        }
        try ConfigCheck.positive(adamEpsilon, "adam_epsilon")
        try ConfigCheck.positive(clipRange, "clip_range")
        if let targetKL { try ConfigCheck.positive(targetKL, "target_kl") }
    }

    // Flat on the wire: the shared fields sit beside PPO's own, as config files write them.
    private enum CodingKeys: String, CodingKey {
        case minibatchCount, epochs, adamEpsilon, clipRange, annealClipRange, clipValueLoss, targetKL
    }

    /// Reads the shared fields and PPO's own from one flat object.
    public init(from decoder: any Decoder) throws {
        onPolicy = try OnPolicyConfig(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        minibatchCount = try container.decode(Int.self, forKey: .minibatchCount)
        epochs = try container.decode(Int.self, forKey: .epochs)
        adamEpsilon = try container.decode(Double.self, forKey: .adamEpsilon)
        clipRange = try container.decode(Double.self, forKey: .clipRange)
        annealClipRange = try container.decode(Bool.self, forKey: .annealClipRange)
        clipValueLoss = try container.decode(Bool.self, forKey: .clipValueLoss)
        targetKL = try container.decodeIfPresent(Double.self, forKey: .targetKL)
    }

    /// Writes the shared fields and PPO's own into one flat object.
    public func encode(to encoder: any Encoder) throws {
        try onPolicy.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(minibatchCount, forKey: .minibatchCount)
        try container.encode(epochs, forKey: .epochs)
        try container.encode(adamEpsilon, forKey: .adamEpsilon)
        try container.encode(clipRange, forKey: .clipRange)
        try container.encode(annealClipRange, forKey: .annealClipRange)
        try container.encode(clipValueLoss, forKey: .clipValueLoss)
        try container.encodeIfPresent(targetKL, forKey: .targetKL)
    }
}

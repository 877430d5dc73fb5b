import NN

/// Every hyperparameter of A2C (Mnih et al. 2016, synchronous), one line each: the shared
/// on-policy fields (``OnPolicyConfig``) with Stable-Baselines3's defaults (5-step rollouts,
/// learning rate 7e-4, λ 1, no advantage normalisation) and A2C's own (RMSProp with α 0.99 and
/// ε 1e-5). Read from YAML or JSON with snake_case keys, every field at the top level.
public struct A2CConfig: OnPolicyAlgorithmConfig {
    /// The fields A2C shares with PPO, with A2C's defaults.
    public var onPolicy = OnPolicyConfig(rolloutSteps: 5, learningRate: 7e-4, annealLearningRate: false,
                                         gamma: 0.99, gaeLambda: 1.0, normalizeAdvantages: false)
    /// RMSProp's smoothing α.
    public var rmsPropAlpha = 0.99
    /// RMSProp's ε.
    public var rmsPropEpsilon = 1e-5

    /// The defaults.
    public init() {}

    /// Throws a ``TrainingError/invalidConfig(_:)`` naming the first bad field.
    public func validate() throws(TrainingError) {
        try onPolicy.validate()
        try ConfigCheck.unit(rmsPropAlpha, "rms_prop_alpha")
        try ConfigCheck.positive(rmsPropEpsilon, "rms_prop_epsilon")
    }

    // Flat on the wire: the shared fields sit beside A2C's own, as config files write them.
    private enum CodingKeys: String, CodingKey {
        case rmsPropAlpha, rmsPropEpsilon
    }

    /// Reads the shared fields and A2C's own from one flat object.
    public init(from decoder: any Decoder) throws {
        onPolicy = try OnPolicyConfig(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        rmsPropAlpha = try container.decode(Double.self, forKey: .rmsPropAlpha)
        rmsPropEpsilon = try container.decode(Double.self, forKey: .rmsPropEpsilon)
    }

    /// Writes the shared fields and A2C's own into one flat object.
    public func encode(to encoder: any Encoder) throws {
        try onPolicy.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(rmsPropAlpha, forKey: .rmsPropAlpha)
        try container.encode(rmsPropEpsilon, forKey: .rmsPropEpsilon)
    }
}

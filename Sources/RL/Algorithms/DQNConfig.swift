import NN

/// Every hyperparameter of DQN (Mnih et al. 2015) with the double-DQN target (van Hasselt et
/// al. 2016) as an option, one line each. Read from YAML or JSON with snake_case keys. The
/// defaults solve CartPole-v1: the RL-Zoo's CartPole values (learning rate 2.3e-3, 128
/// gradient steps every 256 steps, target copied every 10 steps) reached 340 and then
/// collapsed on every seed tried here, so these are steadier: one step every 4, a target
/// copied every 500, learning rate 1e-3.
public struct DQNConfig: Codable, Sendable, Equatable {
    /// Environment copies stepped together.
    public var environmentCount = 1
    /// Adam's learning rate.
    public var learningRate = 1e-3
    /// Transitions the replay buffer keeps (oldest overwritten first).
    public var bufferSize = 100_000
    /// Transitions per gradient step.
    public var batchSize = 64
    /// The discount factor γ.
    public var gamma = 0.99
    /// Steps taken with random actions before learning starts.
    public var learningStarts = 1_000
    /// Environment steps between training phases.
    public var trainFrequency = 4
    /// Gradient steps per training phase.
    public var gradientSteps = 1
    /// Environment steps between target-network updates.
    public var targetUpdateInterval = 500
    /// The target update's mixing weight τ (1: copy the online network).
    public var tau = 1.0
    /// ε at the start of training.
    public var initialEpsilon = 1.0
    /// ε after the exploration phase.
    public var finalEpsilon = 0.02
    /// The fraction of training over which ε decays linearly.
    public var explorationFraction = 0.2
    /// Whether the target uses the online network's greedy action (double DQN).
    public var doubleDQN = true
    /// The Huber loss's δ.
    public var huberDelta = 1.0
    /// The global gradient norm clip.
    public var maxGradientNorm = 10.0
    /// Hidden layer widths of the Q-network.
    public var hiddenSizes = [64, 64]
    /// The hidden activation.
    public var activation: Activation = .relu
    /// The defaults.
    public init() {}

    /// ε at environment step `step` of a run of `totalSteps`.
    public func epsilon(at step: Int, totalSteps: Int) -> Double {
        let duration = explorationFraction * Double(totalSteps)
        guard duration > 0 else { return finalEpsilon }
        let fraction = min(Double(step) / duration, 1)
        return initialEpsilon + fraction * (finalEpsilon - initialEpsilon)
    }

    /// Throws a ``TrainingError/invalidConfig(_:)`` naming the first bad field.
    public func validate() throws(TrainingError) {
        try ConfigCheck.positive(environmentCount, "environment_count", atMost: ConfigCheck.maximumCopies)
        try ConfigCheck.positive(learningRate, "learning_rate")
        try ConfigCheck.positive(bufferSize, "buffer_size", atMost: 1 << 26)
        try ConfigCheck.positive(batchSize, "batch_size", atMost: 1 << 20)
        try ConfigCheck.unit(gamma, "gamma")
        try ConfigCheck.nonNegative(learningStarts, "learning_starts")
        guard learningStarts <= ConfigCheck.maximumSteps else { throw .invalidConfig("learning_starts must be at most \(ConfigCheck.maximumSteps), got \(learningStarts)") }
        try ConfigCheck.positive(trainFrequency, "train_frequency", atMost: ConfigCheck.maximumSteps)
        try ConfigCheck.positive(gradientSteps, "gradient_steps", atMost: 1 << 20)
        try ConfigCheck.positive(targetUpdateInterval, "target_update_interval", atMost: ConfigCheck.maximumSteps)
        try ConfigCheck.unit(tau, "tau")
        guard tau > 0 else { throw .invalidConfig("tau must be positive, got \(tau)") }
        try ConfigCheck.unit(initialEpsilon, "initial_epsilon")
        try ConfigCheck.unit(finalEpsilon, "final_epsilon")
        try ConfigCheck.unit(explorationFraction, "exploration_fraction")
        try ConfigCheck.positive(huberDelta, "huber_delta")
        try ConfigCheck.positive(maxGradientNorm, "max_gradient_norm")
        try ConfigCheck.layers(hiddenSizes, "hidden_sizes")
        guard bufferSize >= batchSize else {
            throw .invalidConfig("buffer_size \(bufferSize) is smaller than batch_size \(batchSize)")
        }
    }
}

import NN
import RL

/// Hyperparameters that train each built-in environment well, in the spirit of the RL-Zoo's
/// `hyperparams/*.yml`: `frontier train` starts from these, and a `--config` file overrides
/// them key by key. Environments without an entry get the algorithms' own defaults.
public enum TunedHyperparameters {
    /// The defaults for `environmentID`.
    public static func defaults(for environmentID: String) -> AlgorithmDefaults {
        var defaults = AlgorithmDefaults()
        switch environmentID {
        case "CartPole-v1":
            defaults.ppo = cartPolePPO  // DQN's and A2C's defaults are tuned for CartPole already
        case "Acrobot-v1":
            defaults.ppo = acrobotPPO
            defaults.a2c.normalizeObservations = true
            defaults.a2c.entropyCoefficient = 0
            defaults.a2c.totalSteps = 500_000
            defaults.dqn = acrobotDQN
        case "Pendulum-v1":
            defaults.ppo = pendulumPPO
            defaults.a2c = pendulumA2C
        case "MountainCar-v0":
            defaults.ppo = mountainCarPPO
            defaults.dqn = mountainCarDQN
        default:
            break
        }
        return defaults
    }

    /// The RL-Zoo's CartPole PPO (8 copies × 32 steps, γ 0.98, λ 0.8, annealed learning rate
    /// and clip) with 4 epochs of 8 minibatches at learning rate 2e-3 instead of 20 epochs of
    /// one: over seeds 0–9 it solves in a median 0.35 s against 1.4 s for the zoo's values.
    static var cartPolePPO: PPOConfig {
        var config = PPOConfig()
        config.epochs = 4
        config.minibatchCount = 8
        config.learningRate = 2e-3
        return config
    }

    static var acrobotPPO: PPOConfig {
        var config = PPOConfig()
        config.environmentCount = 8
        config.rolloutSteps = 128
        config.minibatchCount = 4
        config.epochs = 4
        config.learningRate = 1e-3
        config.annealClipRange = false
        config.gamma = 0.99
        config.gaeLambda = 0.95
        config.normalizeObservations = true
        config.totalSteps = 200_000
        return config
    }

    static var acrobotDQN: DQNConfig {
        var config = DQNConfig()
        config.learningRate = 6.3e-4
        config.batchSize = 128
        config.bufferSize = 50_000
        config.learningStarts = 0
        config.gamma = 0.99
        config.targetUpdateInterval = 250
        config.trainFrequency = 4
        config.gradientSteps = 1
        config.explorationFraction = 0.12
        config.finalEpsilon = 0.1
        config.totalSteps = 100_000
        return config
    }

    static var pendulumPPO: PPOConfig {
        var config = PPOConfig()
        config.environmentCount = 4
        config.rolloutSteps = 512
        config.minibatchCount = 32
        config.epochs = 10
        config.learningRate = 1e-3
        config.annealClipRange = false
        config.gamma = 0.9
        config.gaeLambda = 0.95
        config.normalizeObservations = true
        config.normalizeRewards = true
        config.totalSteps = 300_000
        return config
    }

    static var pendulumA2C: A2CConfig {
        var config = A2CConfig()
        config.environmentCount = 8
        config.gamma = 0.9
        config.normalizeRewards = true
        config.totalSteps = 500_000
        return config
    }

    static var mountainCarPPO: PPOConfig {
        var config = PPOConfig()
        config.environmentCount = 16
        config.rolloutSteps = 16
        config.epochs = 4
        config.gaeLambda = 0.98
        config.gamma = 0.99
        config.annealLearningRate = false
        config.annealClipRange = false
        config.normalizeObservations = true
        config.totalSteps = 1_000_000
        return config
    }

    static var mountainCarDQN: DQNConfig {
        var config = DQNConfig()
        config.learningRate = 4e-3
        config.batchSize = 128
        config.bufferSize = 10_000
        config.learningStarts = 1_000
        config.gamma = 0.98
        config.targetUpdateInterval = 600
        config.trainFrequency = 16
        config.gradientSteps = 8
        config.explorationFraction = 0.2
        config.finalEpsilon = 0.07
        config.hiddenSizes = [256, 256]
        config.totalSteps = 120_000
        return config
    }
}

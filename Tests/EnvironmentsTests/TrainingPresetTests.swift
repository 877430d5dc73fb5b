import Environments
import Foundation
import RL
import Testing

@Suite("Training presets of the built-in environments")
struct TrainingPresetTests {
    @Test("every registered preset names known keys with valid values, for an algorithm that exists")
    func presetsApply() throws {
        for entry in EnvironmentRegistry.builtIn.all {
            let id = entry.metadata.id
            for algorithm in entry.trainingPresets.keys {
                // Throws naming the environment and the key when a preset is wrong.
                let steps = try LearnerFactory.totalSteps(algorithm, environmentID: id, registry: .builtIn)
                #expect(steps > 0)
            }
        }
    }

    /// The hyperparameters `frontier train` uses for each environment, spelled out field by field
    /// so that a preset never changes under users' feet by accident. The one deliberate change
    /// since the presets moved into the registry: Acrobot's PPO gained an entropy bonus of 0.01
    /// (see AcrobotPresets.swift and PresetLearningTests).
    @Test("the presets give the hyperparameters and run lengths frontier train uses")
    func presetsAreUnchanged() throws {
        func ppo(_ id: String) throws -> (PPOConfig, Int) {
            try LearnerFactory.configuration(PPOConfig.self, environmentID: id, registry: .builtIn)
        }
        func a2c(_ id: String) throws -> (A2CConfig, Int) {
            try LearnerFactory.configuration(A2CConfig.self, environmentID: id, registry: .builtIn)
        }
        func dqn(_ id: String) throws -> (DQNConfig, Int) {
            try LearnerFactory.configuration(DQNConfig.self, environmentID: id, registry: .builtIn)
        }

        var cartPolePPO = PPOConfig()
        (cartPolePPO.epochs, cartPolePPO.minibatchCount, cartPolePPO.learningRate) = (4, 8, 2e-3)
        #expect(try ppo("CartPole-v1") == (cartPolePPO, 100_000))
        #expect(try a2c("CartPole-v1") == (A2CConfig(), 200_000))
        #expect(try dqn("CartPole-v1") == (DQNConfig(), 60_000))

        var acrobotPPO = PPOConfig()
        (acrobotPPO.environmentCount, acrobotPPO.rolloutSteps, acrobotPPO.minibatchCount, acrobotPPO.epochs) = (8, 128, 4, 4)
        (acrobotPPO.learningRate, acrobotPPO.annealClipRange, acrobotPPO.gamma, acrobotPPO.gaeLambda) = (1e-3, false, 0.99, 0.95)
        (acrobotPPO.normalizeObservations, acrobotPPO.entropyCoefficient) = (true, 0.01)
        #expect(try ppo("Acrobot-v1") == (acrobotPPO, 200_000))
        var acrobotA2C = A2CConfig()
        acrobotA2C.normalizeObservations = true
        #expect(try a2c("Acrobot-v1") == (acrobotA2C, 500_000))
        var acrobotDQN = DQNConfig()
        (acrobotDQN.learningRate, acrobotDQN.batchSize, acrobotDQN.bufferSize, acrobotDQN.learningStarts) = (6.3e-4, 128, 50_000, 0)
        (acrobotDQN.gamma, acrobotDQN.targetUpdateInterval, acrobotDQN.trainFrequency, acrobotDQN.gradientSteps) = (0.99, 250, 4, 1)
        (acrobotDQN.explorationFraction, acrobotDQN.finalEpsilon) = (0.12, 0.1)
        #expect(try dqn("Acrobot-v1") == (acrobotDQN, 100_000))

        var pendulumPPO = PPOConfig()
        (pendulumPPO.environmentCount, pendulumPPO.rolloutSteps, pendulumPPO.minibatchCount, pendulumPPO.epochs) = (4, 512, 32, 10)
        (pendulumPPO.learningRate, pendulumPPO.annealClipRange, pendulumPPO.gamma, pendulumPPO.gaeLambda) = (1e-3, false, 0.9, 0.95)
        (pendulumPPO.normalizeObservations, pendulumPPO.normalizeRewards) = (true, true)
        #expect(try ppo("Pendulum-v1") == (pendulumPPO, 300_000))
        var pendulumA2C = A2CConfig()
        (pendulumA2C.environmentCount, pendulumA2C.gamma, pendulumA2C.normalizeRewards) = (8, 0.9, true)
        #expect(try a2c("Pendulum-v1") == (pendulumA2C, 500_000))

        var mountainCarPPO = PPOConfig()
        (mountainCarPPO.environmentCount, mountainCarPPO.rolloutSteps, mountainCarPPO.epochs) = (16, 16, 4)
        (mountainCarPPO.gaeLambda, mountainCarPPO.gamma, mountainCarPPO.annealLearningRate) = (0.98, 0.99, false)
        (mountainCarPPO.annealClipRange, mountainCarPPO.normalizeObservations) = (false, true)
        #expect(try ppo("MountainCar-v0") == (mountainCarPPO, 1_000_000))
        var mountainCarDQN = DQNConfig()
        (mountainCarDQN.learningRate, mountainCarDQN.batchSize, mountainCarDQN.bufferSize, mountainCarDQN.learningStarts) = (4e-3, 128, 10_000, 1_000)
        (mountainCarDQN.gamma, mountainCarDQN.targetUpdateInterval, mountainCarDQN.trainFrequency, mountainCarDQN.gradientSteps) = (0.98, 600, 16, 8)
        (mountainCarDQN.explorationFraction, mountainCarDQN.finalEpsilon, mountainCarDQN.hiddenSizes) = (0.2, 0.07, [256, 256])
        #expect(try dqn("MountainCar-v0") == (mountainCarDQN, 120_000))

        // Environments without presets train with the algorithms' defaults.
        #expect(try ppo("SAT-v0") == (PPOConfig(), 100_000))
    }
}

import Environments
import Foundation
import NN
import Tensor
import Testing
@testable import RL

@Suite("PPO, A2C and DQN learn")
struct AlgorithmTests {
    static func cartPole(_: Int) -> any Environment { try! EnvironmentRegistry.builtIn.make("CartPole-v1") }

    static func evaluate(_ policy: any Policy, _ id: String, seed: UInt64 = 1_000, statistics: RunningMeanStd? = nil,
                         clip: Double? = nil) -> Double {
        let loaded = LoadedPolicy(policy: policy, observationStatistics: statistics, observationClip: clip, environmentID: id)
        return try! PolicyEvaluation.evaluate(loaded, on: try! EnvironmentRegistry.builtIn.make(id), episodes: 10, seed: seed).mean
    }

    @Test("PPO solves CartPole-v1 (10 deterministic episodes average at least 475)")
    func ppoSolvesCartPole() throws {
        let tuned = try LearnerFactory.configuration(PPOConfig.self, environmentID: "CartPole-v1", registry: .builtIn).config
        let ppo = try PPO(config: tuned, seed: 0, makeEnvironment: Self.cartPole)
        var best = 0.0
        var nextCheck = 5_000
        ppo.train(totalSteps: 100_000, hooks: TrainingHooks(shouldStop: { progress in
            guard progress.step >= nextCheck else { return false }
            nextCheck += 5_000
            best = max(best, Self.evaluate(ppo.model, "CartPole-v1"))
            return best >= 475
        }))
        #expect(best >= 475, "best evaluation \(best)")
    }

    @Test("training is reproducible: the same seed gives the same curve and weights")
    func reproducible() throws {
        func run() throws -> ([EpisodeRecord], [Float]) {
            let ppo = try PPO(config: PPOConfig(), seed: 7, makeEnvironment: Self.cartPole)
            let summary = ppo.train(totalSteps: 4_096)
            return (summary.episodes, ppo.model.namedParameters.flatMap { $0.parameter.scalars })
        }
        let (firstCurve, firstWeights) = try run()
        let (secondCurve, secondWeights) = try run()
        #expect(!firstCurve.isEmpty)
        #expect(firstCurve == secondCurve)
        #expect(firstWeights == secondWeights)
    }

    @Test("PPO with Gaussian actions learns a continuous task")
    func ppoContinuous() throws {
        var config = PPOConfig()
        config.environmentCount = 4
        config.rolloutSteps = 64
        config.minibatchCount = 4
        config.epochs = 4
        config.learningRate = 3e-3
        config.annealClipRange = false
        let ppo = try PPO(config: config, seed: 3) { _ in TargetEnvironment() }
        let before = Self.evaluateTarget(ppo.model)
        ppo.train(totalSteps: 20_000)
        let after = Self.evaluateTarget(ppo.model)
        #expect(after > -0.02 && after > before, "mean reward \(before) -> \(after)")
        #expect(ppo.model.logStd != nil)
    }

    static func evaluateTarget(_ policy: any Policy) -> Double {
        let loaded = LoadedPolicy(policy: policy, observationStatistics: nil, environmentID: "Target-v0")
        return try! PolicyEvaluation.evaluate(loaded, on: TargetEnvironment(), episodes: 200, seed: 99).mean
    }

    @Test("A2C improves on CartPole-v1")
    func a2cLearns() throws {
        let a2c = try A2C(config: A2CConfig(), seed: 1, makeEnvironment: Self.cartPole)
        let before = Self.evaluate(a2c.model, "CartPole-v1")
        a2c.train(totalSteps: 60_000)
        let after = Self.evaluate(a2c.model, "CartPole-v1")
        #expect(after >= 150 && after > 2 * before, "mean return \(before) -> \(after)")
    }

    @Test("DQN solves CartPole-v1 with its default hyperparameters")
    func dqnSolvesCartPole() throws {
        let dqn = try DQN(config: DQNConfig(), seed: 0, makeEnvironment: Self.cartPole)
        dqn.train(totalSteps: Algorithm.dqn.defaultTotalSteps)
        let mean = Self.evaluate(dqn.model, "CartPole-v1")
        #expect(mean >= 475, "mean return \(mean)")
    }

    @Test("DQN learns the optimal action values of a bandit")
    func dqnLearnsBandit() throws {
        var config = DQNConfig()
        config.learningStarts = 100
        config.trainFrequency = 4
        config.gradientSteps = 1
        config.targetUpdateInterval = 50
        config.batchSize = 32
        config.hiddenSizes = [16]
        config.learningRate = 1e-2
        let dqn = try DQN(config: config, seed: 0) { _ in BanditEnvironment() }
        dqn.train(totalSteps: 2_000)
        let q = noGrad { dqn.model.qValues(Tensor(shape: [1, 1], scalars: [1])).scalars }
        #expect(abs(q[0]) < 0.1 && abs(q[1] - 1) < 0.1, "Q-values \(q)")
    }

    @Test("configs refuse bad values with the field's name")
    func validation() {
        var ppo = PPOConfig()
        ppo.minibatchCount = 3
        #expect(throws: TrainingError.invalidConfig("minibatch_count 3 does not divide the batch of 256 transitions")) { try ppo.validate() }
        var dqn = DQNConfig()
        dqn.gamma = 1.5
        #expect(throws: TrainingError.invalidConfig("gamma must lie in [0, 1], got 1.5")) { try dqn.validate() }
        var a2c = A2CConfig()
        a2c.hiddenSizes = []
        #expect(throws: TrainingError.self) { try a2c.validate() }
        #expect(throws: TrainingError.self) {
            try DQN(config: DQNConfig(), seed: 0) { _ in TargetEnvironment() }
        }
    }
}

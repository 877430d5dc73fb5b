import Environments
import Foundation
import NN
import Tensor
import Testing
@testable import RL

@Suite("PPO resumes bit-identically")
struct PPOResumeTests {
    static func make(_ id: String, _ config: PPOConfig, seed: UInt64) throws -> PPO {
        try PPO(config: config, seed: seed) { _ in try! EnvironmentRegistry.builtIn.make(id) }
    }

    static func weights(_ ppo: PPO) -> [[Float]] { ppo.model.namedParameters.map { $0.parameter.scalars } }

    /// Trains 2N steps at once, and N steps, saves (through JSON), rebuilds, restores and trains N
    /// more; the weights, the optimiser state and the normaliser must agree bit for bit.
    @Test(arguments: [("CartPole-v1", false), ("Pendulum-v1", true)])
    func trainingInTwoPiecesEqualsTrainingAtOnce(id: String, normalize: Bool) throws {
        var config = PPOConfig()
        config.environmentCount = 4
        config.rolloutSteps = 64
        config.epochs = 2
        config.minibatchCount = 4
        config.normalizeObservations = normalize
        config.normalizeRewards = normalize
        let half = 6 * config.batchSize

        let straight = try Self.make(id, config, seed: 3)
        straight.scheduleHorizon = 2 * half
        straight.train(totalSteps: 2 * half)

        let first = try Self.make(id, config, seed: 3)
        first.scheduleHorizon = 2 * half
        first.train(totalSteps: half)
        let (state, optimizer) = try first.resumeState()
        let reloaded = try ResumeState.decode(json: try state.json())
        #expect(reloaded == state, "the JSON round trip is exact")
        // A fresh learner from another seed: everything that matters must come from the state.
        let second = try Self.make(id, config, seed: 99)
        try second.restore(reloaded, optimizer: optimizer, parameters: first.model.stateDict())
        #expect(second.scheduleHorizon == 2 * half)
        let summary = second.train(totalSteps: half)
        #expect(summary.steps == 2 * half)
        #expect(Self.weights(second) == Self.weights(straight))
        #expect(second.normalizer?.export() == straight.normalizer?.export())
        #expect(try second.resumeState().state.generators == straight.resumeState().state.generators)
    }

    @Test func withoutAHorizonEachCallAnnealsOverItsOwnSteps() throws {
        // The behaviour runs trained before resuming existed keep: a single call anneals from the
        // full rate to zero over its own steps whether or not a horizon equal to it is set.
        var config = PPOConfig()
        config.environmentCount = 2
        config.rolloutSteps = 32
        config.epochs = 1
        let plain = try Self.make("CartPole-v1", config, seed: 5)
        plain.train(totalSteps: 8 * config.batchSize)
        let planned = try Self.make("CartPole-v1", config, seed: 5)
        planned.scheduleHorizon = 8 * config.batchSize
        planned.train(totalSteps: 8 * config.batchSize)
        #expect(Self.weights(plain) == Self.weights(planned))
    }

    @Test func aStateThatDoesNotFitIsRefused() throws {
        var config = PPOConfig()
        config.environmentCount = 2
        config.rolloutSteps = 16
        let ppo = try Self.make("CartPole-v1", config, seed: 1)
        ppo.train(totalSteps: config.batchSize)
        let (state, optimizer) = try ppo.resumeState()
        var otherCount = config
        otherCount.environmentCount = 3
        #expect(throws: ResumeError.self) {
            try Self.make("CartPole-v1", otherCount, seed: 1).restore(state, optimizer: optimizer, parameters: ppo.model.stateDict())
        }
        var damaged = state
        damaged.environments[0].numbers[0] = .nan
        #expect(throws: EnvironmentError.self) {
            try Self.make("CartPole-v1", config, seed: 1).restore(damaged, optimizer: optimizer, parameters: ppo.model.stateDict())
        }
        var wrongKind = state
        wrongKind.environments[1].inner[0].inner[0].kind = "Pendulum-v1"
        #expect(throws: EnvironmentError.self) {
            try Self.make("CartPole-v1", config, seed: 1).restore(wrongKind, optimizer: optimizer, parameters: ppo.model.stateDict())
        }
    }
}

@Suite("A2C resumes bit-identically (the on-policy learner PPO shares)")
struct A2CResumeTests {
    @Test func trainingInTwoPiecesEqualsTrainingAtOnce() throws {
        var config = A2CConfig()
        config.environmentCount = 4
        config.annealLearningRate = true
        config.normalizeObservations = true
        let half = 50 * config.batchSize
        func make(seed: UInt64) throws -> A2C {
            try A2C(config: config, seed: seed) { _ in try! EnvironmentRegistry.builtIn.make("CartPole-v1") }
        }
        let straight = try make(seed: 2)
        straight.scheduleHorizon = 2 * half
        straight.train(totalSteps: 2 * half)

        let first = try make(seed: 2)
        first.scheduleHorizon = 2 * half
        first.train(totalSteps: half)
        let (state, optimizer) = try first.resumeState()
        #expect(state.algorithm == "a2c" && state.generators.keys.sorted() == ["actions"])
        let second = try make(seed: 77)
        try second.restore(try ResumeState.decode(json: try state.json()), optimizer: optimizer, parameters: first.model.stateDict())
        second.train(totalSteps: half)
        #expect(second.model.namedParameters.map { $0.parameter.scalars } == straight.model.namedParameters.map { $0.parameter.scalars })
        // A PPO run's state is not an A2C run's.
        var ppoState = state
        ppoState.algorithm = "ppo"
        #expect(throws: ResumeError.self) { try make(seed: 2).restore(ppoState, optimizer: optimizer, parameters: first.model.stateDict()) }
    }
}

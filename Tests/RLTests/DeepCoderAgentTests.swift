import Environments
import Foundation
import Tensor
import Testing
@testable import RL

@Suite("A PPO agent writes DSL programs in DeepCoder-v0's episode form")
struct DeepCoderAgentTests {
    /// The fraction of `episodes` tasks of `length` solved (every hidden example passed) by
    /// choosing actions with `choose`, episode `i` from seed `seed + i`.
    static func solveRate(length: Int, episodes: Int, seed: UInt64,
                          choose: (DeepCoderEnvironment, [Float], inout PhiloxGenerator) -> Int) throws -> Double {
        let environment = try DeepCoderEnvironment(options: ["length": Double(length)])
        var generator = PhiloxGenerator(seed: seed ^ 0xC0DE)
        var solved = 0
        for episode in 0..<episodes {
            var observation = environment.reset(seed: seed + UInt64(episode)).observation
            while true {
                let transition = environment.step(.discrete(choose(environment, observation, &generator)))
                observation = transition.observation
                if transition.isDone {
                    if transition.info["solved"] == 1 { solved += 1 }
                    break
                }
            }
        }
        return Double(solved) / Double(episodes)
    }

    /// Uniform among the allowed actions: the random agent with the same step budget.
    static func randomAgent(_ environment: DeepCoderEnvironment, _: [Float], _ generator: inout PhiloxGenerator) -> Int {
        let mask = environment.actionMask()
        let allowed = mask.indices.filter { mask[$0] }
        return allowed[generator.nextInt(below: allowed.count)]
    }

    @Test("PPO solves clearly more length-1 and length-2 tasks than a random agent with the same step budget")
    func ppoBeatsRandom() throws {
        var config = PPOConfig()
        config.environmentCount = 8
        config.rolloutSteps = 64
        config.minibatchCount = 4
        config.epochs = 4
        config.learningRate = 5e-4
        config.gamma = 0.99
        config.gaeLambda = 0.95
        config.entropyCoefficient = 0.01
        config.hiddenSizes = [64, 64]
        let ppo = try PPO(config: config, seed: 0) { index in
            try! EnvironmentRegistry.builtIn.make("DeepCoder-v0", options: ["length": Double(1 + index % 2)])
        }
        ppo.train(totalSteps: 120_000)
        let policy = LoadedPolicy(policy: ppo.model, observationStatistics: nil, environmentID: DeepCoderEnvironment.id)
        for length in [1, 2] {
            let trained = try Self.solveRate(length: length, episodes: 100, seed: 50_000) { _, observation, generator in
                (try? policy.action(for: observation, deterministic: false, using: &generator))?.discreteIndex(for: "DeepCoder-v0") ?? 0
            }
            let random = try Self.solveRate(length: length, episodes: 100, seed: 50_000, choose: Self.randomAgent)
            print("DeepCoder-v0 length \(length): PPO solves \(trained), random agent \(random)")
            #expect(trained >= random + 0.15, "length \(length): PPO \(trained), random \(random)")
        }
    }
}

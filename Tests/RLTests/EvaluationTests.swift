import Environments
import Tensor
import Testing
@testable import RL

@Suite("Policy evaluation")
struct EvaluationTests {
    @Test("statistics: mean, population std, Student-t interval")
    func statistics() {
        let result = EvaluationResult(environment: "X", returns: [1, 2, 3, 4], lengths: [1, 1, 1, 1], seed: 0, deterministic: true)
        #expect(result.mean == 2.5)
        #expect(abs(result.standardDeviation - 1.25.squareRoot()) < 1e-12)
        let halfWidth = 3.182 * (5.0 / 3).squareRoot() / 2
        #expect(abs(result.confidenceInterval95.upperBound - (2.5 + halfWidth)) < 1e-9)
        #expect(result.json.hasPrefix("{\"ci95\": ["))
        #expect(result.json.contains("\"episodes\": 4") && result.json.contains("\"mean\": 2.5"))
        #expect(abs(StudentT.quantile975(degreesOfFreedom: 100) - 1.984) < 2e-3)
    }

    @Test("evaluation is a pure function of policy, environment and seed")
    func deterministic() throws {
        var generator = PhiloxGenerator(seed: 2)
        let policy = ActorCritic(.init(observationSize: 4, actionSpace: .discrete(DiscreteSpace(2))), using: &generator)
        let loaded = LoadedPolicy(policy: policy, observationStatistics: nil, environmentID: "CartPole-v1")
        func run(_ deterministic: Bool) throws -> EvaluationResult {
            try PolicyEvaluation.evaluate(loaded, on: try EnvironmentRegistry.builtIn.make("CartPole-v1"), episodes: 5, seed: 42,
                                      deterministic: deterministic)
        }
        #expect(try run(true) == run(true))
        #expect(try run(false) == run(false))
        let result = try run(true)
        #expect(result.episodes == 5 && result.lengths.allSatisfy { $0 >= 1 && $0 <= 500 })
        #expect(zip(result.returns, result.lengths).allSatisfy { $0 == Double($1) }, "CartPole pays 1 per step")
    }
}

@Suite("Policy evaluation against a broken environment")
struct PolicyEvaluationFaultTests {
    @Test("an environment that breaks its contract is reported, never fed to the network", arguments: [0, 1, 2])
    func brokenEnvironment(how: Int) {
        var generator = PhiloxGenerator(seed: 2)
        let policy = ActorCritic(.init(observationSize: 1, actionSpace: .discrete(DiscreteSpace(2))), using: &generator)
        let loaded = LoadedPolicy(policy: policy, observationStatistics: nil, environmentID: "Breaking-v0")
        do {
            _ = try PolicyEvaluation.evaluate(loaded, on: BreakingEnvironment(breakAt: 3, how: how), episodes: 2, seed: 1)
            Issue.record("a broken environment was accepted")
        } catch {
            guard case let .environment(id, reason) = error else { Issue.record("\(error)"); return }
            #expect(id == "Breaking-v0")
            #expect(reason.contains(["an observation of 3 values", "non-finite reward", "non-finite observation"][how]), "\(reason)")
        }
    }
}

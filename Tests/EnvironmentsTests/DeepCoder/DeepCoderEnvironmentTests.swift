import Environments
import RL
import Tensor
import Testing

@Suite("DeepCoder-v0: writing list-DSL programs one choice at a time")
struct DeepCoderEnvironmentTests {
    @Test("writing the task's own solution and submitting scores 1; the mask allows exactly those choices")
    func solutionScoresOne() throws {
        let environment = try DeepCoderEnvironment(options: ["length": 3])
        for seed in 0..<20 as Range<UInt64> {
            _ = environment.reset(seed: seed)
            let solution = try #require(environment.task?.solution)
            var total = 0.0
            var last: Transition?
            for statement in solution.statements {
                for action in DeepCoderAction.actions(for: statement) {
                    #expect(environment.actionMask()[action.index], "seed \(seed): \(action) is masked")
                    last = environment.step(.discrete(action.index))
                    total += last!.reward
                }
            }
            #expect(environment.program()?.statements == solution.statements)
            let run = environment.step(.discrete(DeepCoderAction.runVisibleTests.index))
            let feedbackPassed = run.observation[environment.observationSpaceRange("feedback").lowerBound + 1]
            #expect(feedbackPassed == 1)
            let submitted = environment.step(.discrete(DeepCoderAction.submit.index))
            #expect(submitted.terminated)
            #expect(submitted.info["score"] == 1 && submitted.info["solved"] == 1)
            #expect(abs(submitted.reward - (1 - 0.01)) < 1e-12)
        }
    }

    @Test("the mask: no commands on an empty program, only a lambda of the right kind after MAP, only typed arguments")
    func mask() throws {
        let environment = try DeepCoderEnvironment(options: ["length": 1])
        _ = environment.reset(seed: 4)
        var mask = environment.actionMask()
        #expect(!mask[DeepCoderAction.submit.index] && !mask[DeepCoderAction.runVisibleTests.index] && !mask[DeepCoderAction.deleteLast.index])
        #expect(mask[DeepCoderAction.function(.map).index] || environment.task!.inputTypes.allSatisfy { $0 == .int })
        if mask[DeepCoderAction.function(.map).index] {
            _ = environment.step(.discrete(DeepCoderAction.function(.map).index))
            mask = environment.actionMask()
            let allowed = (0..<DeepCoderAction.count).filter { mask[$0] }.compactMap { DeepCoderAction(index: $0) }
            for action in allowed {
                switch action {
                case let .lambda(lambda): #expect(lambda.kind == .unary)
                case .deleteLast: break
                default: Issue.record("\(action) allowed after choosing MAP")
                }
            }
        }
        // A masked action costs its step and changes nothing.
        let before = environment.program()
        let wasted = environment.step(.discrete(DeepCoderAction.submit.index))
        #expect(!wasted.isDone && environment.program() == before)
    }

    @Test("episodes are a function of the seed; observations lie in the space; the step limit truncates")
    func determinismAndLimit() throws {
        func run(_ seed: UInt64) throws -> [[Float]] {
            let environment = try DeepCoderEnvironment(options: ["steps": 10])
            var observations = [environment.reset(seed: seed).observation]
            var generator = PhiloxGenerator(seed: 1)
            for step in 1...10 {
                let mask = environment.actionMask()
                let allowed = (0..<DeepCoderAction.count).filter { mask[$0] && $0 != DeepCoderAction.submit.index }
                let transition = environment.step(.discrete(allowed[generator.nextInt(below: allowed.count)]))
                #expect(environment.observationSpace.contains(observation: transition.observation))
                observations.append(transition.observation)
                #expect(transition.truncated == (step == 10))
            }
            return observations
        }
        #expect(try run(3) == run(3))
        #expect(try run(3) != run(4))
    }

    @Test("options: a missing task file and out-of-range settings are refused by name")
    func options() {
        #expect(throws: EnvironmentError.self) { try DeepCoderEnvironment(options: EnvironmentOptions(values: [:], strings: ["tasks": "/nonexistent.jsonl"])) }
        #expect(throws: EnvironmentError.self) { try DeepCoderEnvironment(options: ["length": 9]) }
        #expect(throws: EnvironmentError.self) { try DeepCoderEnvironment(options: ["steps": 1]) }
    }
}

extension DeepCoderEnvironment {
    /// Where the part `key` lies in the flat observation.
    func observationSpaceRange(_ key: String) -> Range<Int> {
        guard case let .dict(dict) = observationSpace, let range = dict.range(of: key) else { return 0..<0 }
        return range
    }
}

import Checkpoint
import Environments
import Foundation
import RL
import SafeYAML
import Tensor
import Testing
@testable import Evaluation

/// An environment that misbehaves on purpose, as a third-party one might: `mode` 0 returns a
/// short observation at step 3, 1 a NaN reward at step 2, 2 never ends, 3 behaves (ends after
/// 5 steps with reward 1 each).
final class MisbehavingEnvironment: Environment {
    let mode: Int
    var steps = 0
    let observationSpace = Space.box(BoxSpace(low: -1, high: 1, shape: [4]))
    let actionSpace = Space.discrete(DiscreteSpace(2))
    var metadata: EnvironmentMetadata { EnvironmentMetadata(id: "Misbehaving-v0", version: 0, scoreMapping: .linear(worst: 0, best: 5)) }

    init(mode: Int) { self.mode = mode }

    func reset(seed: UInt64?) -> Reset {
        steps = 0
        return Reset(observation: [0, 0, 0, 0])
    }

    func step(_ action: Action) -> Transition {
        steps += 1
        switch mode {
        case 0 where steps == 3: return Transition(observation: [0, 0], reward: 1, terminated: false, truncated: false)
        case 1 where steps == 2: return Transition(observation: [0, 0, 0, 0], reward: .nan, terminated: false, truncated: false)
        case 2: return Transition(observation: [0, 0, 0, 0], reward: 0, terminated: false, truncated: false)
        default: return Transition(observation: [0, 0, 0, 0], reward: 1, terminated: steps >= 5, truncated: false)
        }
    }
}

@Suite("Evaluation pipeline")
struct PipelineTests {
    static var registry: EnvironmentRegistry {
        var registry = EnvironmentRegistry.builtIn
        registry.register(.init(metadata: EnvironmentMetadata(id: "Misbehaving-v0", version: 0, scoreMapping: .linear(worst: 0, best: 5)),
                                summary: "misbehaves on purpose") { options throws(EnvironmentError) in
            var options = options
            return MisbehavingEnvironment(mode: Int(try options.value("mode", default: 3, range: 0...3, environment: "Misbehaving-v0")))
        })
        return registry
    }

    /// A policy for 4 observations and 2 actions, seeded: fits CartPole-v1 and Misbehaving-v0.
    static func entry(_ id: String, seed: UInt64) throws -> BundleEntry {
        var generator = PhiloxGenerator(seed: seed)
        let policy = ActorCritic(.init(observationSize: 4, actionSpace: .discrete(DiscreteSpace(2)), hiddenSizes: [16]), using: &generator)
        return try PolicyBundle.entry(environmentID: id, policy: policy, observationSpace: .box(BoxSpace(low: -1, high: 1, shape: [4])),
                                      observationStatistics: nil, metadata: [:])
    }

    static let suite = Suite(name: "test", environments: [
        .init(id: "CartPole-v1", episodes: 12),
        .init(id: "Acrobot-v1", episodes: 3),
    ])

    @Test("results are bit-identical between runs and thread counts, and every miner plays the same seeds")
    func deterministic() throws {
        let bundle = CheckpointBundle(entries: [try Self.entry("CartPole-v1", seed: 1)])
        let other = CheckpointBundle(entries: [try Self.entry("CartPole-v1", seed: 2)])
        let serial = try BundleEvaluator(registry: Self.registry, threads: 1).evaluate(bundle, suite: Self.suite, seed: 9)
        let parallel = try BundleEvaluator(registry: Self.registry, threads: 4).evaluate(bundle, suite: Self.suite, seed: 9)
        let again = try BundleEvaluator(registry: Self.registry, threads: 3).evaluate(bundle, suite: Self.suite, seed: 9)
        #expect(serial == parallel && parallel == again)
        let cartPole = try #require(serial.results(for: "CartPole-v1"))
        #expect(cartPole.episodes.count == 12 && cartPole.completed == 12)
        #expect(Set(cartPole.episodes.map(\.seed)).count == 12, "every task has its own seed")
        for episode in cartPole.episodes {
            #expect(episode.score == (episode.episodeReturn ?? -1) / 500)
            #expect(episode.seed == TaskSeeds(epochSeed: 9).seed(environment: "CartPole-v1", task: episode.task))
        }
        let otherResults = try BundleEvaluator(registry: Self.registry, threads: 2).evaluate(other, suite: Self.suite, seed: 9)
        #expect(otherResults.results(for: "CartPole-v1")!.episodes.map(\.seed) == cartPole.episodes.map(\.seed))
        let reseeded = try BundleEvaluator(registry: Self.registry, threads: 2).evaluate(bundle, suite: Self.suite, seed: 10)
        #expect(reseeded.results(for: "CartPole-v1")!.episodes.map(\.seed) != cartPole.episodes.map(\.seed))
    }

    @Test("a bundle without a policy for an environment is incomplete there, never a crash")
    func missingPolicy() throws {
        let bundle = CheckpointBundle(entries: [try Self.entry("CartPole-v1", seed: 1)])
        let result = try BundleEvaluator(registry: Self.registry, threads: 2).evaluate(bundle, suite: Self.suite, seed: 1)
        let acrobot = try #require(result.results(for: "Acrobot-v1"))
        #expect(acrobot.completed == 0 && acrobot.episodes.allSatisfy { $0.failure == .missingPolicy && $0.score == nil })
    }

    @Test("a misbehaving environment fails its tasks as the environment's fault; the evaluation goes on")
    func misbehavingEnvironment() throws {
        var bundle = CheckpointBundle(entries: [try Self.entry("Misbehaving-v0", seed: 1), try Self.entry("CartPole-v1", seed: 1)])
        bundle.hotkey = "h"
        for (mode, expected) in [(0, "an observation of 2 values"), (1, "a non-finite reward"),
                                 (2, "did not end within 1000 steps")] {
            let suite = Suite(name: "broken", environments: [.init(id: "Misbehaving-v0", options: ["mode": Double(mode)], episodes: 3),
                                                            .init(id: "CartPole-v1", episodes: 2)])
            let result = try BundleEvaluator(registry: Self.registry, threads: 2, maxStepsPerEpisode: 1000).evaluate(bundle, suite: suite, seed: 3)
            let broken = try #require(result.results(for: "Misbehaving-v0"))
            #expect(broken.episodes.allSatisfy { $0.failure == .environment && $0.score == nil && ($0.message ?? "").contains(expected) },
                    "\(broken.episodes.map { $0.message ?? "-" })")
            #expect(result.results(for: "CartPole-v1")!.completed == 2)
        }
        let good = Suite(name: "good", environments: [.init(id: "Misbehaving-v0", episodes: 2)])
        let result = try BundleEvaluator(registry: Self.registry, threads: 1).evaluate(bundle, suite: good, seed: 3)
        #expect(result.results(for: "Misbehaving-v0")!.episodes.map(\.score) == [1, 1])
    }

    @Test("a policy that outputs NaN or does not fit the environment scores 0 as the miner's failure")
    func failingPolicy() throws {
        var entry = try Self.entry("CartPole-v1", seed: 1)
        let key = try #require(entry.parameters.keys.first { $0.hasSuffix("weight") })
        entry.parameters[key] = Tensor.full(entry.parameters[key]!.shape, value: .nan)
        let nan = try BundleEvaluator(registry: Self.registry, threads: 2)
            .evaluate(CheckpointBundle(entries: [entry]), suite: Self.suite, seed: 1).results(for: "CartPole-v1")!
        #expect(nan.episodes.allSatisfy { $0.failure == .policy && $0.score == 0 }, "\(nan.episodes.map { $0.message ?? "-" })")
        // A CartPole policy offered for Acrobot (6 observations, 3 actions) does not load there.
        var misplaced = try Self.entry("CartPole-v1", seed: 1)
        misplaced.name = "Acrobot-v1"
        let wrong = try BundleEvaluator(registry: Self.registry, threads: 2)
            .evaluate(CheckpointBundle(entries: [misplaced]), suite: Self.suite, seed: 1).results(for: "Acrobot-v1")!
        #expect(wrong.episodes.allSatisfy { $0.failure == .policy && $0.score == 0 && ($0.message ?? "").contains("observation") })
    }

    @Test("stored results become a per-task score table, survive JSON, and score to weights summing to 1")
    func resultsToWeights() throws {
        let suite = Suite(name: "t", environments: [.init(id: "CartPole-v1", episodes: 8)])
        let evaluator = BundleEvaluator(registry: Self.registry, threads: 2)
        let first = try evaluator.evaluate(CheckpointBundle(entries: [try Self.entry("CartPole-v1", seed: 1)]), suite: suite, seed: 5)
        let copy = first
        let results = EvaluationResults(suite: suite, seed: 5, submissions: [
            EvaluatedSubmission(uid: 1, hotkey: "a", firstSubmitted: 10, evaluation: first),
            EvaluatedSubmission(uid: 2, hotkey: "b", firstSubmitted: 20, evaluation: copy),
        ])
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("results-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try results.json().write(to: URL(fileURLWithPath: folder))
        let read = try EvaluationResults.read(path: folder)
        #expect(read == results)
        let table = try read.scoreTable()
        #expect(table.tasks == [(0..<8).map(String.init)])
        let scored = try AffineSubsetsRule().score(table)
        #expect(abs(scored.weights.weights.reduce(0, +) - 1) < 1e-12)
        #expect(scored.weights.weight(of: 2) == 0, "a later copy earns nothing")
    }

    @Test("task seeds depend on the epoch, the environment and the task only")
    func taskSeeds() {
        let seeds = TaskSeeds(epochSeed: 42)
        #expect(seeds.seed(environment: "CartPole-v1", task: 0) == TaskSeeds(epochSeed: 42).seed(environment: "CartPole-v1", task: 0))
        let all = (0..<1000).map { seeds.seed(environment: "CartPole-v1", task: $0) } + (0..<1000).map { seeds.seed(environment: "Acrobot-v1", task: $0) }
        #expect(Set(all).count == 2000)
        #expect(seeds.seed(environment: "CartPole-v1", task: 0) != TaskSeeds(epochSeed: 43).seed(environment: "CartPole-v1", task: 0))
    }
}

@Suite("Suite files")
struct SuiteFileTests {
    func parse(_ text: String) throws -> Suite {
        try SuiteFile.parse(try BoundedYAML.parse(text, file: "suite.yaml"), file: "suite.yaml")
    }

    @Test("a suite file gives environments, options, score mappings, the rule and weight settings")
    func reads() throws {
        let suite = try parse("""
        name: control
        rule: champion
        constants: {margin: 0.03, paid_champions: 2}
        min_completeness: 0.8
        max_layers: 4
        min_weight: 0.02
        burn_fraction: 0.1
        version_key: 7
        environments:
          - id: CartPole-v1
            episodes: 20
            options: {sutton_barto_reward: 1}
          - id: Pendulum-v1
            episodes: 5
            score: {threshold: -200}
        """)
        #expect(suite.name == "control" && suite.rule == SuiteRule(name: "champion", constants: ["margin": 0.03, "paid_champions": 2]))
        #expect(suite.scoring.minCompleteness == 0.8 && suite.scoring.maxLayers == 4)
        #expect(suite.scoring.weightPolicy.minWeight == 0.02 && suite.scoring.weightPolicy.burnFraction == 0.1
                && suite.scoring.weightPolicy.versionKey == 7)
        #expect(suite.environments == [.init(id: "CartPole-v1", options: ["sutton_barto_reward": 1], episodes: 20),
                                       .init(id: "Pendulum-v1", episodes: 5, scoreMapping: .threshold(-200))])
        try suite.validate(against: .builtIn)
        #expect(try suite.scoreMapping(for: suite.environments[0], registry: .builtIn) == .linear(worst: -1, best: 0) ||
                suite.scoreMapping(for: suite.environments[0], registry: .builtIn) == .linear(worst: 0, best: 500))
        #expect(try suite.rule.make(scoring: suite.scoring).name == "champion")
    }

    @Test("mistakes are refused with the file, line and key")
    func refusals() throws {
        let cases: [(String, String)] = [
            ("environments:\n  - id: CartPole-v1\n    episods: 3\n", "suite.yaml, line 3: unknown key 'episods'"),
            ("rule: 3\nenvironments:\n  - id: CartPole-v1\n", "line 1, key 'rule': must be a non-empty string"),
            ("environments:\n  - id: CartPole-v1\n    episodes: 0\n", "line 3, key 'episodes': must lie in 1...100000"),
            ("environments:\n  - id: CartPole-v1\n    score: {linear: {worst: 1, best: 1}}\n", "two different finite returns"),
            ("environments:\n  - id: CartPole-v1\n    score: {threshold: 1, linear: {worst: 0, best: 1}}\n", "exactly one of"),
            ("min_completeness: .nan\nenvironments:\n  - id: CartPole-v1\n", "line 1, key 'min_completeness': must be a finite number"),
            ("name: x\n", "lists no environments"),
            ("environments: {id: CartPole-v1}\n", "must be a list of environments"),
        ]
        for (text, expected) in cases {
            do {
                _ = try parse(text)
                Issue.record("accepted: \(text)")
            } catch {
                #expect("\(error)".contains(expected), "\(text): \(error)")
            }
        }
        let unknownRule = try parse("rule: majority\nenvironments:\n  - id: CartPole-v1\n")
        #expect(throws: SuiteError.invalid("unknown rule 'majority'; the rules are affine-subsets, statistical, champion")) {
            try unknownRule.validate(against: .builtIn)
        }
        let badConstant = try parse("rule: statistical\nconstants: {gap: 1}\nenvironments:\n  - id: CartPole-v1\n")
        #expect(throws: SuiteError.self) { try badConstant.validate(against: .builtIn) }
        let unknownEnvironment = try parse("environments:\n  - id: Nope-v0\n")
        #expect(throws: SuiteError.self) { try unknownEnvironment.validate(against: .builtIn) }
        let badOption = try parse("environments:\n  - id: CartPole-v1\n    options: {gravity: 3}\n")
        #expect(throws: SuiteError.self) { try badOption.validate(against: .builtIn) }
    }

    @Test("the built-in suite holds every registered environment that declares a score")
    func builtIn() throws {
        let suite = Suite.builtIn(registry: .builtIn, episodes: 4)
        #expect(suite.environments.map(\.id) == ["Acrobot-v1", "CartPole-v1", "DeepCoder-v0", "Forecast-v0", "MountainCar-v0", "Pendulum-v1", "SAT-v0"])
        try suite.validate(against: .builtIn)
    }
}

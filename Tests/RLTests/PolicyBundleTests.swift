import Checkpoint
import Foundation
import NN
import Tensor
import Testing
@testable import RL

@Suite("Policies in checkpoint bundles")
struct PolicyBundleTests {
    static func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("frontier-rl-\(getpid())-\(name).h5").path
    }

    @Test("an actor-critic with observation statistics round-trips and acts the same")
    func actorCriticRoundTrip() throws {
        var generator = PhiloxGenerator(seed: 5)
        let space = Space.box(BoxSpace(low: [-2], high: [2]))
        let policy = ActorCritic(.init(observationSize: 3, actionSpace: space, hiddenSizes: [8, 8], initialLogStd: -0.5), using: &generator)
        var statistics = RunningMeanStd(size: 3)
        statistics.update(rows: [1, 2, 3, 4, 5, 7, -1, 0, 2], rowCount: 3)
        let entry = try PolicyBundle.entry(environmentID: "Pendulum-v1", policy: policy,
                                           observationSpace: .box(BoxSpace(low: -8, high: 8, shape: [3])),
                                           observationStatistics: statistics, observationClip: 10,
                                           metadata: ["algorithm": "ppo"])
        let path = Self.temporaryPath("ac")
        defer { unlink(path) }
        try BundleWriter.write(CheckpointBundle(entries: [entry]), to: path)
        let read = try BundleReader.read(path)
        let loaded = try PolicyBundle.load(try #require(read.entry("Pendulum-v1")))
        #expect(loaded.observationStatistics == statistics)
        #expect(loaded.observationClip == 10)
        #expect(loaded.policy.actionSpace == space)
        let original = LoadedPolicy(policy: policy, observationStatistics: statistics, observationClip: 10, environmentID: "Pendulum-v1")
        var first = PhiloxGenerator(seed: 1), second = PhiloxGenerator(seed: 1)
        for observation: [Float] in [[0.5, -1, 2], [3, 3, 3], [-7, 0, 1]] {
            #expect(try original.action(for: observation, deterministic: true, using: &first)
                    == loaded.action(for: observation, deterministic: true, using: &second))
        }
        #expect(read.entry("Pendulum-v1")?.metadata["algorithm"] == "ppo")
    }

    @Test("a Q-network round-trips")
    func qNetworkRoundTrip() throws {
        var generator = PhiloxGenerator(seed: 6)
        let policy = QNetwork(.init(observationSize: 4, actionSpace: .discrete(DiscreteSpace(2)), hiddenSizes: [16]), using: &generator)
        let entry = try PolicyBundle.entry(environmentID: "CartPole-v1", policy: policy,
                                           observationSpace: .box(BoxSpace(low: -1, high: 1, shape: [4])),
                                           observationStatistics: nil, metadata: [:])
        let loaded = try PolicyBundle.load(entry)
        #expect(loaded.observationStatistics == nil)
        #expect(loaded.policy.stateDict().keys == policy.stateDict().keys)
        let input = Tensor(shape: [2, 4], scalars: [0.1, 0.2, -0.3, 0.4, 1, -1, 0.5, 0])
        var g = PhiloxGenerator(seed: 0)
        #expect(loaded.policy.actions(for: input, deterministic: true, using: &g).scalars
                == policy.actions(for: input, deterministic: true, using: &g).scalars)
    }

    @Test("entries that are not policies or do not fit are refused with the reason")
    func refusals() throws {
        var generator = PhiloxGenerator(seed: 6)
        let mlp = MLP(inputSize: 2, hiddenSizes: [4], outputSize: 1, using: &generator)
        let notPolicy = try BundleEntry(name: "X", module: mlp)
        #expect(throws: BundleError.self) { try PolicyBundle.load(notPolicy) }

        let policy = QNetwork(.init(observationSize: 4, actionSpace: .discrete(DiscreteSpace(2)), hiddenSizes: [16]), using: &generator)
        var entry = try PolicyBundle.entry(environmentID: "CartPole-v1", policy: policy,
                                           observationSpace: .box(BoxSpace(low: -1, high: 1, shape: [4])),
                                           observationStatistics: nil, metadata: [:])
        // Same number of values, wrong shape: the strict load names the key.
        entry.parameters = StateDict(entry.parameters.map { ($0.key, $0.key.hasSuffix("0.weight") ? Tensor.zeros([8, 8]) : $0.value) })
        do {
            _ = try PolicyBundle.load(entry)
            Issue.record("a misshaped weight was accepted")
        } catch {
            #expect("\(error)".contains("network.layers.0.weight"), "\(error)")
        }
        // Architectures a stranger could write to crash us or make us allocate gigabytes: all
        // refused before any network is built, each with its reason.
        let good = try PolicyBundle.entry(environmentID: "CartPole-v1", policy: policy,
                                          observationSpace: .box(BoxSpace(low: -1, high: 1, shape: [4])),
                                          observationStatistics: nil, metadata: [:])
        let hostile: [(String, String)] = [
            (#"{"observationSize": 4, "actionSpace": {"discrete": {"count": -3, "start": 0}}, "hiddenSizes": [16], "activation": "relu"}"#,
             "count must be positive"),
            (#"{"observationSize": 4, "actionSpace": {"discrete": {"count": 2, "start": 0}}, "hiddenSizes": [65536, 65536, 65536], "activation": "relu"}"#,
             "the architecture needs"),
            (#"{"observationSize": 4, "actionSpace": {"discrete": {"count": 2, "start": 0}}, "hiddenSizes": [100000000], "activation": "relu"}"#,
             "implausible network sizes"),
            (#"{"observationSize": 4, "actionSpace": {"box": {"low": [0], "high": [1, 2], "shape": [1]}}, "hiddenSizes": [16], "activation": "relu"}"#,
             "low has 1 bounds, high has 2"),
            (#"{"observationSize": 4, "actionSpace": {"discrete": {"count": 2}, "box": {"low": [], "high": [], "shape": [0]}}, "hiddenSizes": [16], "activation": "relu"}"#,
             "exactly one of"),
        ]
        for (json, reason) in hostile {
            var bad = good
            bad.architecture = Architecture(kind: QNetwork.kind, configurationJSON: json)
            do {
                _ = try PolicyBundle.load(bad)
                Issue.record("accepted \(json)")
            } catch {
                #expect("\(error)".contains(reason), "\(error)")
            }
        }
        // A sound policy for other spaces than the environment's is refused when the environment is given.
        do {
            _ = try PolicyBundle.load(good, expecting: (.box(BoxSpace(low: -1, high: 1, shape: [3])), .discrete(DiscreteSpace(2))))
            Issue.record("a policy reading 4 values was accepted for a 3-value environment")
        } catch {
            #expect("\(error)".contains("reads 4 observation values"), "\(error)")
        }
        #expect(throws: Never.self) {
            try PolicyBundle.load(good, expecting: (.box(BoxSpace(low: -1, high: 1, shape: [4])), .discrete(DiscreteSpace(2))))
        }
    }

    @Test("non-finite network outputs are refused, not stepped")
    func nonFiniteOutputs() throws {
        var generator = PhiloxGenerator(seed: 8)
        let policy = ActorCritic(.init(observationSize: 2, actionSpace: .discrete(DiscreteSpace(2)), hiddenSizes: [4]), using: &generator)
        policy.actor.visitParameters { _, parameter in parameter.assign(Tensor.full(parameter.shape, value: .infinity)) }
        let loaded = LoadedPolicy(policy: policy, observationStatistics: nil, environmentID: "X")
        var sampling = PhiloxGenerator(seed: 1)
        #expect(throws: PolicyOutputError.self) { try loaded.action(for: [1, -1], deterministic: false, using: &sampling) }
    }
}

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
            #expect(original.action(for: observation, deterministic: true, using: &first)
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
        entry.parameters = StateDict(entry.parameters.map { ($0.key, $0.key.hasSuffix("0.weight") ? Tensor.zeros([3, 3]) : $0.value) })
        do {
            _ = try PolicyBundle.load(entry)
            Issue.record("a misshaped weight was accepted")
        } catch {
            #expect("\(error)".contains("network.layers.0.weight"), "\(error)")
        }
        let huge = Architecture(kind: QNetwork.kind, configurationJSON:
            #"{"observationSize": 4, "actionSpace": {"discrete": {"_0": {"count": 2, "start": 0}}}, "hiddenSizes": [100000000], "activation": "relu"}"#)
        entry.architecture = huge
        #expect(throws: BundleError.self) { try PolicyBundle.load(entry) }
    }
}

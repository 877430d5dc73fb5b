import Checkpoint
import Foundation
import NN
import Tensor
import Testing
@testable import RL

/// RL's families in the architecture registry: predictions that match the policies, and entries
/// whose spaces or observation statistics do not fit refused before anything is built.
@Suite("Architecture registry: policies")
struct PolicyArchitectureTests {
    static func entry(_ policy: any Policy, statistics: RunningMeanStd? = nil, clip: Double? = nil) throws -> BundleEntry {
        try PolicyBundle.entry(environmentID: "Env-v0", policy: policy,
                               observationSpace: .box(BoxSpace(low: -1, high: 1, shape: [policy.observationSize])),
                               observationStatistics: statistics, observationClip: clip, metadata: [:])
    }

    @Test("actor-critics (discrete and box actions) and Q-networks are predicted key by key")
    func plansMatchPolicies() throws {
        var generator = PhiloxGenerator(seed: 2)
        let policies: [any Policy] = [
            ActorCritic(.init(observationSize: 4, actionSpace: .discrete(DiscreteSpace(3)), hiddenSizes: [8, 6]), using: &generator),
            ActorCritic(.init(observationSize: 3, actionSpace: .box(BoxSpace(low: -2, high: 2, shape: [2])), hiddenSizes: [5],
                              initialLogStd: -0.5), using: &generator),
            QNetwork(.init(observationSize: 4, actionSpace: .discrete(DiscreteSpace(2, start: -1)), hiddenSizes: [16, 8, 4]), using: &generator),
        ]
        #expect(ArchitectureRegistry.policies.kinds == ["actor_critic", "q_network"])
        for policy in policies {
            let plan = try ArchitectureRegistry.policies.plan(try policy.architecture)
            #expect(plan.parameters.map { "\($0.key) \($0.shape)" } == policy.namedParameters.map { "\($0.name) \($0.parameter.shape)" })
            #expect(plan.parameterCount == policy.parameterCount)
            // The loaded policy holds the entry's weights, bit for bit.
            let loaded = try PolicyBundle.load(try Self.entry(policy))
            #expect(loaded.policy.stateDict().map(\.value.scalars) == policy.stateDict().map(\.value.scalars))
        }
    }

    @Test("observation statistics other than mean, var, count and clip, or shaped wrong, are refused")
    func observationStatistics() throws {
        var generator = PhiloxGenerator(seed: 3)
        let policy = QNetwork(.init(observationSize: 2, actionSpace: .discrete(DiscreteSpace(2)), hiddenSizes: [4]), using: &generator)
        let good = try Self.entry(policy, statistics: RunningMeanStd(size: 2), clip: 5)
        let loaded = try PolicyBundle.load(good)
        #expect(loaded.observationStatistics == RunningMeanStd(size: 2) && loaded.observationClip == 5)
        let prefix = PolicyBundle.normalizerPrefix
        let edits: [(String, (inout StateDict) -> Void)] = [
            ("unexpected parameter \(prefix)scale", { $0[prefix + "scale"] = Tensor(shape: [2], doubles: [1, 1]) }),
            ("one-dimensional", { $0[prefix + "mean"] = Tensor(shape: [1, 2], doubles: [0, 0]) }),
            ("one-dimensional", { $0[prefix + "count"] = Tensor(shape: [], doubles: [1]) }),
            ("missing array 'observation_normalizer.var'", { $0[prefix + "var"] = nil }),
            ("have 3 elements, the policy reads 2", {
                $0[prefix + "mean"] = Tensor(shape: [3], doubles: [0, 0, 0])
                $0[prefix + "var"] = Tensor(shape: [3], doubles: [1, 1, 1])
            }),
            ("var[1] must be finite and non-negative", { $0[prefix + "var"] = Tensor(shape: [2], doubles: [1, -1]) }),
            ("count must be positive", { $0[prefix + "count"] = Tensor(shape: [1], doubles: [0]) }),
            ("expected one value", { $0[prefix + "count"] = Tensor(shape: [2], doubles: [1, 1]) }),
            ("clip must be one positive number", { $0[prefix + "clip"] = Tensor(shape: [1], doubles: [.nan]) }),
            ("clip is stored without the statistics", {
                for key in ["mean", "var", "count"] { $0[prefix + key] = nil }
            }),
        ]
        for (reason, edit) in edits {
            var entry = good
            edit(&entry.parameters)
            do {
                _ = try PolicyBundle.load(entry)
                Issue.record("loaded with \(reason)")
            } catch {
                #expect(error.description.contains(reason), "\(error)")
            }
            // The same checks run for `frontier inspect`, through the registry alone.
            #expect(throws: BundleError.self) { try ArchitectureRegistry.policies.check(entry) }
        }
    }

    @Test("loading a large policy skips the orthogonal initialiser its weights replace")
    func loadingSkipsOrthogonalInitialization() throws {
        var generator = PhiloxGenerator(seed: 4)
        let configuration = ActorCritic.Configuration(observationSize: 4, actionSpace: .discrete(DiscreteSpace(2)), hiddenSizes: [1024, 1024])
        let policy = ActorCritic(configuration, using: &generator, orthogonalInitialization: false)
        let entry = try Self.entry(policy)
        let clock = ContinuousClock()
        let start = clock.now
        let loaded = try PolicyBundle.load(entry)
        // With the orthogonal initialiser (QR decompositions of the 1024×1024 weights) this load took
        // 21 s on the 2-core machine the tests were written on; plain layers take milliseconds.
        #expect(clock.now - start < .seconds(2))
        #expect(loaded.policy.stateDict().map(\.value.scalars) == policy.stateDict().map(\.value.scalars))
    }
}

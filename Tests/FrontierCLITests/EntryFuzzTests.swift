import Foundation
import Models
import NN
import RL
import Tensor
import Testing
@testable import Checkpoint
@testable import FrontierCLI

/// Seeded mutations of valid bundle entries of every architecture kind, fed in this process to
/// every loader a validator uses: the bundle hash, the standard registry (what `frontier inspect`
/// runs), `ModelFactory.load` and `PolicyBundle.load` (with and without an environment's spaces),
/// then one forward pass of whatever loaded. Each case must end in a value or a `BundleError`
/// (the loaders' typed throws make any other error impossible); a trap would kill the test process
/// and fail the run, which is the point of running in-process.
@Suite("Bundle entry fuzzing, in-process, every kind")
struct EntryFuzzTests {
    typealias Mutator = BundleFuzzTests.Mutator

    /// One valid entry of each kind (and variant), with seeded weights.
    static func baseEntries() throws -> [BundleEntry] {
        var generator = PhiloxGenerator(seed: 41)
        var statistics = RunningMeanStd(size: 4)
        statistics.update(rows: [1, 2, 3, 4, 0, -1, 2, 5], rowCount: 2)
        let box = Space.box(BoxSpace(low: -1, high: 1, shape: [4]))
        let transformer = CharTransformerConfig(vocabularySize: 6)
        var small = transformer
        (small.context, small.modelDimension, small.heads, small.layers, small.feedForwardDimension) = (8, 8, 2, 1, 16)
        return [
            try BundleEntry(name: "mlp", module: MLP(inputSize: 3, hiddenSizes: [5], outputSize: 2, activation: .tanh, using: &generator)),
            try BundleEntry(name: "forecast-gru", module: QuantileForecaster(kind: .gru, context: 6, horizon: 2, quantiles: [0.1, 0.5, 0.9],
                                                                             hidden: 4, using: &generator)),
            try BundleEntry(name: "forecast-mlp", module: QuantileForecaster(kind: .mlp, context: 5, horizon: 3, quantiles: [0.5],
                                                                             hidden: 6, using: &generator)),
            try BundleEntry(name: "text", module: CharTransformer(small, using: &generator)),
            try PolicyBundle.entry(environmentID: "CartPole-v1", policy: ActorCritic(
                .init(observationSize: 4, actionSpace: .discrete(DiscreteSpace(2)), hiddenSizes: [8, 8]), using: &generator),
                                   observationSpace: box, observationStatistics: statistics, observationClip: 10, metadata: [:]),
            try PolicyBundle.entry(environmentID: "Pendulum-v1", policy: ActorCritic(
                .init(observationSize: 3, actionSpace: .box(BoxSpace(low: -2, high: 2, shape: [2])), hiddenSizes: [8], initialLogStd: -0.5),
                using: &generator), observationSpace: .box(BoxSpace(low: -8, high: 8, shape: [3])), observationStatistics: nil, metadata: [:]),
            try PolicyBundle.entry(environmentID: "Acrobot-v1", policy: QNetwork(
                .init(observationSize: 4, actionSpace: .discrete(DiscreteSpace(3, start: -1)), hiddenSizes: [16]), using: &generator),
                                   observationSpace: box, observationStatistics: statistics, metadata: [:]),
        ]
    }

    @Test("mutated architectures, spaces and parameters of every kind load or throw a BundleError, never trap",
          .timeLimit(.minutes(2)))
    func mutatedEntries() throws {
        let registry = ArchitectureRegistry.standard
        #expect(Set(registry.kinds) == ["mlp", "quantile_forecaster", "char_transformer", "actor_critic", "q_network"])
        let bases = try Self.baseEntries()
        let baseHashes = try bases.map { try CheckpointBundle(entries: [$0]).weightHash }
        for base in bases {
            #expect(Self.run(base, registry: registry, environment: nil).loaded, "the unmutated \(base.name) does not load")
        }
        var mutator = Mutator(seed: 909)
        var tally = Tally()
        let clock = ContinuousClock()
        let start = clock.now
        while tally.cases < 60_000 && clock.now - start < .seconds(10) {
            let index = mutator.below(bases.count)
            var entry = bases[index]
            let category = EntryMutations.mutate(&entry, using: &mutator)
            let environment = mutator.below(2) == 0 ? nil : Self.environment(of: bases[index])
            let outcome = Self.run(entry, registry: registry, environment: environment)
            tally.record(kind: bases[index].name, category: category, outcome: outcome)
            if category == "reformatted JSON" {
                // A rewrite that changes no value changes neither the hash nor whether it loads.
                #expect(outcome.loaded && outcome.hash == baseHashes[index], "\(entry.architecture.configuration)")
            }
        }
        print("bundle entry fuzz (in-process): \(tally.cases) cases in \(Int((clock.now - start) / .milliseconds(1))) ms: "
              + "\(tally.loaded) loaded, \(tally.refused) refused with a BundleError, 0 traps")
        for (name, counts) in tally.byKind.sorted(by: { $0.key < $1.key }) {
            print("  \(name): \(counts[0]) loaded, \(counts[1]) refused")
        }
        for (category, counts) in tally.byCategory.sorted(by: { $0.key < $1.key }) {
            print("  \(category): \(counts[0]) loaded, \(counts[1]) refused")
        }
        #expect(tally.cases >= 2_000)
        // Both outcomes occur for every kind: the mutations reach past the first check.
        for (name, counts) in tally.byKind { #expect(counts[0] > 0 && counts[1] > 0, "\(name): \(counts)") }
    }

    /// The spaces a policy base entry was made for, as an environment would declare them.
    static func environment(of entry: BundleEntry) -> (observationSpace: Space, actionSpace: Space)? {
        guard let observation = try? Space.decode(json: entry.observationSpace),
              let action = try? Space.decode(json: entry.actionSpace) else { return nil }
        return (observation, action)
    }

    struct Outcome {
        var loaded: Bool
        var hash: String?
    }

    /// Every loader on `entry`; the loaders must agree, and what loads must run.
    static func run(_ entry: BundleEntry, registry: ArchitectureRegistry,
                    environment: (observationSpace: Space, actionSpace: Space)?) -> Outcome {
        let hash = try? CheckpointBundle(entries: [entry]).weightHash
        let network: (any Module)?
        do throws(BundleError) {
            network = try registry.check(entry).build()
        } catch {
            network = nil
        }
        if let network {
            // What loaded is what the family predicted, key by key.
            let plan = try? registry.plan(entry.architecture)
            #expect(plan?.parameters.map { "\($0.key) \($0.shape)" } == network.namedParameters.map { "\($0.name) \($0.parameter.shape)" })
        }
        var specific = false
        if ArchitectureRegistry.policies.contains(kind: entry.architecture.kind) {
            specific = (try? PolicyBundle.load(entry)) != nil
            if let policy = try? PolicyBundle.load(entry, expecting: environment) {
                var generator = PhiloxGenerator(seed: 1)
                let observation = [Float](repeating: 0.5, count: policy.policy.observationSize)
                _ = try? policy.action(for: observation, deterministic: environment == nil, using: &generator)
            }
        } else if let model = try? ModelFactory.load(entry) {
            specific = true
            forward(model)
        }
        // One registry: the path `inspect` takes and the typed loaders accept the same entries.
        #expect(specific == (network != nil), "\(entry.architecture.kind) \(entry.architecture.configuration)")
        return Outcome(loaded: network != nil, hash: hash)
    }

    /// One forward pass with an input the model accepts.
    static func forward(_ model: any DescribedModule & Layer) {
        noGrad {
            switch model {
            case let mlp as MLP: _ = mlp(Tensor.ones([1, mlp.sizes[0]]))
            case let forecaster as QuantileForecaster: _ = forecaster(Tensor.ones([2, forecaster.context]))
            case let transformer as CharTransformer:
                let time = min(transformer.config.context, 4)
                _ = transformer(Tensor(shape: [1, time], scalars: (0..<time).map { Float($0 % transformer.config.vocabularySize) }))
            default: Issue.record("no forward pass for \(type(of: model))")
            }
        }
    }

    struct Tally {
        var cases = 0, loaded = 0, refused = 0
        var byKind: [String: [Int]] = [:]
        var byCategory: [String: [Int]] = [:]

        mutating func record(kind: String, category: String, outcome: Outcome) {
            cases += 1
            let slot = outcome.loaded ? 0 : 1
            if outcome.loaded { loaded += 1 } else { refused += 1 }
            byKind[kind, default: [0, 0]][slot] += 1
            byCategory[category, default: [0, 0]][slot] += 1
        }
    }
}

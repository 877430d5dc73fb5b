import Checkpoint
import NN
import Tensor

/// A trained policy ready to act: the network and the frozen observation statistics it was
/// trained with (when observations were normalised).
public struct LoadedPolicy {
    /// The network.
    public let policy: any Policy
    /// Running observation statistics, frozen; nil when observations were not normalised.
    public let observationStatistics: RunningMeanStd?
    /// The bound normalised observations were clipped to in training (nil: no clip).
    public let observationClip: Double?
    /// The environment id the policy was trained on.
    public let environmentID: String

    /// A loaded policy.
    public init(policy: any Policy, observationStatistics: RunningMeanStd?, observationClip: Double? = nil,
                environmentID: String) {
        self.policy = policy
        self.observationStatistics = observationStatistics
        self.observationClip = observationClip
        self.environmentID = environmentID
    }

    /// The action for one raw observation (normalised first when statistics are present);
    /// throws when the network's output is not finite (huge or broken weights), since no
    /// environment can be stepped with it.
    public func action(for observation: [Float], deterministic: Bool,
                       using generator: inout PhiloxGenerator) throws(PolicyOutputError) -> Action {
        let input = observationStatistics?.normalize(observation, clip: observationClip) ?? observation
        let actions = policy.actions(for: Tensor(shape: [1, input.count], scalars: input), deterministic: deterministic,
                                     using: &generator).scalars
        guard actions.allSatisfy(\.isFinite) else { throw PolicyOutputError(environment: environmentID, output: actions) }
        return policy.actionSpace.action(fromRow: 0, of: actions)
    }
}

/// A policy produced an action that is not a finite number.
public struct PolicyOutputError: Error, Equatable, CustomStringConvertible {
    /// The environment the policy was acting in.
    public var environment: String
    /// The raw action row.
    public var output: [Float]

    public var description: String { "the policy for \(environment) produced a non-finite action \(output)" }
}

/// How policies are stored in a checkpoint bundle (docs/checkpoint-format.md): one entry per
/// environment, named by its id, holding the network's architecture and parameters, the
/// observation and action spaces, training metadata, and (when observations were normalised)
/// the running statistics as the float64 parameters `observation_normalizer.mean`,
/// `observation_normalizer.var`, `observation_normalizer.count` and, when training clipped the
/// normalised observations, `observation_normalizer.clip`. Keeping them among the parameters
/// puts them under the bundle's weight hash: they change behaviour.
public enum PolicyBundle {
    /// The prefix of the normalisation statistics among an entry's parameters.
    public static let normalizerPrefix = "observation_normalizer."

    /// The bundle entry for `policy` trained on `environmentID`.
    public static func entry(environmentID: String, policy: any Policy, observationSpace: Space,
                             observationStatistics: RunningMeanStd?, observationClip: Double? = nil,
                             metadata: [String: String]) throws -> BundleEntry {
        var parameters = policy.stateDict()
        if let statistics = observationStatistics {
            var entries = parameters.map { ($0.key, $0.value) }
            for (key, values) in statistics.export(prefix: normalizerPrefix).sorted(by: { $0.key < $1.key }) {
                entries.append((key, Tensor(shape: [values.count], doubles: values)))
            }
            if let observationClip { entries.append((normalizerPrefix + "clip", Tensor(shape: [1], doubles: [observationClip]))) }
            parameters = StateDict(entries)
        }
        return BundleEntry(name: environmentID, architecture: try policy.architecture, parameters: parameters,
                           observationSpace: observationSpace.json, actionSpace: policy.actionSpace.json,
                           metadata: metadata)
    }

    /// The architecture kinds this module can rebuild.
    public static let kinds = [ActorCritic.kind, QNetwork.kind]

    /// Rebuilds the policy of `entry`; throws a ``BundleError`` naming the entry when the
    /// architecture is unknown, implausible or does not match the stored parameters, or (with
    /// `environment`) when the policy does not read and act in that environment's spaces. All
    /// of this is checked before any network is built, so a stranger's file cannot make us
    /// allocate a network its parameters do not pay for.
    public static func load(_ entry: BundleEntry, expecting environment: (observationSpace: Space, actionSpace: Space)? = nil)
        throws(BundleError) -> LoadedPolicy {
        var generator = PhiloxGenerator(seed: 0)  // weights are overwritten by the entry's
        let storedCount = entry.parameters.filter { !$0.key.hasPrefix(normalizerPrefix) }.reduce(0) { $0 + $1.value.scalarCount }
        let policy: any Policy
        switch entry.architecture.kind {
        case ActorCritic.kind:
            let configuration = try entry.architecture.decode(ActorCritic.Configuration.self)
            let outputs = try validate(configuration.observationSize, configuration.hiddenSizes, configuration.actionSpace,
                                       entry: entry.name, environment: environment)
            let isBox: Bool
            if case .box = configuration.actionSpace { isBox = true } else { isBox = false }
            let expected = parameterCount([configuration.observationSize] + configuration.hiddenSizes + [outputs])
                + parameterCount([configuration.observationSize] + configuration.hiddenSizes + [1]) + (isBox ? outputs : 0)
            try requireCount(expected, storedCount, entry: entry.name)
            policy = ActorCritic(configuration, using: &generator)
        case QNetwork.kind:
            let configuration = try entry.architecture.decode(QNetwork.Configuration.self)
            guard case .discrete = configuration.actionSpace else {
                throw .invalidArchitecture(kind: entry.architecture.kind, reason: "a Q-network needs a Discrete action space")
            }
            let outputs = try validate(configuration.observationSize, configuration.hiddenSizes, configuration.actionSpace,
                                       entry: entry.name, environment: environment)
            try requireCount(parameterCount([configuration.observationSize] + configuration.hiddenSizes + [outputs]),
                             storedCount, entry: entry.name)
            policy = QNetwork(configuration, using: &generator)
        default:
            throw .invalidArchitecture(kind: entry.architecture.kind,
                                       reason: "not a policy; known kinds: \(kinds.joined(separator: ", "))")
        }
        try checkStoredSpaces(entry, policy: policy)
        var weights: [(String, Tensor)] = []
        var statistics: [String: [Double]] = [:]
        for (key, value) in entry.parameters {
            if key.hasPrefix(normalizerPrefix) { statistics[key] = value.doubles } else { weights.append((key, value)) }
        }
        do {
            try policy.load(stateDict: StateDict(weights))
        } catch {
            throw .invalidEntry(entry: entry.name, reason: "\(error)")
        }
        var clip: Double?
        if let values = statistics.removeValue(forKey: normalizerPrefix + "clip") {
            guard values.count == 1, values[0] > 0, values[0].isFinite else {
                throw .invalidEntry(entry: entry.name, reason: "\(normalizerPrefix)clip must be one positive number, got \(values)")
            }
            clip = values[0]
        }
        var observationStatistics: RunningMeanStd?
        if !statistics.isEmpty {
            do {
                observationStatistics = try RunningMeanStd(exported: statistics, prefix: normalizerPrefix)
            } catch {
                throw .invalidEntry(entry: entry.name, reason: "observation statistics: \(error)")
            }
            guard observationStatistics!.size == policy.observationSize else {
                throw .invalidEntry(entry: entry.name, reason: "observation statistics have \(observationStatistics!.size) elements, the policy reads \(policy.observationSize)")
            }
        }
        return LoadedPolicy(policy: policy, observationStatistics: observationStatistics, observationClip: clip,
                            environmentID: entry.name)
    }

    /// The most elements an observation, an action or a hidden layer may have in a bundle.
    public static let maximumWidth = 1 << 16

    /// Refuses sizes a stranger's file could use to make us allocate absurd networks, and
    /// spaces that differ from the environment's; returns the actor's output width.
    private static func validate(_ observationSize: Int, _ hiddenSizes: [Int], _ actionSpace: Space, entry: String,
                                 environment: (observationSpace: Space, actionSpace: Space)?) throws(BundleError) -> Int {
        let outputs: Int
        switch actionSpace {
        case let .discrete(space): outputs = space.count
        case let .box(space): outputs = space.elementCount
        case .multiDiscrete:
            throw .invalidEntry(entry: entry, reason: "MultiDiscrete action spaces are not supported by policies yet")
        }
        let widths = [observationSize, outputs] + hiddenSizes
        guard !hiddenSizes.isEmpty, hiddenSizes.count <= 16, widths.allSatisfy({ $0 > 0 && $0 <= maximumWidth }) else {
            throw .invalidEntry(entry: entry, reason: "implausible network sizes (observation \(observationSize), "
                                + "hidden \(hiddenSizes), outputs \(outputs)); widths must lie in 1...\(maximumWidth), at most 16 hidden layers")
        }
        if let environment {
            guard observationSize == environment.observationSpace.flatSize else {
                throw .invalidEntry(entry: entry, reason: "the policy reads \(observationSize) observation values, "
                                    + "the environment gives \(environment.observationSpace.flatSize)")
            }
            guard actionSpace == environment.actionSpace else {
                throw .invalidEntry(entry: entry, reason: "the policy acts in \(actionSpace.json), the environment in \(environment.actionSpace.json)")
            }
        }
        return outputs
    }

    /// The entry's `observation_space` and `action_space` attributes must agree with the network
    /// its architecture describes: they are what a reader is shown, and an edited one must not
    /// pass unnoticed.
    private static func checkStoredSpaces(_ entry: BundleEntry, policy: any Policy) throws(BundleError) {
        guard let observation = try? Space.decode(json: entry.observationSpace) else {
            throw .invalidEntry(entry: entry.name, reason: "observation_space is not a valid space")
        }
        guard observation.flatSize == policy.observationSize else {
            throw .invalidEntry(entry: entry.name, reason: "observation_space holds \(observation.flatSize) values, the network reads \(policy.observationSize)")
        }
        guard let action = try? Space.decode(json: entry.actionSpace) else {
            throw .invalidEntry(entry: entry.name, reason: "action_space is not a valid space")
        }
        guard action == policy.actionSpace else {
            throw .invalidEntry(entry: entry.name, reason: "action_space \(action.json) differs from the network's \(policy.actionSpace.json)")
        }
    }

    /// The parameters of an MLP with layer widths `sizes` (weights and biases); widths are
    /// bounded by ``maximumWidth`` and layers by 18, so this cannot overflow.
    private static func parameterCount(_ sizes: [Int]) -> Int {
        zip(sizes, sizes.dropFirst()).reduce(0) { $0 + $1.0 * $1.1 + $1.1 }
    }

    private static func requireCount(_ expected: Int, _ stored: Int, entry: String) throws(BundleError) {
        guard expected == stored else {
            throw .invalidEntry(entry: entry, reason: "the architecture needs \(expected) parameters, the entry stores \(stored)")
        }
    }
}

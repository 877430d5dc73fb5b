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

    /// The action for one raw observation (normalised first when statistics are present).
    public func action(for observation: [Float], deterministic: Bool, using generator: inout PhiloxGenerator) -> Action {
        let input = observationStatistics?.normalize(observation, clip: observationClip) ?? observation
        let actions = policy.actions(for: Tensor(shape: [1, input.count], scalars: input), deterministic: deterministic,
                                     using: &generator)
        return policy.actionSpace.action(fromRow: 0, of: actions.scalars)
    }
}

/// How policies are stored in a checkpoint bundle (docs/checkpoint-format.md): one entry per
/// environment, named by its id, holding the network's architecture and parameters, the
/// observation and action spaces, training metadata, and (when observations were normalised)
/// the running statistics as the float64 parameters `observation_normalizer.mean`,
/// `observation_normalizer.var` and `observation_normalizer.count`. Keeping the statistics
/// among the parameters puts them under the bundle's weight hash: they change behaviour.
public enum PolicyBundle {
    /// The prefix of the normalisation statistics among an entry's parameters.
    public static let normalizerPrefix = "observation_normalizer."

    /// The bundle entry for `policy` trained on `environmentID`.
    public static func entry(environmentID: String, policy: any Policy, observationSpace: Space,
                             observationStatistics: RunningMeanStd?, observationClip: Double? = nil,
                             metadata: [String: String]) throws -> BundleEntry {
        var metadata = metadata
        if observationStatistics != nil, let observationClip { metadata["observation_clip"] = "\(observationClip)" }
        var parameters = policy.stateDict()
        if let statistics = observationStatistics {
            var entries = parameters.map { ($0.key, $0.value) }
            for (key, values) in statistics.export(prefix: normalizerPrefix).sorted(by: { $0.key < $1.key }) {
                entries.append((key, Tensor(shape: [values.count], doubles: values)))
            }
            parameters = StateDict(entries)
        }
        return BundleEntry(name: environmentID, architecture: try policy.architecture, parameters: parameters,
                           observationSpace: observationSpace.json, actionSpace: policy.actionSpace.json,
                           metadata: metadata)
    }

    /// The architecture kinds this module can rebuild.
    public static let kinds = [ActorCritic.kind, QNetwork.kind]

    /// Rebuilds the policy of `entry`; throws a ``BundleError`` naming the entry when the
    /// architecture is unknown or the parameters do not fit it.
    public static func load(_ entry: BundleEntry) throws(BundleError) -> LoadedPolicy {
        var generator = PhiloxGenerator(seed: 0)  // weights are overwritten by the entry's
        let policy: any Policy
        switch entry.architecture.kind {
        case ActorCritic.kind:
            let configuration = try entry.architecture.decode(ActorCritic.Configuration.self)
            try validate(configuration.observationSize, configuration.hiddenSizes, entry: entry.name)
            if case .multiDiscrete = configuration.actionSpace {
                throw .invalidArchitecture(kind: entry.architecture.kind, reason: "MultiDiscrete actions are not supported")
            }
            policy = ActorCritic(configuration, using: &generator)
        case QNetwork.kind:
            let configuration = try entry.architecture.decode(QNetwork.Configuration.self)
            try validate(configuration.observationSize, configuration.hiddenSizes, entry: entry.name)
            guard case .discrete = configuration.actionSpace else {
                throw .invalidArchitecture(kind: entry.architecture.kind, reason: "a Q-network needs a Discrete action space")
            }
            policy = QNetwork(configuration, using: &generator)
        default:
            throw .invalidArchitecture(kind: entry.architecture.kind,
                                       reason: "not a policy; known kinds: \(kinds.joined(separator: ", "))")
        }
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
        var clip: Double?
        if let text = entry.metadata["observation_clip"] {
            guard let value = Double(text), value > 0, value.isFinite else {
                throw .invalidEntry(entry: entry.name, reason: "observation_clip '\(text)' is not a positive number")
            }
            clip = value
        }
        return LoadedPolicy(policy: policy, observationStatistics: observationStatistics, observationClip: clip,
                            environmentID: entry.name)
    }

    /// Refuses sizes a stranger's file could use to make us allocate absurd networks.
    private static func validate(_ observationSize: Int, _ hiddenSizes: [Int], entry: String) throws(BundleError) {
        guard observationSize > 0, observationSize <= 1 << 20, !hiddenSizes.isEmpty, hiddenSizes.count <= 64,
              hiddenSizes.allSatisfy({ $0 > 0 && $0 <= 1 << 16 }) else {
            throw .invalidEntry(entry: entry, reason: "implausible network sizes (observation \(observationSize), hidden \(hiddenSizes))")
        }
    }
}

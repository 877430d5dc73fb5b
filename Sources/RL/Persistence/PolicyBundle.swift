import Checkpoint
import NN
import Tensor

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

    /// Rebuilds the policy of `entry` through ``Checkpoint/ArchitectureRegistry/policies``; throws
    /// a ``BundleError`` naming the entry when the architecture is not a policy, is implausible or
    /// beyond `limits`, does not match the stored parameters, spaces or observation statistics,
    /// or (with `environment`) does not read and act in that environment's spaces. All of this is
    /// checked before any network is built, so a stranger's file cannot make us allocate a
    /// network its parameters do not pay for.
    public static func load(_ entry: BundleEntry, expecting environment: (observationSpace: Space, actionSpace: Space)? = nil,
                            limits: ArchitectureLimits = ArchitectureLimits()) throws(BundleError) -> LoadedPolicy {
        let checked = try ArchitectureRegistry.policies.check(entry, limits: limits)
        let interface = try entry.architecture.decode(PolicyInterface.self)
        if let environment {
            guard interface.observationSize == environment.observationSpace.flatSize else {
                throw .invalidEntry(entry: entry.name, reason: "the policy reads \(interface.observationSize) observation values, "
                                    + "the environment gives \(environment.observationSpace.flatSize)")
            }
            guard interface.actionSpace == environment.actionSpace else {
                throw .invalidEntry(entry: entry.name, reason: "the policy acts in \(interface.actionSpace.json), "
                                    + "the environment in \(environment.actionSpace.json)")
            }
        }
        let normalizer = try observationNormalizer(of: entry, observationSize: interface.observationSize)
        guard let policy = try checked.build() as? any Policy else {
            throw .invalidArchitecture(kind: entry.architecture.kind, reason: "the registered family does not build a policy")
        }
        return LoadedPolicy(policy: policy, observationStatistics: normalizer.statistics, observationClip: normalizer.clip,
                            environmentID: entry.name)
    }

    /// What every policy configuration holds: enough to compare it with an environment.
    private struct PolicyInterface: Decodable {
        var observationSize: Int
        var actionSpace: Space
    }

    /// The entry's `observation_space` and `action_space` attributes must agree with the network
    /// its architecture describes: they are what a reader is shown.
    static func checkStoredSpaces(_ entry: BundleEntry, observationSize: Int, actionSpace: Space) throws(BundleError) {
        guard let observation = try? Space.decode(json: entry.observationSpace) else {
            throw .invalidEntry(entry: entry.name, reason: "observation_space is not a valid space")
        }
        guard observation.flatSize == observationSize else {
            throw .invalidEntry(entry: entry.name, reason: "observation_space holds \(observation.flatSize) values, the network reads \(observationSize)")
        }
        guard let action = try? Space.decode(json: entry.actionSpace) else {
            throw .invalidEntry(entry: entry.name, reason: "action_space is not a valid space")
        }
        guard action == actionSpace else {
            throw .invalidEntry(entry: entry.name, reason: "action_space \(action.json) differs from the network's \(actionSpace.json)")
        }
    }

    /// The observation statistics and clip stored among `entry`'s parameters (nil when absent),
    /// checked: only `mean`, `var`, `count` and `clip` under ``normalizerPrefix``, each
    /// one-dimensional; the statistics valid and of the observation's size; the clip one
    /// positive finite number, and only beside statistics.
    static func observationNormalizer(of entry: BundleEntry, observationSize: Int) throws(BundleError)
        -> (statistics: RunningMeanStd?, clip: Double?) {
        var arrays: [String: [Double]] = [:]
        for (key, tensor) in entry.parameters where key.hasPrefix(normalizerPrefix) {
            guard ["mean", "var", "count", "clip"].contains(String(key.dropFirst(normalizerPrefix.count))) else {
                throw .invalidEntry(entry: entry.name, reason: "unexpected parameter \(key): the observation statistics are "
                                    + "\(normalizerPrefix)mean, .var, .count and .clip")
            }
            guard tensor.rank == 1 else {
                throw .invalidEntry(entry: entry.name, reason: "\(key) has shape \(tensor.shape); observation statistics are one-dimensional")
            }
            arrays[key] = tensor.doubles
        }
        var clip: Double?
        if let values = arrays.removeValue(forKey: normalizerPrefix + "clip") {
            guard values.count == 1, values[0] > 0, values[0].isFinite else {
                throw .invalidEntry(entry: entry.name, reason: "\(normalizerPrefix)clip must be one positive number, got \(values)")
            }
            clip = values[0]
        }
        guard !arrays.isEmpty else {
            guard clip == nil else {
                throw .invalidEntry(entry: entry.name, reason: "\(normalizerPrefix)clip is stored without the statistics it clips")
            }
            return (nil, nil)
        }
        let statistics: RunningMeanStd
        do {
            statistics = try RunningMeanStd(exported: arrays, prefix: normalizerPrefix)
        } catch {
            throw .invalidEntry(entry: entry.name, reason: "observation statistics: \(error)")
        }
        guard statistics.size == observationSize else {
            throw .invalidEntry(entry: entry.name, reason: "observation statistics have \(statistics.size) elements, the policy reads \(observationSize)")
        }
        return (statistics, clip)
    }
}

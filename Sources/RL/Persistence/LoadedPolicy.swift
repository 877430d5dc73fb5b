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

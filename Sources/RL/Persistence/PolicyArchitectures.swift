import Checkpoint
import NN
import Tensor

extension ArchitectureRegistry {
    /// The policies this library rebuilds: `actor_critic` and `q_network`. Merge it with Models'
    /// `models` for every kind (see ``Checkpoint/ArchitectureRegistry``); ``PolicyBundle/load(_:expecting:limits:)``
    /// uses it alone, so an entry that is not a policy is refused by kind.
    public static let policies = ArchitectureRegistry([.actorCritic, .qNetwork])
}

extension ArchitectureFamily {
    /// `actor_critic`: ``ActorCritic/Configuration``; parameters `log_std` (continuous actions),
    /// `actor.layers.…`, `critic.layers.…`, and optionally the observation statistics.
    public static let actorCritic = ArchitectureFamily(
        kind: ActorCritic.kind, configuration: ActorCritic.Configuration.self, auxiliaryPrefix: PolicyBundle.normalizerPrefix,
        plan: { configuration, limits throws(BundleError) in
            let kind = ActorCritic.kind
            let outputs = try PolicyArchitecture.outputWidth(configuration.actionSpace, kind: kind)
            try PolicyArchitecture.checkSizes(configuration.observationSize, configuration.hiddenSizes, outputs: outputs,
                                              limits: limits, kind: kind)
            if let layout = configuration.layout {
                guard case .discrete = configuration.actionSpace else {
                    throw .invalidArchitecture(kind: kind, reason: "an observation layout needs a Discrete action space")
                }
                if let problem = layout.problem(observationSize: configuration.observationSize, actionCount: outputs) {
                    throw .invalidArchitecture(kind: kind, reason: "observation layout: \(problem)")
                }
            }
            var plan = ArchitecturePlan(kind: kind)
            if case .box = configuration.actionSpace { try plan.add("log_std", [outputs]) }
            let actor = configuration.actorWidths
            try plan.addMLP("actor.", sizes: [actor.input] + configuration.hiddenSizes + [actor.output])
            try plan.addMLP("critic.", sizes: [configuration.criticInputWidth] + configuration.hiddenSizes + [1])
            return plan
        },
        build: { configuration in
            var generator = PhiloxGenerator(seed: 0)  // the weights are replaced by the entry's
            return ActorCritic(configuration, using: &generator, orthogonalInitialization: false)
        },
        checkEntry: { entry, configuration throws(BundleError) in
            try PolicyArchitecture.checkEntry(entry, observationSize: configuration.observationSize, actionSpace: configuration.actionSpace)
        })

    /// `q_network`: ``QNetwork/Configuration`` (a Discrete action space); parameters
    /// `network.layers.…`, and optionally the observation statistics.
    public static let qNetwork = ArchitectureFamily(
        kind: QNetwork.kind, configuration: QNetwork.Configuration.self, auxiliaryPrefix: PolicyBundle.normalizerPrefix,
        plan: { configuration, limits throws(BundleError) in
            let kind = QNetwork.kind
            guard case .discrete = configuration.actionSpace else {
                throw .invalidArchitecture(kind: kind, reason: "a Q-network needs a Discrete action space")
            }
            let outputs = try PolicyArchitecture.outputWidth(configuration.actionSpace, kind: kind)
            try PolicyArchitecture.checkSizes(configuration.observationSize, configuration.hiddenSizes, outputs: outputs,
                                              limits: limits, kind: kind)
            var plan = ArchitecturePlan(kind: kind)
            try plan.addMLP("network.", sizes: [configuration.observationSize] + configuration.hiddenSizes + [outputs])
            return plan
        },
        build: { configuration in
            var generator = PhiloxGenerator(seed: 0)
            return QNetwork(configuration, using: &generator)
        },
        checkEntry: { entry, configuration throws(BundleError) in
            try PolicyArchitecture.checkEntry(entry, observationSize: configuration.observationSize, actionSpace: configuration.actionSpace)
        })
}

/// The checks both policy families share.
enum PolicyArchitecture {
    /// The actor's output width for `actionSpace`.
    static func outputWidth(_ actionSpace: Space, kind: String) throws(BundleError) -> Int {
        switch actionSpace {
        case let .discrete(space): return space.count
        case let .box(space): return space.elementCount
        case .multiDiscrete, .multiBinary:
            throw .invalidArchitecture(kind: kind, reason: "MultiDiscrete and MultiBinary action spaces are not supported by policies yet")
        case .dict, .text:
            throw .invalidArchitecture(kind: kind, reason: "\(actionSpace) is an observation space, not an action space")
        }
    }

    /// Refuses sizes a stranger's file could use to make us allocate absurd networks.
    static func checkSizes(_ observationSize: Int, _ hiddenSizes: [Int], outputs: Int, limits: ArchitectureLimits,
                           kind: String) throws(BundleError) {
        let widths = [observationSize, outputs] + hiddenSizes
        guard !hiddenSizes.isEmpty, hiddenSizes.count <= limits.maximumDepth,
              widths.allSatisfy({ $0 >= 1 && $0 <= limits.maximumWidth }) else {
            let hidden = hiddenSizes.count > 16 ? "\(hiddenSizes.count) layers" : "\(hiddenSizes)"
            throw .invalidArchitecture(kind: kind, reason: "implausible network sizes (observation \(observationSize), hidden \(hidden), "
                                       + "outputs \(outputs)); widths must lie in 1...\(limits.maximumWidth), with 1 to "
                                       + "\(limits.maximumDepth) hidden layers")
        }
    }

    /// The entry's stored spaces and observation statistics against the network its
    /// architecture describes; returns what was checked.
    static func checkEntry(_ entry: BundleEntry, observationSize: Int, actionSpace: Space) throws(BundleError) -> [String] {
        try PolicyBundle.checkStoredSpaces(entry, observationSize: observationSize, actionSpace: actionSpace)
        let normalizer = try PolicyBundle.observationNormalizer(of: entry, observationSize: observationSize)
        return ["observation and action spaces agree with the network"]
            + (normalizer.statistics != nil ? ["normaliser statistics shaped like the observation"] : [])
    }
}

import NN

/// One kind of network an ``ArchitectureRegistry`` rebuilds (`mlp`, `actor_critic`, …): how to
/// read its configuration, predict its parameters from it, and build it.
///
/// The split is what keeps a stranger's description from stopping the process: `plan` does every
/// check (sizes within ``ArchitectureLimits``, consistency, overflow-checked arithmetic) and
/// throws; `build` cannot throw, and the registry calls it only for a configuration whose plan
/// passed and whose parameter count is within the limits. A build that traps on a configuration
/// its plan accepted is a bug in the family.
public struct ArchitectureFamily: Sendable {
    /// A configuration read and planned, ready to be built.
    struct Prepared {
        let plan: ArchitecturePlan
        let build: () -> any Module
        let checkEntry: (BundleEntry) throws(BundleError) -> [String]
    }

    /// The `architecture_kind` this family reads.
    public let kind: String
    /// Entry parameters under this prefix are not the network's (a policy's observation
    /// statistics): the family's entry check reads them, the network never sees them.
    public let auxiliaryPrefix: String?
    let prepare: @Sendable (Architecture, ArchitectureLimits) throws(BundleError) -> Prepared

    /// A family for `kind` whose configuration is JSON decoding as `Configuration`.
    ///
    /// - Parameters:
    ///   - plan: the parameters a network of this configuration holds; throws when a size is
    ///     outside `limits` or the configuration is inconsistent. It must not allocate anything
    ///     the size of the network.
    ///   - build: the network, with fresh weights (seeded, so deterministic).
    ///   - checkEntry: checks of a bundle entry beyond its parameters (stored spaces, auxiliary
    ///     parameters), made before the network is built; returns what it checked, in words.
    public init<Configuration: Decodable & Sendable>(
        kind: String, configuration: Configuration.Type, auxiliaryPrefix: String? = nil,
        plan: @escaping @Sendable (Configuration, ArchitectureLimits) throws(BundleError) -> ArchitecturePlan,
        build: @escaping @Sendable (Configuration) -> any Module,
        checkEntry: @escaping @Sendable (BundleEntry, Configuration) throws(BundleError) -> [String] = { _, _ in [] }
    ) {
        self.kind = kind
        self.auxiliaryPrefix = auxiliaryPrefix
        prepare = { architecture, limits throws(BundleError) in
            let configuration = try architecture.decode(Configuration.self)
            return Prepared(plan: try plan(configuration, limits), build: { build(configuration) },
                            checkEntry: { entry throws(BundleError) in try checkEntry(entry, configuration) })
        }
    }

    /// The parameters of `entry` that belong to the network (all but the auxiliary ones).
    func networkParameters(of entry: BundleEntry) -> StateDict {
        guard let auxiliaryPrefix else { return entry.parameters }
        return StateDict(entry.parameters.filter { !$0.key.hasPrefix(auxiliaryPrefix) }.map { ($0.key, $0.value) })
    }
}

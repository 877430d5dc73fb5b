import NN

/// The architecture kinds a process can rebuild from bundles, and the one path by which it does:
/// kind → family; the family reads the configuration and predicts the parameters; the prediction
/// is checked against ``ArchitectureLimits`` and against the entry's stored parameters (count,
/// keys, shapes) and the family checks the rest of the entry; only then is the network built and
/// loaded.
///
/// Layering (DESIGN.md: Tensor ← NN ← Checkpoint ← (Models, RL)): the registry type lives here,
/// below both model libraries, and knows no kind. Models contributes ``models`` (`mlp`,
/// `quantile_forecaster`, `char_transformer`) and RL contributes `policies` (`actor_critic`,
/// `q_network`) as values of this type. Neither library sees the other, so the registry of every
/// kind is assembled by whoever imports both, with ``merging(_:)``: the `frontier` executable's
/// `ArchitectureRegistry.standard`, or a validator's own composition. A registry is a plain
/// value: no global mutable table, nothing registered as a side effect of loading a module.
public struct ArchitectureRegistry: Sendable {
    private let families: [ArchitectureFamily]

    /// A registry of `families`; each kind at most once (registrations are code, so a repeated
    /// kind is a programmer error).
    public init(_ families: [ArchitectureFamily]) {
        let kinds = families.map(\.kind)
        precondition(Set(kinds).count == kinds.count, "ArchitectureRegistry: a kind is registered twice in \(kinds)")
        self.families = families
    }

    /// This registry's families followed by `other`'s.
    public func merging(_ other: ArchitectureRegistry) -> ArchitectureRegistry {
        ArchitectureRegistry(families + other.families)
    }

    /// The kinds, in registration order.
    public var kinds: [String] { families.map(\.kind) }

    /// Whether `kind` is registered.
    public func contains(kind: String) -> Bool { families.contains { $0.kind == kind } }

    /// The parameters a network of `architecture` holds, predicted without building it; throws
    /// when the kind is unknown, the configuration does not decode or is inconsistent, or the
    /// network would exceed `limits`.
    public func plan(_ architecture: Architecture, limits: ArchitectureLimits = ArchitectureLimits()) throws(BundleError) -> ArchitecturePlan {
        try prepare(architecture, limits: limits).prepared.plan
    }

    /// A network of `architecture` with fresh weights, after the same checks as ``plan(_:limits:)``.
    public func build(_ architecture: Architecture, limits: ArchitectureLimits = ArchitectureLimits()) throws(BundleError) -> any Module {
        try prepare(architecture, limits: limits).prepared.build()
    }

    /// Every check of `entry` that can be made without building its network (see the type's
    /// description); the result builds it.
    public func check(_ entry: BundleEntry, limits: ArchitectureLimits = ArchitectureLimits()) throws(BundleError) -> CheckedEntry {
        let (family, prepared): (ArchitectureFamily, ArchitectureFamily.Prepared)
        do {
            (family, prepared) = try prepare(entry.architecture, limits: limits)
        } catch {
            throw .invalidEntry(entry: entry.name, reason: error.description)  // a bundle holds several: name which
        }
        let parameters = family.networkParameters(of: entry)
        try prepared.plan.verify(parameters, entry: entry.name)
        let familyChecks = try prepared.checkEntry(entry)
        let checks = ["architecture predicts \(prepared.plan.parameterCount) parameters (limit \(limits.maximumParameterCount))",
                      "architecture matches the \(prepared.plan.parameters.count) stored parameter keys and shapes"] + familyChecks
        return CheckedEntry(entry: entry, plan: prepared.plan, checks: checks, parameters: parameters, makeNetwork: prepared.build)
    }

    /// The network of `entry` with its parameters loaded, in evaluation mode: ``check(_:limits:)``
    /// then ``CheckedEntry/build()``.
    public func load(_ entry: BundleEntry, limits: ArchitectureLimits = ArchitectureLimits()) throws(BundleError) -> any Module {
        try check(entry, limits: limits).build()
    }

    private func prepare(_ architecture: Architecture, limits: ArchitectureLimits) throws(BundleError)
        -> (family: ArchitectureFamily, prepared: ArchitectureFamily.Prepared) {
        guard let family = families.first(where: { $0.kind == architecture.kind }) else {
            throw .invalidArchitecture(kind: architecture.kind, reason: "unknown kind; this Frontier builds \(kinds.joined(separator: ", "))")
        }
        let prepared = try family.prepare(architecture, limits)
        guard prepared.plan.parameterCount <= limits.maximumParameterCount else {
            throw .invalidArchitecture(kind: architecture.kind, reason: "the architecture needs \(prepared.plan.parameterCount) parameters, "
                                       + "more than the limit of \(limits.maximumParameterCount)")
        }
        return (family, prepared)
    }
}

/// A bundle entry that passed every check its registry can make without building the network.
/// Only ``ArchitectureRegistry/check(_:limits:)`` makes one, so ``build()`` cannot be reached with
/// an unchecked entry.
public struct CheckedEntry {
    /// The entry.
    public let entry: BundleEntry
    /// Its network's predicted parameters (equal to the stored ones).
    public let plan: ArchitecturePlan
    /// What was checked, in words (for `frontier inspect`).
    public let checks: [String]
    let parameters: StateDict
    let makeNetwork: () -> any Module

    /// Builds the network, loads the entry's parameters strictly and puts it in evaluation mode.
    public func build() throws(BundleError) -> any Module {
        let network = makeNetwork()
        do {
            try network.load(stateDict: parameters)
        } catch {
            // The plan matched the parameters, so this means the family's plan and its network
            // disagree: a bug, reported rather than trapped.
            throw .invalidEntry(entry: entry.name, reason: "\(error)")
        }
        network.eval()
        return network
    }
}

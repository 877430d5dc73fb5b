import Checkpoint

/// Builds a policy from a bundle entry whose network is not one of RL's policy kinds (a
/// forecaster serving Forecast-v0, say), for the environment it will act in; nil when it does
/// not apply to the entry.
public typealias ModelAdapter = @Sendable (BundleEntry, any Environment) throws -> LoadedPolicy?

/// Environments by id, as Gymnasium's registry: `make("CartPole-v1")` builds a fresh instance
/// with its time limit applied.
///
/// A registry is a value; the built-in one (`EnvironmentRegistry.builtIn` in the
/// `Environments` module) is immutable, and users extend a copy with ``register(_:)``.
public struct EnvironmentRegistry: Sendable {
    /// One registered environment.
    public struct Entry: Sendable {
        /// Id, version, rewards, time limit.
        public var metadata: EnvironmentMetadata
        /// One line on what the task is.
        public var summary: String
        /// Builds an unwrapped instance from options.
        public var factory: @Sendable (EnvironmentOptions) throws(EnvironmentError) -> any Environment
        /// Architecture kinds beside RL's policies that can act in this environment, and what
        /// turns such an entry into a policy.
        public var adaptedKinds: [String] = []
        /// See ``adaptedKinds``.
        public var modelAdapter: ModelAdapter?
        /// Hyperparameters that train this environment well, per algorithm, as a config file
        /// would write them (snake_case keys; `total_steps` for how long to train). They override
        /// the algorithm's defaults key by key, and a `--config` file overrides them (see
        /// ``LearnerFactory``). An algorithm without an entry trains with its defaults.
        public var trainingPresets: [Algorithm: [String: ConfigValue]] = [:]

        /// An entry.
        public init(metadata: EnvironmentMetadata, summary: String,
                    factory: @escaping @Sendable (EnvironmentOptions) throws(EnvironmentError) -> any Environment,
                    adaptedKinds: [String] = [], modelAdapter: ModelAdapter? = nil,
                    trainingPresets: [Algorithm: [String: ConfigValue]] = [:]) {
            self.metadata = metadata
            self.summary = summary
            self.factory = factory
            self.adaptedKinds = adaptedKinds
            self.modelAdapter = modelAdapter
            self.trainingPresets = trainingPresets
        }
    }

    private var entries: [String: Entry] = [:]

    /// An empty registry.
    public init() {}

    /// Adds (or replaces) the entry under its metadata's id.
    public mutating func register(_ entry: Entry) { entries[entry.metadata.id] = entry }

    /// The registered ids, sorted.
    public var ids: [String] { entries.keys.sorted() }

    /// The entries, sorted by id.
    public var all: [Entry] { ids.compactMap { entries[$0] } }

    /// The entry for `id`, if registered.
    public func entry(_ id: String) -> Entry? { entries[id] }

    /// A new instance of `id`, built with `options` and wrapped in a ``TimeLimit`` when the
    /// entry has a step limit (pass `timeLimit: false` for the bare dynamics).
    public func make(_ id: String, options: EnvironmentOptions = [:], timeLimit: Bool = true) throws(EnvironmentError) -> any Environment {
        guard let entry = entries[id] else { throw .unknownEnvironment(id: id, known: ids) }
        let environment = try entry.factory(options)
        if timeLimit, let steps = entry.metadata.maxEpisodeSteps { return TimeLimit(environment, maxEpisodeSteps: steps) }
        return environment
    }
}

extension EnvironmentRegistry {
    /// The entry of `bundle` that acts in `id`: the one named `id`, else the first whose
    /// architecture kind the environment adapts (``Entry/adaptedKinds``).
    public func policyEntry(in bundle: CheckpointBundle, for id: String) -> BundleEntry? {
        if let named = bundle.entry(id) { return named }
        guard let kinds = entry(id)?.adaptedKinds, !kinds.isEmpty else { return nil }
        return bundle.entries.first { kinds.contains($0.architecture.kind) }
    }

    /// The policy of `bundleEntry` for `environment` (made from `id`): RL's policy kinds through
    /// ``PolicyBundle/load(_:expecting:limits:)``, adapted kinds through the environment's
    /// adapter. Throws what the loader or adapter throws.
    public func loadPolicy(_ bundleEntry: BundleEntry, for id: String, environment: any Environment) throws -> LoadedPolicy {
        if let registered = entry(id), registered.adaptedKinds.contains(bundleEntry.architecture.kind),
           let adapter = registered.modelAdapter, let policy = try adapter(bundleEntry, environment) {
            return policy
        }
        return try PolicyBundle.load(bundleEntry, expecting: (environment.observationSpace, environment.actionSpace))
    }
}

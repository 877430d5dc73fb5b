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

        /// An entry.
        public init(metadata: EnvironmentMetadata, summary: String,
                    factory: @escaping @Sendable (EnvironmentOptions) throws(EnvironmentError) -> any Environment) {
            self.metadata = metadata
            self.summary = summary
            self.factory = factory
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

/// The bounds ``BoundedYAML`` enforces before and while a YAML file is read. Config files, suites
/// and search spaces are a few kilobytes; these limits are far above that and far below what
/// would hurt a long-running process that reads files from strangers.
public struct YAMLLimits: Sendable, Equatable {
    /// The largest file read, in bytes (a 40 MB file kept libyaml busy for minutes).
    public var maxBytes: Int
    /// The deepest nesting of collections (checked on the text, before the recursive composer
    /// sees it, so a deeply nested file cannot overflow the stack).
    public var maxDepth: Int
    /// The most values (scalars and collections) in one document.
    public var maxNodes: Int
    /// The longest scalar, in bytes.
    public var maxScalarBytes: Int

    /// Limits for configuration files: 1 MiB, 64 levels, 100,000 values, 64 KiB scalars.
    public init(maxBytes: Int = 1 << 20, maxDepth: Int = 64, maxNodes: Int = 100_000, maxScalarBytes: Int = 64 << 10) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
        self.maxNodes = maxNodes
        self.maxScalarBytes = maxScalarBytes
    }
}

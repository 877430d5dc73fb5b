/// Bounds `HDF5Inspector` enforces on a file from a stranger before anything reads its data.
///
/// The defaults fit Frontier's policy bundles (a few million parameters) with a wide margin, and bound what
/// reading an accepted file can cost: at most `maxTotalElements` × 8 bytes of elements.
public struct HDF5SafetyLimits: Codable, Equatable, Sendable {
    /// Largest file accepted, in bytes (default 512 MiB).
    public var maxFileBytes: Int
    /// Most elements over all datasets together (default 64 Mi).
    public var maxTotalElements: Int
    /// Most elements in one dataset, and in one chunk of a chunked dataset (default 16 Mi).
    public var maxElementsPerDataset: Int
    /// Deepest nesting: `/a` has depth 1, `/a/b` depth 2 (default 16).
    public var maxDepth: Int
    /// Most links plus attributes in the whole file (default 10 000).
    public var maxObjects: Int
    /// Largest attribute value in bytes, as declared and, for variable-length strings, as read (default 64 KiB).
    public var maxAttributeBytes: Int
    /// Longest link or attribute name in bytes (default 256).
    public var maxNameLength: Int
    /// Whether variable-length string attributes (h5py's default for `str`) are accepted (default false).
    /// Frontier writes fixed-length strings. Checking a variable-length string's size means reading it from
    /// the global heap, and libhdf5 1.10.8 segfaults or loops forever there on some corrupted files.
    public var allowsVariableLengthStrings: Bool

    /// Limits with the given values; every argument defaults to the documented default.
    public init(
        maxFileBytes: Int = 512 << 20, maxTotalElements: Int = 64 << 20, maxElementsPerDataset: Int = 16 << 20,
        maxDepth: Int = 16, maxObjects: Int = 10_000, maxAttributeBytes: Int = 64 << 10, maxNameLength: Int = 256,
        allowsVariableLengthStrings: Bool = false
    ) {
        self.maxFileBytes = maxFileBytes
        self.maxTotalElements = maxTotalElements
        self.maxElementsPerDataset = maxElementsPerDataset
        self.maxDepth = maxDepth
        self.maxObjects = maxObjects
        self.maxAttributeBytes = maxAttributeBytes
        self.maxNameLength = maxNameLength
        self.allowsVariableLengthStrings = allowsVariableLengthStrings
    }

    /// Throws `CheckpointSafetyError.invalidLimits` unless every limit is positive.
    public func validate() throws {
        let values: [(String, Int)] = [
            ("maxFileBytes", maxFileBytes), ("maxTotalElements", maxTotalElements),
            ("maxElementsPerDataset", maxElementsPerDataset), ("maxDepth", maxDepth), ("maxObjects", maxObjects),
            ("maxAttributeBytes", maxAttributeBytes), ("maxNameLength", maxNameLength),
        ]
        for (name, value) in values where value <= 0 {
            throw CheckpointSafetyError.invalidLimits("\(name) must be positive, got \(value)")
        }
    }
}

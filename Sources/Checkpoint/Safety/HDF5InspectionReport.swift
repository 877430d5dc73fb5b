/// What `HDF5Inspector` found in an accepted file.
public struct HDF5InspectionReport: Equatable, Sendable {
    /// A dataset of the file, described from its metadata.
    public struct Dataset: Equatable, Sendable {
        /// Object path, e.g. `/actor/weight`.
        public var path: String
        /// Dimensions (`[]` for a scalar).
        public var shape: [Int]
        /// float32, float64 or int64.
        public var elementType: HDF5ElementType
        /// Storage layout (never virtual in an accepted file).
        public var layout: HDF5StorageLayout
        /// Filter pipeline (only deflate 1 and shuffle 2 in an accepted file).
        public var filterIDs: [Int]
    }

    /// An attribute of the file.
    public struct Attribute: Equatable, Sendable {
        /// Path of the group or dataset holding it.
        public var objectPath: String
        /// The attribute's name.
        public var name: String
        /// Its type, e.g. `variable-length string` or `integer, 8 bytes, signed`.
        public var typeDescription: String
        /// Its number of elements (1 for a scalar).
        public var elementCount: Int
    }

    /// The file inspected.
    public var path: String
    /// Its size in bytes.
    public var fileByteCount: Int
    /// Every group, `/` first, in the order walked (name order, depth first).
    public var groups: [String]
    /// Every dataset, in the order walked.
    public var datasets: [Dataset]
    /// Every attribute, in the order walked.
    public var attributes: [Attribute]
    /// Elements over all datasets.
    public var totalElements: Int
}

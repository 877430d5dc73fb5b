import CHDF5

/// How a dataset's elements are stored in the file.
public enum HDF5StorageLayout: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// Inside the object header (small datasets).
    case compact
    /// One block in the file (or in external files, see `HDF5DatasetInfo.externalStorageCount`).
    case contiguous
    /// Fixed-size chunks, possibly filtered (compressed).
    case chunked
    /// Mapped from other datasets, possibly in other files.
    case virtual
    /// A layout code this wrapper does not know.
    case other(Int)

    init(_ layout: H5D_layout_t) {
        switch layout {
        case H5D_COMPACT: self = .compact
        case H5D_CONTIGUOUS: self = .contiguous
        case H5D_CHUNKED: self = .chunked
        case H5D_VIRTUAL: self = .virtual
        default: self = .other(Int(layout.rawValue))
        }
    }

    /// A one-line description for messages and logs.
    public var description: String {
        switch self {
        case .compact: return "compact"
        case .contiguous: return "contiguous"
        case .chunked: return "chunked"
        case .virtual: return "virtual"
        case .other(let code): return "layout \(code)"
        }
    }
}

/// What a dataset declares about itself, read from its metadata without touching its elements.
public struct HDF5DatasetInfo: Equatable, Sendable {
    /// The dimensions (`[]` for a scalar dataset).
    public var shape: [Int]
    /// The element type.
    public var elementType: HDF5ElementType
    /// Bytes per element as stored.
    public var elementByteCount: Int
    /// The storage layout.
    public var layout: HDF5StorageLayout
    /// The chunk dimensions, for chunked datasets.
    public var chunkShape: [Int]?
    /// The filter pipeline in order (1 deflate, 2 shuffle, 3 fletcher32, 4 szip, 5 nbit, 6 scale-offset,
    /// others are registered plugins such as 32000 LZF).
    public var filterIDs: [Int]
    /// How many external files hold the raw data (0: the data is in this file).
    public var externalStorageCount: Int
    /// Elements × element size as declared by the shape and type, or nil if that overflows 64 bits. For a
    /// compressed dataset this can be far larger than the file: check it before reading.
    public var declaredByteCount: UInt64?
    /// Bytes the data occupies in the file (`H5Dget_storage_size`).
    public var storedByteCount: UInt64

    /// The number of elements, `shape.reduce(1, *)`.
    public var elementCount: Int { shape.reduce(1, *) }
}

/// The same facts with the dimensions as declared (they may not fit in `Int`); what the inspector checks.
struct HDF5RawDatasetInfo {
    var extent: HDF5Extent
    var elementType: HDF5ElementType
    var elementByteCount: Int
    var layout: HDF5StorageLayout
    var chunkDimensions: [UInt64]?
    var filterIDs: [Int]
    var externalStorageCount: Int
    var storedByteCount: UInt64

    var declaredByteCount: UInt64? {
        guard let count = extent.elementCount else { return nil }
        let (bytes, overflow) = count.multipliedReportingOverflow(by: UInt64(elementByteCount))
        return overflow ? nil : bytes
    }

    /// Reads the metadata of an open dataset. Call while holding the lock.
    static func read(dataset: hid_t, at location: HDF5Location) throws -> HDF5RawDatasetInfo {
        let type = try location.own(H5Dget_type(dataset), .datatype, "H5Dget_type")
        let space = try location.own(H5Dget_space(dataset), .dataspace, "H5Dget_space")
        let properties = try location.own(H5Dget_create_plist(dataset), .propertyList, "H5Dget_create_plist")
        let extent = try HDF5Extent.of(space.id, at: location)
        let layoutCode = H5Pget_layout(properties.id)
        guard layoutCode.rawValue >= 0 else { throw location.libraryError("H5Pget_layout") }
        let layout = HDF5StorageLayout(layoutCode)

        var chunkDimensions: [UInt64]?
        if layout == .chunked {
            var dimensions = [hsize_t](repeating: 0, count: 32)  // H5S_MAX_RANK
            let rank = H5Pget_chunk(properties.id, Int32(dimensions.count), &dimensions)
            guard rank >= 0 else { throw location.libraryError("H5Pget_chunk") }
            chunkDimensions = dimensions.prefix(Int(rank)).map { UInt64($0) }
        }

        let filterCount = H5Pget_nfilters(properties.id)
        guard filterCount >= 0 else { throw location.libraryError("H5Pget_nfilters") }
        var filterIDs: [Int] = []
        for index in 0..<filterCount {
            var flags: UInt32 = 0
            var valueCount = 0
            var configuration: UInt32 = 0
            var name = [CChar](repeating: 0, count: 64)
            let filter = H5Pget_filter2(properties.id, UInt32(index), &flags, &valueCount, nil, name.count, &name,
                                        &configuration)
            guard filter >= 0 else { throw location.libraryError("H5Pget_filter2") }
            filterIDs.append(Int(filter))
        }

        let externalCount = H5Pget_external_count(properties.id)
        guard externalCount >= 0 else { throw location.libraryError("H5Pget_external_count") }

        return HDF5RawDatasetInfo(
            extent: extent, elementType: HDF5ElementType.classify(type.id), elementByteCount: H5Tget_size(type.id),
            layout: layout, chunkDimensions: chunkDimensions, filterIDs: filterIDs,
            externalStorageCount: Int(externalCount), storedByteCount: UInt64(H5Dget_storage_size(dataset)))
    }

    /// The public form; throws `.unsupported` if a dimension does not fit in `Int`.
    func publicInfo(at location: HDF5Location) throws -> HDF5DatasetInfo {
        guard let shape = extent.shape, extent.kind != .null else {
            throw HDF5Error.unsupported(file: location.file, object: location.object,
                                        message: extent.kind == .null ? "null dataspace" : "dimensions whose product exceeds Int.max")
        }
        let chunkShape = chunkDimensions.map { $0.map { Int(clamping: $0) } }
        return HDF5DatasetInfo(
            shape: shape, elementType: elementType, elementByteCount: elementByteCount, layout: layout,
            chunkShape: chunkShape, filterIDs: filterIDs, externalStorageCount: externalStorageCount,
            declaredByteCount: declaredByteCount, storedByteCount: storedByteCount)
    }
}

import CHDF5

/// A group: a directory of links to groups and datasets. Names passed to its methods are single path
/// components (no `/`); new names must be printable ASCII.
public final class HDF5Group: HDF5Object, @unchecked Sendable {
    /// Creates a child group `name`. Throws `.alreadyExists` if the name is taken.
    public func createGroup(_ name: String) throws -> HDF5Group {
        try requireWritable()
        try validateName(name, what: "link")
        return try withID { id in
            let child = location.child(name)
            try requireAbsent(name, in: id)
            let properties = try location.own(H5Pcreate(frontier_h5p_group_create()), .propertyList, "H5Pcreate")
            // No timestamps: the same contents give the same bytes (bundles are hashed).
            try location.check(H5Pset_obj_track_times(properties.id, false), "H5Pset_obj_track_times")
            let group = try child.own(
                H5Gcreate2(id, name, frontier_h5p_default(), properties.id, frontier_h5p_default()),
                .group, "H5Gcreate2")
            return HDF5Group(file: file, location: child, handle: group)
        }
    }

    /// Opens the child group `name` (following a soft link if `name` is one).
    public func openGroup(_ name: String) throws -> HDF5Group {
        try withID { id in
            let child = try requireChild(name, of: H5O_TYPE_GROUP, expected: "group", in: id)
            let group = try child.own(H5Gopen2(id, name, frontier_h5p_default()), .group, "H5Gopen2")
            return HDF5Group(file: file, location: child, handle: group)
        }
    }

    /// Opens the child dataset `name` (following a soft link if `name` is one).
    public func openDataset(_ name: String) throws -> HDF5Dataset {
        try withID { id in
            let child = try requireChild(name, of: H5O_TYPE_DATASET, expected: "dataset", in: id)
            let dataset = try child.own(H5Dopen2(id, name, frontier_h5p_default()), .dataset, "H5Dopen2")
            return HDF5Dataset(file: file, location: child, handle: dataset)
        }
    }

    /// Whether a link named `name` exists (it may dangle).
    public func contains(_ name: String) throws -> Bool {
        try withID { id in
            guard !name.isEmpty, !name.contains("/") else { return false }
            let exists = H5Lexists(id, name, frontier_h5p_default())
            if exists < 0 { throw location.libraryError("H5Lexists") }
            return exists > 0
        }
    }

    /// The group's links in name order with their kinds. Soft and external links are reported, not followed.
    public func children() throws -> [HDF5Link] {
        try withID { id in
            try HDF5Links.list(group: id, at: location).links.map { link in
                HDF5Link(name: link.name, kind: try HDF5Links.kind(of: link, group: id, at: location))
            }
        }
    }

    /// Writes a new contiguous dataset `name` holding `elements` (row-major) with the given shape (`[]` for a
    /// scalar). Float, Double and Int64 are stored little-endian as float32, float64 and int64.
    @discardableResult
    public func writeDataset<Element: HDF5Element>(
        _ name: String, shape: [Int], elements: [Element]
    ) throws -> HDF5Dataset {
        let elementType = Element.checkedElementType
        try requireWritable()
        try validateName(name, what: "link")
        let child = location.child(name)
        func invalid(_ message: String) -> HDF5Error {
            .invalidArgument(file: location.file, object: child.object, message: message)
        }
        guard shape.allSatisfy({ $0 >= 0 }) else { throw invalid("negative dimension in shape \(shape)") }
        let (count, overflow) = shape.reduce((1, false)) { partial, dimension in
            let (product, overflow) = partial.0.multipliedReportingOverflow(by: dimension)
            return (product, partial.1 || overflow)
        }
        guard !overflow, count == elements.count else {
            throw invalid("shape \(shape) needs \(overflow ? "too many" : "\(count)") elements, got \(elements.count)")
        }
        guard let fileType = elementType.fileTypeID, let memoryType = elementType.nativeTypeID else {
            throw invalid("element type \(elementType)")
        }
        return try withID { id in
            try requireAbsent(name, in: id)
            let space: HDF5Handle
            if shape.isEmpty {
                space = try child.own(H5Screate(H5S_SCALAR), .dataspace, "H5Screate")
            } else {
                let dimensions = shape.map { hsize_t($0) }
                space = try child.own(H5Screate_simple(Int32(shape.count), dimensions, nil), .dataspace,
                                      "H5Screate_simple")
            }
            let properties = try child.own(H5Pcreate(frontier_h5p_dataset_create()), .propertyList, "H5Pcreate")
            try child.check(H5Pset_obj_track_times(properties.id, false), "H5Pset_obj_track_times")
            let dataset = try child.own(
                H5Dcreate2(id, name, fileType, space.id, frontier_h5p_default(), properties.id, frontier_h5p_default()),
                .dataset, "H5Dcreate2")
            if !elements.isEmpty {
                try child.check(elements.withUnsafeBytes {
                    H5Dwrite(dataset.id, memoryType, frontier_h5s_all(), frontier_h5s_all(), frontier_h5p_default(),
                             $0.baseAddress)
                }, "H5Dwrite")
            }
            return HDF5Dataset(file: file, location: child, handle: dataset)
        }
    }

    /// Reads the child dataset `name`; throws `.elementTypeMismatch` unless it stores `Element`'s type.
    public func readDataset<Element: HDF5Element>(
        _ name: String, as type: Element.Type = Element.self
    ) throws -> HDF5Array<Element> {
        try openDataset(name).read(as: type)
    }

    // MARK: - Helpers

    private func requireAbsent(_ name: String, in id: hid_t) throws {
        let exists = H5Lexists(id, name, frontier_h5p_default())
        if exists < 0 { throw location.libraryError("H5Lexists") }
        if exists > 0 { throw HDF5Error.alreadyExists(file: location.file, object: location.child(name).object) }
    }

    /// Checks that `name` names an object of the given type; returns its location.
    private func requireChild(
        _ name: String, of type: H5O_type_t, expected: String, in id: hid_t
    ) throws -> HDF5Location {
        let child = location.child(name)
        guard !name.isEmpty, !name.contains("/") else {
            throw HDF5Error.invalidArgument(file: location.file, object: child.object,
                                            message: "name must be one path component")
        }
        let exists = H5Lexists(id, name, frontier_h5p_default())
        if exists < 0 { throw location.libraryError("H5Lexists") }
        if exists == 0 { throw HDF5Error.notFound(file: location.file, object: child.object) }
        var info = H5O_info_t()
        try child.check(H5Oget_info_by_name2(id, name, &info, UInt32(H5O_INFO_BASIC), frontier_h5p_default()),
                        "H5Oget_info_by_name2")
        guard info.type == type else {
            let actual: String
            switch info.type {
            case H5O_TYPE_GROUP: actual = "group"
            case H5O_TYPE_DATASET: actual = "dataset"
            case H5O_TYPE_NAMED_DATATYPE: actual = "named datatype"
            default: actual = "unknown object"
            }
            throw HDF5Error.wrongKind(file: location.file, object: child.object, expected: expected, actual: actual)
        }
        return child
    }
}

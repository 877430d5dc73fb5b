import CHDF5
import Foundation

/// One depth-first walk over a file for `HDF5Inspector`: every link and attribute is checked against the
/// limits before any object behind it is opened. Runs with the library lock held throughout.
final class HDF5InspectionWalk {
    private let path: String
    private let limits: HDF5SafetyLimits
    private var objectCount = 0
    private var firstPaths: [ObjectKey: String] = [:]

    private(set) var groups: [String] = []
    private(set) var datasets: [HDF5InspectionReport.Dataset] = []
    private(set) var attributes: [HDF5InspectionReport.Attribute] = []
    private(set) var totalElements: UInt64 = 0

    private struct ObjectKey: Hashable {
        var fileNumber: UInt
        var address: haddr_t
    }

    init(path: String, limits: HDF5SafetyLimits) {
        self.path = path
        self.limits = limits
    }

    func run(root: HDF5Group) throws {
        try root.withID { id in
            var info = H5O_info_t()
            try location("/").check(H5Oget_info2(id, &info, UInt32(H5O_INFO_BASIC)), "H5Oget_info2")
            firstPaths[ObjectKey(fileNumber: info.fileno, address: info.addr)] = "/"
            try visitGroup(id, at: "/", depth: 0)
        }
    }

    private func location(_ object: String) -> HDF5Location {
        HDF5Location(file: path, object: object)
    }

    private func countObject(at object: String) throws {
        objectCount += 1
        if objectCount > limits.maxObjects {
            throw CheckpointSafetyError.tooManyObjects(object: object, limit: limits.maxObjects)
        }
    }

    // MARK: - Groups and links

    private func visitGroup(_ groupID: hid_t, at groupPath: String, depth: Int) throws {
        groups.append(groupPath)
        try visitAttributes(of: groupID, at: groupPath)
        let here = location(groupPath)
        let budget = limits.maxObjects - objectCount
        let (links, truncated) = try HDF5Links.list(group: groupID, limit: budget, at: here)
        for link in links {
            let childPath = here.child(link.name).object
            try countObject(at: childPath)
            try checkName(link.nameBytes, at: childPath)
            switch link.type {
            case H5L_TYPE_HARD:
                break
            case H5L_TYPE_SOFT:
                let target = linkValue(groupID, link).map { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                throw CheckpointSafetyError.softLink(object: childPath, target: target ?? "?")
            case H5L_TYPE_EXTERNAL:
                let (file, target) = externalTarget(groupID, link)
                throw CheckpointSafetyError.externalLink(object: childPath, file: file, target: target)
            default:
                throw CheckpointSafetyError.userDefinedLink(object: childPath, linkClass: Int(link.type.rawValue))
            }
            let childDepth = depth + 1
            if childDepth > limits.maxDepth {
                throw CheckpointSafetyError.tooDeep(object: childPath, depth: childDepth, limit: limits.maxDepth)
            }
            let target = try HDF5Links.target(group: groupID, index: link.index, at: location(childPath))
            let key = ObjectKey(fileNumber: target.fileNumber, address: target.address)
            if let firstPath = firstPaths[key] {
                throw CheckpointSafetyError.sharedObject(object: childPath, firstPath: firstPath)
            }
            firstPaths[key] = childPath
            switch target.type {
            case H5O_TYPE_GROUP:
                let child = try openChild(groupID, link, kind: .group, at: childPath)
                try visitGroup(child.id, at: childPath, depth: childDepth)
            case H5O_TYPE_DATASET:
                let child = try openChild(groupID, link, kind: .dataset, at: childPath)
                try visitDataset(child.id, at: childPath)
            case H5O_TYPE_NAMED_DATATYPE:
                throw CheckpointSafetyError.unsupportedObject(object: childPath, description: "named datatype")
            default:
                throw CheckpointSafetyError.unsupportedObject(object: childPath, description: "unknown object type")
            }
        }
        if truncated {
            throw CheckpointSafetyError.tooManyObjects(object: groupPath, limit: limits.maxObjects)
        }
    }

    /// Opens the object behind a hard link by its index, so the name is never parsed as a path.
    private func openChild(
        _ groupID: hid_t, _ link: HDF5RawLink, kind: HDF5Handle.Kind, at childPath: String
    ) throws -> HDF5Handle {
        try location(childPath).own(
            H5Oopen_by_idx(groupID, ".", H5_INDEX_NAME, H5_ITER_INC, hsize_t(link.index), frontier_h5p_default()),
            kind, "H5Oopen_by_idx")
    }

    /// The stored value of a soft or external link (at most 4 KiB), for the error message.
    private func linkValue(_ groupID: hid_t, _ link: HDF5RawLink) -> [UInt8]? {
        guard link.valueSize > 0, link.valueSize <= 4096 else { return nil }
        var buffer = [UInt8](repeating: 0, count: link.valueSize)
        let status = buffer.withUnsafeMutableBytes {
            H5Lget_val_by_idx(groupID, ".", H5_INDEX_NAME, H5_ITER_INC, hsize_t(link.index), $0.baseAddress, $0.count,
                              frontier_h5p_default())
        }
        guard status >= 0 else {
            _ = HDF5Runtime.takeErrorStack()
            return nil
        }
        return buffer
    }

    private func externalTarget(_ groupID: hid_t, _ link: HDF5RawLink) -> (file: String, object: String) {
        guard let value = linkValue(groupID, link) else { return ("?", "?") }
        // The value is a flags byte, then two NUL-terminated strings: file name and object path.
        let parts = value.dropFirst().split(separator: 0, maxSplits: 1, omittingEmptySubsequences: false)
        let file = parts.first.map { String(decoding: $0, as: UTF8.self) } ?? "?"
        let object = parts.count > 1 ? String(decoding: parts[1].prefix { $0 != 0 }, as: UTF8.self) : "?"
        return (file, object)
    }

    /// Rejects names that are too long, not ASCII, empty, `.`/`..`, or hold `/` or control characters.
    private func checkName(_ bytes: [UInt8], at object: String) throws {
        if bytes.count > limits.maxNameLength {
            throw CheckpointSafetyError.nameTooLong(object: object, length: bytes.count, limit: limits.maxNameLength)
        }
        if bytes.contains(where: { $0 >= 0x80 }) { throw CheckpointSafetyError.nonASCIIName(object: object) }
        let reason: String?
        if bytes.isEmpty { reason = "empty" }
        else if bytes == [0x2E] || bytes == [0x2E, 0x2E] { reason = "'.' or '..'" }
        else if bytes.contains(0x2F) { reason = "contains '/'" }
        else if bytes.contains(where: { $0 < 0x20 || $0 == 0x7F }) { reason = "contains control characters" }
        else { reason = nil }
        if let reason { throw CheckpointSafetyError.invalidName(object: object, reason: reason) }
    }

    // MARK: - Datasets

    private func visitDataset(_ datasetID: hid_t, at datasetPath: String) throws {
        let info = try HDF5RawDatasetInfo.read(dataset: datasetID, at: location(datasetPath))
        if info.layout == .virtual { throw CheckpointSafetyError.virtualDataset(object: datasetPath) }
        if info.externalStorageCount > 0 {
            throw CheckpointSafetyError.externalStorage(object: datasetPath, fileCount: info.externalStorageCount)
        }
        for filter in info.filterIDs where filter != Int(H5Z_FILTER_DEFLATE) && filter != Int(H5Z_FILTER_SHUFFLE) {
            throw CheckpointSafetyError.unsupportedFilter(object: datasetPath, filterID: filter)
        }
        if case .other(let description) = info.elementType {
            throw CheckpointSafetyError.unsupportedElementType(object: datasetPath, description: description)
        }
        if info.extent.kind == .null {
            throw CheckpointSafetyError.unsupportedDataspace(object: datasetPath, description: "null")
        }
        let perDataset = UInt64(limits.maxElementsPerDataset)
        guard let count = info.extent.elementCount, count <= perDataset, let shape = info.extent.shape else {
            throw CheckpointSafetyError.datasetTooLarge(object: datasetPath, shape: info.extent.dimensions,
                                                        limit: limits.maxElementsPerDataset)
        }
        if let chunk = info.chunkDimensions {
            let chunkCount = HDF5Extent(kind: .simple, dimensions: chunk).elementCount
            if chunkCount.map({ $0 > perDataset }) ?? true {
                throw CheckpointSafetyError.chunkTooLarge(object: datasetPath, chunkShape: chunk,
                                                          limit: limits.maxElementsPerDataset)
            }
        }
        totalElements += count
        if totalElements > UInt64(limits.maxTotalElements) {
            throw CheckpointSafetyError.totalElementsTooLarge(object: datasetPath, total: totalElements,
                                                              limit: limits.maxTotalElements)
        }
        datasets.append(HDF5InspectionReport.Dataset(
            path: datasetPath, shape: shape, elementType: info.elementType, layout: info.layout,
            filterIDs: info.filterIDs))
        try visitAttributes(of: datasetID, at: datasetPath)
    }

    // MARK: - Attributes

    private func visitAttributes(of objectID: hid_t, at objectPath: String) throws {
        let here = location(objectPath)
        // Counted first: an object declaring more attributes than the budget is refused before
        // any of them is read.
        let count = try HDF5AttributeIO.count(of: objectID, at: here)
        if count > limits.maxObjects - objectCount {
            throw CheckpointSafetyError.tooManyObjects(object: objectPath, limit: limits.maxObjects)
        }
        // Names are bounded by the file size, like link names (which H5Literate reads whole).
        let names = try HDF5AttributeIO.names(of: objectID, limit: count, at: here)
        for nameBytes in names {
            try countObject(at: objectPath)
            let name = String(decoding: nameBytes, as: UTF8.self)
            try checkName(nameBytes, at: "\(objectPath)@\(name)")
            let attributeLocation = location("\(objectPath)@\(name)")
            let attribute = try HDF5AttributeIO.open(on: objectID, name: nameBytes, at: attributeLocation)
            let attributes = try checkAttribute(attribute.id, name: name, on: objectPath, at: attributeLocation)
            self.attributes.append(attributes)
        }
    }

    private func checkAttribute(_ attributeID: hid_t, name: String, on objectPath: String,
                                at attributeLocation: HDF5Location) throws -> HDF5InspectionReport.Attribute {
        let type = try attributeLocation.own(H5Aget_type(attributeID), .datatype, "H5Aget_type")
        let space = try attributeLocation.own(H5Aget_space(attributeID), .dataspace, "H5Aget_space")
        let extent = try HDF5Extent.of(space.id, at: attributeLocation)
        let typeClass = H5Tget_class(type.id)
        let description = HDF5ElementType.describeDatatype(type.id)
        func unsupported(_ description: String) -> CheckpointSafetyError {
            .unsupportedAttributeType(object: objectPath, attribute: name, description: description)
        }
        guard typeClass == H5T_STRING || typeClass == H5T_INTEGER || typeClass == H5T_FLOAT else {
            throw unsupported(description)
        }
        let limit = UInt64(limits.maxAttributeBytes)
        func tooLarge(_ bytes: UInt64) -> CheckpointSafetyError {
            .attributeTooLarge(object: objectPath, attribute: name, bytes: bytes, limit: limits.maxAttributeBytes)
        }
        guard let count = extent.elementCount else { throw tooLarge(.max) }
        let (declared, overflow) = count.multipliedReportingOverflow(by: UInt64(H5Tget_size(type.id)))
        if overflow || declared > limit { throw tooLarge(overflow ? .max : declared) }
        if typeClass == H5T_STRING && H5Tis_variable_str(type.id) > 0 {
            guard limits.allowsVariableLengthStrings else { throw unsupported(description) }
            guard count == 1 else { throw unsupported("array of variable-length strings") }
            let bytes = try HDF5AttributeIO.readStringBytes(of: attributeID, type: type.id, space: space.id,
                                                            at: attributeLocation)
            if bytes.count > limits.maxAttributeBytes { throw tooLarge(UInt64(bytes.count)) }
        }
        return HDF5InspectionReport.Attribute(objectPath: objectPath, name: name, typeDescription: description,
                                              elementCount: Int(count))
    }
}

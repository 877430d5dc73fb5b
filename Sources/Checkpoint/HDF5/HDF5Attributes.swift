import CHDF5
import Foundation

extension HDF5Object {
    /// The names of the object's attributes, in name order.
    public func attributeNames() throws -> [String] {
        try withID { id in
            let count = try HDF5AttributeIO.count(of: id, at: location)
            return try HDF5AttributeIO.names(of: id, limit: count, at: location).map { String(decoding: $0, as: UTF8.self) }
        }
    }

    /// Whether the object has an attribute named `name`.
    public func hasAttribute(_ name: String) throws -> Bool {
        try withID { id in
            let exists = H5Aexists(id, name)
            if exists < 0 { throw location.libraryError("H5Aexists") }
            return exists > 0
        }
    }

    /// The value of attribute `name`. Throws `.notFound` if there is none, and `.unsupported` for types other
    /// than strings, int64 and float64 or for more than one dimension; numbers are never converted.
    public func attribute(_ name: String) throws -> HDF5AttributeValue {
        try withID { id in
            let target = attributeLocation(name)
            let exists = H5Aexists(id, name)
            if exists < 0 { throw location.libraryError("H5Aexists") }
            if exists == 0 { throw HDF5Error.notFound(file: target.file, object: target.object) }
            let attribute = try target.own(H5Aopen(id, name, frontier_h5p_default()), .attribute, "H5Aopen")
            return try HDF5AttributeIO.readValue(of: attribute.id, at: target)
        }
    }

    /// Sets attribute `name`, replacing any previous value. Strings must be ASCII without NUL bytes; they are
    /// stored fixed-length (h5py reads them back as `bytes`).
    public func setAttribute(_ name: String, to value: HDF5AttributeValue) throws {
        try requireWritable()
        try validateName(name, what: "attribute")
        try withID { id in
            let target = attributeLocation(name)
            let exists = H5Aexists(id, name)
            if exists < 0 { throw location.libraryError("H5Aexists") }
            if exists > 0 { try location.check(H5Adelete(id, name), "H5Adelete") }
            switch value {
            case .string(let text):
                try HDF5AttributeIO.writeString(text, name: name, on: id, at: target)
            case .int64(let number):
                try HDF5AttributeIO.writeNumbers([number], scalar: true, type: .int64, name: name, on: id, at: target)
            case .double(let number):
                try HDF5AttributeIO.writeNumbers([number], scalar: true, type: .float64, name: name, on: id, at: target)
            case .int64Array(let numbers):
                try HDF5AttributeIO.writeNumbers(numbers, scalar: false, type: .int64, name: name, on: id, at: target)
            case .doubleArray(let numbers):
                try HDF5AttributeIO.writeNumbers(numbers, scalar: false, type: .float64, name: name, on: id, at: target)
            }
        }
    }

    /// The location used in errors about attribute `name`: `/object/path@name`.
    func attributeLocation(_ name: String) -> HDF5Location {
        HDF5Location(file: location.file, object: "\(path)@\(name)")
    }
}

/// Attribute reading and writing on raw identifiers, shared by `HDF5Object` and the inspector. Every function
/// must be called while holding the library lock.
enum HDF5AttributeIO {
    // MARK: Writing

    static func writeString(_ text: String, name: String, on objectID: hid_t, at location: HDF5Location) throws {
        let bytes = Array(text.utf8)
        guard bytes.allSatisfy({ $0 != 0 && $0 < 0x80 }) else {
            throw HDF5Error.invalidArgument(file: location.file, object: location.object,
                                            message: "string attributes must be ASCII without NUL bytes")
        }
        let type = try location.own(H5Tcopy(frontier_h5t_c_s1()), .datatype, "H5Tcopy")
        try location.check(H5Tset_size(type.id, max(1, bytes.count)), "H5Tset_size")
        try location.check(H5Tset_strpad(type.id, H5T_STR_NULLPAD), "H5Tset_strpad")
        try location.check(H5Tset_cset(type.id, H5T_CSET_ASCII), "H5Tset_cset")
        let space = try location.own(H5Screate(H5S_SCALAR), .dataspace, "H5Screate")
        let attribute = try location.own(
            H5Acreate2(objectID, name, type.id, space.id, frontier_h5p_default(), frontier_h5p_default()),
            .attribute, "H5Acreate2")
        let stored = bytes.isEmpty ? [UInt8(0)] : bytes
        try location.check(stored.withUnsafeBytes { H5Awrite(attribute.id, type.id, $0.baseAddress) }, "H5Awrite")
    }

    static func writeNumbers<Number>(
        _ numbers: [Number], scalar: Bool, type: HDF5ElementType, name: String, on objectID: hid_t,
        at location: HDF5Location
    ) throws {
        guard let fileType = type.fileTypeID, let memoryType = type.nativeTypeID else {
            preconditionFailure("writeNumbers needs a numeric type, got \(type)")
        }
        let space: HDF5Handle
        if scalar {
            space = try location.own(H5Screate(H5S_SCALAR), .dataspace, "H5Screate")
        } else {
            let dimensions = [hsize_t(numbers.count)]
            space = try location.own(H5Screate_simple(1, dimensions, nil), .dataspace, "H5Screate_simple")
        }
        let attribute = try location.own(
            H5Acreate2(objectID, name, fileType, space.id, frontier_h5p_default(), frontier_h5p_default()),
            .attribute, "H5Acreate2")
        guard !numbers.isEmpty else { return }
        try location.check(numbers.withUnsafeBytes { H5Awrite(attribute.id, memoryType, $0.baseAddress) }, "H5Awrite")
    }

    // MARK: Reading

    /// How many attributes an object declares.
    static func count(of objectID: hid_t, at location: HDF5Location) throws -> Int {
        var info = H5O_info_t()
        try location.check(H5Oget_info2(objectID, &info, UInt32(H5O_INFO_NUM_ATTRS)), "H5Oget_info2")
        return Int(clamping: info.num_attrs)
    }

    /// The raw names of an object's attributes in name order, in one pass (`H5Aiterate2`): asking by index
    /// instead rebuilds the library's table of every attribute per call, which makes a walk over
    /// thousands of attributes quadratic (9,000 took 23 s). Stops with an error past `limit` names.
    static func names(of objectID: hid_t, limit: Int, at location: HDF5Location) throws -> [[UInt8]] {
        final class Collector {
            var names: [[UInt8]] = []
            let limit: Int
            init(limit: Int) { self.limit = limit }
        }
        let collector = Collector(limit: limit)
        var position: hsize_t = 0
        let status = withExtendedLifetime(collector) {
            H5Aiterate2(objectID, H5_INDEX_NAME, H5_ITER_INC, &position, { _, name, _, context in
                let collector = Unmanaged<Collector>.fromOpaque(context!).takeUnretainedValue()
                guard collector.names.count < collector.limit, let name else { return 1 }  // stop early
                collector.names.append(Array(UnsafeBufferPointer(start: UnsafeRawPointer(name).assumingMemoryBound(to: UInt8.self),
                                                                 count: strlen(name))))
                return 0
            }, Unmanaged.passUnretained(collector).toOpaque())
        }
        guard status >= 0 else { throw location.libraryError("H5Aiterate2") }
        return collector.names
    }

    /// Opens the attribute called `name` directly on the object (the name is not parsed as a path).
    static func open(on objectID: hid_t, name: [UInt8], at location: HDF5Location) throws -> HDF5Handle {
        let terminated = name.map { CChar(bitPattern: $0) } + [0]
        return try location.own(H5Aopen(objectID, terminated, frontier_h5p_default()), .attribute, "H5Aopen")
    }

    /// Reads an open attribute as one of the supported kinds.
    static func readValue(of attributeID: hid_t, at location: HDF5Location) throws -> HDF5AttributeValue {
        let type = try location.own(H5Aget_type(attributeID), .datatype, "H5Aget_type")
        let space = try location.own(H5Aget_space(attributeID), .dataspace, "H5Aget_space")
        let extent = try HDF5Extent.of(space.id, at: location)
        func unsupported(_ message: String) -> HDF5Error {
            .unsupported(file: location.file, object: location.object, message: message)
        }
        guard extent.kind != .null, extent.dimensions.count <= 1, let declared = extent.elementCount,
              let count = Int(exactly: declared) else {
            throw unsupported("attribute dataspace must be a scalar or one-dimensional")
        }
        if H5Tget_class(type.id) == H5T_STRING {
            guard count == 1 else { throw unsupported("arrays of strings") }
            return .string(try readString(of: attributeID, type: type.id, space: space.id, at: location))
        }
        let elementType = HDF5ElementType.classify(type.id)
        let isScalar = extent.kind == .scalar
        switch elementType {
        case .int64:
            var numbers = [Int64](repeating: 0, count: count)
            try location.check(numbers.withUnsafeMutableBytes {
                H5Aread(attributeID, frontier_h5t_native_int64(), $0.baseAddress)
            }, "H5Aread")
            return isScalar ? .int64(numbers[0]) : .int64Array(numbers)
        case .float64:
            var numbers = [Double](repeating: 0, count: count)
            try location.check(numbers.withUnsafeMutableBytes {
                H5Aread(attributeID, frontier_h5t_native_double(), $0.baseAddress)
            }, "H5Aread")
            return isScalar ? .double(numbers[0]) : .doubleArray(numbers)
        case .float32, .other:
            throw unsupported("attribute of type \(elementType) (only strings, int64 and float64 are read)")
        }
    }

    /// Reads a one-element string attribute, fixed- or variable-length, as UTF-8.
    static func readString(
        of attributeID: hid_t, type: hid_t, space: hid_t, at location: HDF5Location
    ) throws -> String {
        let bytes = try readStringBytes(of: attributeID, type: type, space: space, at: location)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw HDF5Error.unsupported(file: location.file, object: location.object, message: "string is not UTF-8")
        }
        return text
    }

    /// The bytes of a one-element string attribute, padding removed.
    static func readStringBytes(
        of attributeID: hid_t, type: hid_t, space: hid_t, at location: HDF5Location
    ) throws -> [UInt8] {
        if H5Tis_variable_str(type) > 0 {
            return try readVariableLengthString(of: attributeID, type: type, space: space, at: location)
        }
        let size = H5Tget_size(type)
        guard size > 0 else { throw location.libraryError("H5Tget_size") }
        var bytes = [UInt8](repeating: 0, count: size)
        // Reading with the file's own type copies the bytes without conversion.
        try location.check(bytes.withUnsafeMutableBytes { H5Aread(attributeID, type, $0.baseAddress) }, "H5Aread")
        if H5Tget_strpad(type) == H5T_STR_SPACEPAD {
            while bytes.last == 0x20 { bytes.removeLast() }
        }
        if let end = bytes.firstIndex(of: 0) { bytes.removeSubrange(end...) }
        return bytes
    }

    private static func readVariableLengthString(
        of attributeID: hid_t, type: hid_t, space: hid_t, at location: HDF5Location
    ) throws -> [UInt8] {
        let memoryType = try location.own(H5Tcopy(frontier_h5t_c_s1()), .datatype, "H5Tcopy")
        try location.check(H5Tset_size(memoryType.id, frontier_h5t_variable()), "H5Tset_size")
        try location.check(H5Tset_cset(memoryType.id, H5Tget_cset(type)), "H5Tset_cset")
        var pointer: UnsafeMutablePointer<CChar>?
        try location.check(H5Aread(attributeID, memoryType.id, &pointer), "H5Aread")
        defer { _ = H5Dvlen_reclaim(memoryType.id, space, frontier_h5p_default(), &pointer) }
        guard let pointer else { return [] }
        return UnsafeBufferPointer(start: pointer, count: strlen(pointer)).map { UInt8(bitPattern: $0) }
    }
}

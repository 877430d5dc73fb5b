import CHDF5

/// A group or dataset in an open `HDF5File`: something with a path and attributes.
public class HDF5Object: @unchecked Sendable {
    /// The file the object lives in (kept alive by the object).
    public let file: HDF5File
    /// The object's path inside the file, e.g. `/actor/weight`.
    public let path: String
    let location: HDF5Location
    let handle: HDF5Handle

    init(file: HDF5File, location: HDF5Location, handle: HDF5Handle) {
        self.file = file
        self.path = location.object
        self.location = location
        self.handle = handle
        file.adopt(handle)
    }

    /// Runs `body` holding the library lock with the object's identifier; throws `.closed` once the file or
    /// object is closed.
    func withID<Result>(_ body: (hid_t) throws -> Result) throws -> Result {
        try HDF5Runtime.locked {
            guard file.isOpen, handle.isOpen else { throw HDF5Error.closed(file: location.file) }
            return try body(handle.id)
        }
    }

    /// Throws unless the file was opened for writing.
    func requireWritable() throws {
        guard file.isWritable else {
            throw HDF5Error.invalidArgument(file: location.file, object: path, message: "file is open read-only")
        }
    }

    /// Checks a name Frontier writes (see ``HDF5Names/problem(_:what:)``).
    func validateName(_ name: String, what: String) throws {
        if let problem = HDF5Names.problem(name, what: what) {
            throw HDF5Error.invalidArgument(file: location.file, object: path, message: problem)
        }
    }
}

/// The names Frontier writes into HDF5 files: printable ASCII, 1...255 bytes; link names also
/// one path component. One rule, used by the HDF5 layer and by the bundle format on top of it.
enum HDF5Names {
    /// Why `name` cannot be written as a `what` ("link", "attribute") name, or nil when it can.
    static func problem(_ name: String, what: String) -> String? {
        let bytes = Array(name.utf8)
        if bytes.isEmpty { return "empty \(what) name" }
        if bytes.count > 255 { return "\(what) name longer than 255 bytes" }
        if !bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return "\(what) name \(name.debugDescription) is not printable ASCII" }
        if what == "link" && (name.contains("/") || name == "." || name == "..") {
            return "link name \(name.debugDescription) must be one path component (no '/', not '.' or '..')"
        }
        return nil
    }
}

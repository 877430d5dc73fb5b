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

    /// Checks a name Frontier writes: printable ASCII, 1...255 bytes; link names also one path component.
    func validateName(_ name: String, what: String) throws {
        let bytes = Array(name.utf8)
        var problem: String?
        if bytes.isEmpty {
            problem = "empty \(what) name"
        } else if bytes.count > 255 {
            problem = "\(what) name longer than 255 bytes"
        } else if !bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            problem = "\(what) name \(name.debugDescription) is not printable ASCII"
        } else if what == "link" && (name.contains("/") || name == "." || name == "..") {
            problem = "link name \(name.debugDescription) must be one path component (no '/', not '.' or '..')"
        }
        if let problem {
            throw HDF5Error.invalidArgument(file: location.file, object: path, message: problem)
        }
    }
}

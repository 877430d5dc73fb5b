/// What went wrong in a call to the HDF5 wrapper. Every case names the file and, where there is one, the object
/// path inside it (`/actor/weight`, or `/actor@name` for an attribute); failures inside libhdf5 carry the text
/// of its error stack.
public enum HDF5Error: Error, Equatable, Sendable, CustomStringConvertible {
    /// `HDF5File.create` found a file at the path and `overwrite` was false.
    case fileExists(file: String)
    /// libhdf5 could not create or open the file; `message` holds its error stack.
    case cannotOpenFile(file: String, message: String)
    /// The file (or an object of it) was used after `close()`.
    case closed(file: String)
    /// No link or attribute of that name exists.
    case notFound(file: String, object: String)
    /// A link of that name already exists where a new object was to be created.
    case alreadyExists(file: String, object: String)
    /// The object is not of the kind asked for (a group opened as a dataset, say).
    case wrongKind(file: String, object: String, expected: String, actual: String)
    /// A dataset was read as a different element type than it stores. No conversion happens.
    case elementTypeMismatch(file: String, object: String, expected: HDF5ElementType, actual: HDF5ElementType)
    /// The object uses a feature this wrapper does not read (a 2-D attribute, an int8 attribute, ...).
    case unsupported(file: String, object: String, message: String)
    /// An argument was rejected before reaching the library (a name with `/`, a shape that does not match the
    /// element count, a non-ASCII string, a write to a read-only file).
    case invalidArgument(file: String, object: String, message: String)
    /// A libhdf5 call failed; `operation` names it and `message` holds the library's error stack.
    case libraryError(file: String, object: String, operation: String, message: String)
    /// `close()` could not move the finished temporary file into place.
    case commitFailed(file: String, message: String)

    /// The file path the error is about.
    public var file: String {
        switch self {
        case .fileExists(let file), .cannotOpenFile(let file, _), .closed(let file), .notFound(let file, _),
             .alreadyExists(let file, _), .wrongKind(let file, _, _, _), .elementTypeMismatch(let file, _, _, _),
             .unsupported(let file, _, _), .invalidArgument(let file, _, _), .libraryError(let file, _, _, _),
             .commitFailed(let file, _):
            return file
        }
    }

    /// The object path the error is about, if it names one.
    public var object: String? {
        switch self {
        case .notFound(_, let object), .alreadyExists(_, let object), .wrongKind(_, let object, _, _),
             .elementTypeMismatch(_, let object, _, _), .unsupported(_, let object, _),
             .invalidArgument(_, let object, _), .libraryError(_, let object, _, _):
            return object
        case .fileExists, .cannotOpenFile, .closed, .commitFailed:
            return nil
        }
    }

    /// A one-line description for messages and logs.
    public var description: String {
        switch self {
        case .fileExists(let file):
            return "\(file): file exists (pass overwrite: true to replace it)"
        case .cannotOpenFile(let file, let message):
            return "\(file): cannot open as HDF5: \(message)"
        case .closed(let file):
            return "\(file): file is closed"
        case .notFound(let file, let object):
            return "\(file): \(object): no such object"
        case .alreadyExists(let file, let object):
            return "\(file): \(object): already exists"
        case .wrongKind(let file, let object, let expected, let actual):
            return "\(file): \(object): expected a \(expected), found a \(actual)"
        case .elementTypeMismatch(let file, let object, let expected, let actual):
            return "\(file): \(object): read as \(expected) but stores \(actual)"
        case .unsupported(let file, let object, let message):
            return "\(file): \(object): unsupported: \(message)"
        case .invalidArgument(let file, let object, let message):
            return "\(file): \(object): invalid argument: \(message)"
        case .libraryError(let file, let object, let operation, let message):
            return "\(file): \(object): \(operation) failed: \(message)"
        case .commitFailed(let file, let message):
            return "\(file): could not move the written file into place: \(message)"
        }
    }
}

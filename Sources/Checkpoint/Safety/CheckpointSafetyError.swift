/// Why `HDF5Inspector` rejected a file. Cases about the file name its path; cases about its contents name the
/// object path inside it (`/actor/weight`) and, for attributes, the attribute.
public enum CheckpointSafetyError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The limits themselves are invalid (a zero or negative bound).
    case invalidLimits(String)
    /// The file could not be examined (missing, unreadable).
    case cannotReadFile(path: String, reason: String)
    /// The path is a symbolic link, directory, device or other non-regular file.
    case notARegularFile(path: String)
    /// The file is larger than `maxFileBytes`.
    case fileTooLarge(path: String, bytes: Int, limit: Int)
    /// The file does not start with the HDF5 signature `\x89HDF\r\n\x1a\n`.
    case notHDF5(path: String)
    /// The file at the path changed between the checks and the opening.
    case fileChanged(path: String)
    /// libhdf5 failed on the file (corrupt or truncated); `message` holds its error stack.
    case unreadable(path: String, object: String, message: String)
    /// A soft link: followed, it could point anywhere in the file, including into a cycle.
    case softLink(object: String, target: String)
    /// An external link: followed, it would open another file.
    case externalLink(object: String, file: String, target: String)
    /// A user-defined link class.
    case userDefinedLink(object: String, linkClass: Int)
    /// A dataset whose raw data lives in other files named by this one.
    case externalStorage(object: String, fileCount: Int)
    /// A virtual dataset, mapping data from other datasets or files.
    case virtualDataset(object: String)
    /// A filter other than deflate (1) and shuffle (2).
    case unsupportedFilter(object: String, filterID: Int)
    /// A dataset whose elements are not float32, float64 or int64.
    case unsupportedElementType(object: String, description: String)
    /// A dataset with a null dataspace.
    case unsupportedDataspace(object: String, description: String)
    /// An object that is neither group nor dataset (a named datatype, say).
    case unsupportedObject(object: String, description: String)
    /// An attribute whose type is not a string, integer or float (or a disallowed variable-length string).
    case unsupportedAttributeType(object: String, attribute: String, description: String)
    /// A dataset declaring more than `maxElementsPerDataset` elements (compressed data can declare gigabytes).
    case datasetTooLarge(object: String, shape: [UInt64], limit: Int)
    /// A chunk declaring more than `maxElementsPerDataset` elements: reading one chunk inflates all of it.
    case chunkTooLarge(object: String, chunkShape: [UInt64], limit: Int)
    /// Datasets declaring more than `maxTotalElements` elements together; `object` is where the sum crossed it.
    case totalElementsTooLarge(object: String, total: UInt64, limit: Int)
    /// An object nested deeper than `maxDepth`.
    case tooDeep(object: String, depth: Int, limit: Int)
    /// More than `maxObjects` links and attributes; `object` is where the count crossed it.
    case tooManyObjects(object: String, limit: Int)
    /// An attribute value larger than `maxAttributeBytes`.
    case attributeTooLarge(object: String, attribute: String, bytes: UInt64, limit: Int)
    /// A link or attribute name longer than `maxNameLength` bytes.
    case nameTooLong(object: String, length: Int, limit: Int)
    /// A link or attribute name with bytes outside ASCII.
    case nonASCIIName(object: String)
    /// A name that is empty, holds control characters or `/`, or is `.` or `..`.
    case invalidName(object: String, reason: String)
    /// A second hard link to an object already seen (a cycle, or data counted twice).
    case sharedObject(object: String, firstPath: String)

    /// A one-line description for messages and logs.
    public var description: String {
        switch self {
        case .invalidLimits(let message):
            return "invalid safety limits: \(message)"
        case .cannotReadFile(let path, let reason):
            return "\(path): cannot read: \(reason)"
        case .notARegularFile(let path):
            return "\(path): not a regular file"
        case .fileTooLarge(let path, let bytes, let limit):
            return "\(path): \(bytes) bytes, more than the limit of \(limit)"
        case .notHDF5(let path):
            return "\(path): not an HDF5 file (no signature at offset 0)"
        case .fileChanged(let path):
            return "\(path): the file changed while it was being opened"
        case .unreadable(let path, let object, let message):
            return "\(path): \(object): HDF5 cannot read it: \(message)"
        case .softLink(let object, let target):
            return "\(object): soft link to \(target.debugDescription)"
        case .externalLink(let object, let file, let target):
            return "\(object): external link to \(target.debugDescription) in file \(file.debugDescription)"
        case .userDefinedLink(let object, let linkClass):
            return "\(object): user-defined link of class \(linkClass)"
        case .externalStorage(let object, let fileCount):
            return "\(object): raw data stored in \(fileCount) external file(s)"
        case .virtualDataset(let object):
            return "\(object): virtual dataset (data mapped from elsewhere)"
        case .unsupportedFilter(let object, let filterID):
            return "\(object): filter \(filterID) (only deflate 1 and shuffle 2 are accepted)"
        case .unsupportedElementType(let object, let description):
            return "\(object): element type \(description) (only float32, float64, int64 are accepted)"
        case .unsupportedDataspace(let object, let description):
            return "\(object): \(description) dataspace"
        case .unsupportedObject(let object, let description):
            return "\(object): unsupported object: \(description)"
        case .unsupportedAttributeType(let object, let attribute, let description):
            return "\(object)@\(attribute): unsupported attribute type \(description)"
        case .datasetTooLarge(let object, let shape, let limit):
            return "\(object): declares shape \(shape), more than \(limit) elements"
        case .chunkTooLarge(let object, let chunkShape, let limit):
            return "\(object): declares chunks of shape \(chunkShape), more than \(limit) elements"
        case .totalElementsTooLarge(let object, let total, let limit):
            return "\(object): datasets declare \(total) elements in total, more than \(limit)"
        case .tooDeep(let object, let depth, let limit):
            return "\(object): nested \(depth) deep, more than \(limit)"
        case .tooManyObjects(let object, let limit):
            return "\(object): more than \(limit) links and attributes"
        case .attributeTooLarge(let object, let attribute, let bytes, let limit):
            return "\(object)@\(attribute): \(bytes) bytes, more than \(limit)"
        case .nameTooLong(let object, let length, let limit):
            return "\(object.prefix(80))…: name of \(length) bytes, more than \(limit)"
        case .nonASCIIName(let object):
            return "\(object): name is not ASCII"
        case .invalidName(let object, let reason):
            return "\(object): invalid name: \(reason)"
        case .sharedObject(let object, let firstPath):
            return "\(object): second hard link to \(firstPath)"
        }
    }
}

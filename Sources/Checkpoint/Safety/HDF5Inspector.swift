import CHDF5
import Foundation

/// Checks an HDF5 file from a stranger before anything reads its data.
///
/// First the file itself: a regular file (not a symbolic link), within `maxFileBytes`, starting with the HDF5
/// signature. Then every link and attribute, walked without following links: soft and external links,
/// external raw storage, virtual datasets, filters other than deflate and shuffle, element types other than
/// float32/float64/int64, declared sizes over the limits (which stops compression bombs: a small file can
/// declare gigabytes of deflated zeros), deep nesting, too many objects, large attributes and bad names are
/// all rejected with a `CheckpointSafetyError` naming the object.
///
/// The inspector reads no dataset elements. It reads variable-length string attributes (their size is only
/// known then) only if `limits.allowsVariableLengthStrings` is true; by default it rejects them.
///
/// libhdf5 1.10.8 can crash (segfault) or hang on some corrupted files even while this reads only metadata
/// (decoding a damaged attribute message, for one). A server should run the inspection, and the load that
/// follows it, in a child process with a time limit, and treat a crash or timeout as a rejection.
public struct HDF5Inspector: Sendable {
    /// The bounds enforced.
    public var limits: HDF5SafetyLimits

    /// An inspector enforcing `limits`.
    public init(limits: HDF5SafetyLimits = HDF5SafetyLimits()) {
        self.limits = limits
    }

    /// The HDF5 format signature, at offset 0 of every file Frontier accepts (no user block).
    static let signature: [UInt8] = [0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A]

    /// Inspects the file at `path`, returning what it holds, or throws the first problem found.
    public func inspect(fileAt path: String) throws(CheckpointSafetyError) -> HDF5InspectionReport {
        do {
            try limits.validate()
            let identity = try Self.checkFile(at: path, limits: limits)
            let file: HDF5File
            do {
                file = try HDF5File.open(at: path, mode: .readOnly)
            } catch let error as HDF5Error {
                throw CheckpointSafetyError.unreadable(path: path, object: "/", message: Self.message(of: error))
            }
            defer { try? file.close() }
            try Self.checkIdentity(of: file, matches: identity, path: path)
            let walk = HDF5InspectionWalk(path: path, limits: limits)
            try walk.run(root: try file.root)
            return HDF5InspectionReport(
                path: path, fileByteCount: identity.size, groups: walk.groups, datasets: walk.datasets,
                attributes: walk.attributes, totalElements: Int(walk.totalElements))
        } catch let error as CheckpointSafetyError {
            throw error
        } catch let error as HDF5Error {
            throw .unreadable(path: path, object: error.object ?? "/", message: Self.message(of: error))
        } catch {
            throw .unreadable(path: path, object: "/", message: "\(error)")
        }
    }

    /// The library's text without the file path, which the case already carries.
    private static func message(of error: HDF5Error) -> String {
        switch error {
        case .cannotOpenFile(_, let message), .libraryError(_, _, _, let message), .unsupported(_, _, let message),
             .invalidArgument(_, _, let message):
            return message
        default:
            return error.description
        }
    }

    // MARK: - The file itself

    struct FileIdentity {
        var device: UInt64
        var inode: UInt64
        var size: Int
    }

    /// Checks type, size and signature through one descriptor opened without following a symbolic link.
    static func checkFile(at path: String, limits: HDF5SafetyLimits) throws -> FileIdentity {
        // O_NONBLOCK: opening a FIFO must not wait for a writer.
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else {
            if errno == ELOOP { throw CheckpointSafetyError.notARegularFile(path: path) }
            throw CheckpointSafetyError.cannotReadFile(path: path, reason: String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw CheckpointSafetyError.cannotReadFile(path: path, reason: String(cString: strerror(errno)))
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else { throw CheckpointSafetyError.notARegularFile(path: path) }
        let size = Int(status.st_size)
        guard size <= limits.maxFileBytes else {
            throw CheckpointSafetyError.fileTooLarge(path: path, bytes: size, limit: limits.maxFileBytes)
        }
        var header = [UInt8](repeating: 0, count: signature.count)
        let count = header.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count == signature.count, header == signature else { throw CheckpointSafetyError.notHDF5(path: path) }
        return FileIdentity(device: UInt64(status.st_dev), inode: UInt64(status.st_ino), size: size)
    }

    /// Checks that libhdf5 opened the same file that was checked (the path could have been replaced).
    static func checkIdentity(of file: HDF5File, matches identity: FileIdentity, path: String) throws {
        let matches = try file.withID { id -> Bool in
            var handle: UnsafeMutableRawPointer?
            guard H5Fget_vfd_handle(id, frontier_h5p_default(), &handle) >= 0, let handle else {
                _ = HDF5Runtime.takeErrorStack()
                return false
            }
            // The default (sec2) driver's handle is a pointer to its file descriptor.
            var status = stat()
            guard fstat(handle.load(as: Int32.self), &status) == 0 else { return false }
            return UInt64(status.st_dev) == identity.device && UInt64(status.st_ino) == identity.inode
                && Int(status.st_size) == identity.size
        }
        if !matches { throw CheckpointSafetyError.fileChanged(path: path) }
    }
}

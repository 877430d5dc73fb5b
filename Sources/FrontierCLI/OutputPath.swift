import ArgumentParser
import Foundation

/// Checks a command's output paths before any work starts, and creates their folders.
///
/// Outputs are written to a temporary file and renamed over the target, so a path that names a
/// device, a FIFO, a socket or a folder is refused (as root, a rename over `/dev/null` replaces the
/// device node). Two outputs may not name the same file, and no output may be one of the
/// command's inputs: either would silently lose one of them.
enum OutputPath {
    /// One output: the option that named it and the path.
    struct Output {
        var option: String
        var path: String
    }

    /// Checks `outputs` against each other and against `inputs`, then creates missing folders.
    /// Throws a `ValidationError` naming the option and the path.
    static func prepare(_ outputs: [Output], inputs: [String] = []) throws {
        var claimed: [(output: Output, identity: FileIdentity)] = []
        let inputIdentities = inputs.map { ($0, FileIdentity(of: $0)) }
        for output in outputs {
            if let problem = problem(with: output.path) {
                throw ValidationError("\(output.option) \(output.path): \(problem)")
            }
            let identity = FileIdentity(of: output.path)
            if let earlier = claimed.first(where: { $0.identity == identity }) {
                throw ValidationError("\(output.option) \(output.path) names the same file as \(earlier.output.option) \(earlier.output.path); give each output its own path")
            }
            if let input = inputIdentities.first(where: { $0.1 == identity }) {
                throw ValidationError("\(output.option) \(output.path) is also an input (\(input.0)); writing it would destroy the input")
            }
            claimed.append((output, identity))
        }
        for output in outputs {
            let folder = URL(fileURLWithPath: output.path).deletingLastPathComponent()
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            } catch {
                throw ValidationError("\(output.option): cannot create the folder \(folder.path) for \(output.path): \(error.localizedDescription)")
            }
        }
    }

    /// Checks one output path and creates its folder.
    static func prepare(_ path: String, option: String = "--out") throws {
        try prepare([Output(option: option, path: path)])
    }

    /// Why `path` cannot be an output, or nil: it exists and is not a regular file (after following
    /// links), or its nearest existing folder is not a writable folder.
    static func problem(with path: String) -> String? {
        if path.isEmpty { return "an empty path" }
        if path.hasSuffix("/") { return "names a folder; give a file path" }
        var status = stat()
        if stat(path, &status) == 0 {
            switch status.st_mode & S_IFMT {
            case S_IFREG: break
            case S_IFDIR: return "is a folder; give a file path"
            case S_IFCHR, S_IFBLK: return "is a device, not a regular file; outputs are written to regular files or new paths only"
            case S_IFIFO: return "is a FIFO, not a regular file; outputs are written to regular files or new paths only"
            case S_IFSOCK: return "is a socket, not a regular file; outputs are written to regular files or new paths only"
            default: return "is not a regular file"
            }
        } else if lstat(path, &status) == 0 {
            return "is a symbolic link to nothing; give a file path"
        }
        // The nearest folder that exists must be a folder we can write to (missing ones are created).
        var folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        while true {
            if stat(folder.path, &status) == 0 {
                guard (status.st_mode & S_IFMT) == S_IFDIR else { return "\(folder.path) is not a folder" }
                guard access(folder.path, W_OK | X_OK) == 0 else { return "the folder \(folder.path) is not writable" }
                return nil
            }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path { return "no existing folder above it" }
            folder = parent
        }
    }

    /// What identifies a file: device and inode when it exists, else the absolute path with its
    /// folder's links resolved.
    enum FileIdentity: Equatable {
        case existing(device: UInt64, inode: UInt64)
        case new(String)

        init(of path: String) {
            var status = stat()
            if stat(path, &status) == 0 {
                self = .existing(device: UInt64(status.st_dev), inode: UInt64(status.st_ino))
            } else {
                let url = URL(fileURLWithPath: path).standardizedFileURL
                let folder = url.deletingLastPathComponent().resolvingSymlinksInPath()
                self = .new(folder.appendingPathComponent(url.lastPathComponent).path)
            }
        }
    }
}

/// The `--memory-limit GiB` option of the training commands.
enum MemoryLimitOption {
    static func validate(_ gibibytes: Double) throws {
        guard gibibytes.isFinite, gibibytes > 0, gibibytes <= 1_048_576 else {
            throw ValidationError("--memory-limit must be a positive number of GiB, got \(gibibytes)")
        }
    }

    static func bytes(_ gibibytes: Double) -> Int { Int(gibibytes * Double(1 << 30)) }
}

import Foundation

/// Reads bundles from strangers so that a crash or hang inside the HDF5 library cannot take the
/// reading process down. Debian's libhdf5 1.10.8 segfaults or loops on some damaged files
/// even while only their metadata is inspected, whatever the caller checks first.
///
/// The file is first checked for what can be known without the library: it must be a regular
/// file (not a FIFO, device, folder or symbolic link) within ``HDF5SafetyLimits/maxFileBytes``.
/// Then it is copied, from the descriptor that was checked, to a private temporary file (so it
/// cannot change between the check and the load; see ``CheckCopies`` for its cleanup, signals
/// included); a child process reads the copy completely (`<checker> inspect --check-only <copy>`,
/// the `frontier` executable) while its error output is drained; and only when the child
/// succeeded is the copy read here. A validator uses this; trusted files can use
/// ``BundleReader`` directly.
public enum IsolatedBundleReader {
    /// The most bytes of the child's error output kept for the error message.
    static let maxMessageBytes = 16 << 10

    /// The bundle at `path`, checked in a child process first.
    ///
    /// - Parameters:
    ///   - checker: the `frontier` executable (its `inspect --check-only` reads a bundle fully).
    ///   - timeout: how long the child may take before it is killed and the file refused.
    ///   - limits: the bounds the file must keep (its size is checked before it is copied).
    ///   - temporaryFolder: where the private copy is made (the system's temporary folder by default).
    public static func read(_ path: String, checker: URL, timeout: Duration = .seconds(120),
                            limits: HDF5SafetyLimits = HDF5SafetyLimits(),
                            temporaryFolder: URL = FileManager.default.temporaryDirectory) throws(BundleError) -> CheckpointBundle {
        CheckCopies.sweepStale(in: temporaryFolder)
        let copy = CheckCopies.newPath(in: temporaryFolder)
        let slot = CheckCopies.register(copy)
        defer { CheckCopies.remove(copy, slot: slot) }
        try copyChecked(path, to: copy, limits: limits)
        try check(copy, original: path, checker: checker, timeout: timeout)
        return try BundleReader.read(copy, limits: limits)
    }

    /// Copies the regular file at `source` to `destination` (created new, readable by this user
    /// only), refusing anything else and anything over the size limit before a byte is copied.
    static func copyChecked(_ source: String, to destination: String, limits: HDF5SafetyLimits) throws(BundleError) {
        // O_NONBLOCK: opening a FIFO must not wait for a writer; O_NOFOLLOW: no links.
        let input = open(source, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard input >= 0 else {
            if errno == ELOOP { throw .unsafe(.notARegularFile(path: source)) }
            throw .storage(path: source, reason: "cannot open: \(String(cString: strerror(errno)))")
        }
        defer { close(input) }
        var status = stat()
        guard fstat(input, &status) == 0 else {
            throw .storage(path: source, reason: "cannot read its status: \(String(cString: strerror(errno)))")
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else { throw .unsafe(.notARegularFile(path: source)) }
        let size = Int(status.st_size)
        guard size <= limits.maxFileBytes else { throw .unsafe(.fileTooLarge(path: source, bytes: size, limit: limits.maxFileBytes)) }
        let output = open(destination, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard output >= 0 else {
            throw .storage(path: source, reason: "cannot create a private copy for checking: \(String(cString: strerror(errno)))")
        }
        defer { close(output) }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var copied = 0
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(input, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .storage(path: source, reason: "reading failed: \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            copied += count
            // The file may grow while it is copied; the limit holds for what is copied.
            guard copied <= limits.maxFileBytes else {
                throw .unsafe(.fileTooLarge(path: source, bytes: copied, limit: limits.maxFileBytes))
            }
            var written = 0
            while written < count {
                let result = buffer.withUnsafeBytes { Glibc.write(output, $0.baseAddress! + written, count - written) }
                if result < 0 {
                    if errno == EINTR { continue }
                    throw .storage(path: source, reason: "cannot write the private copy: \(String(cString: strerror(errno)))")
                }
                written += result
            }
        }
    }

    /// Runs the checker on `file`; returns when it read the file without error.
    static func check(_ file: String, original: String, checker: URL, timeout: Duration) throws(BundleError) {
        let process = Process()
        process.executableURL = checker
        process.arguments = ["inspect", "--check-only", file]
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw .storage(path: original, reason: "cannot start the checker \(checker.path): \(error.localizedDescription)")
        }
        // Drained while the child runs: a child that writes more than the pipe holds must not stall.
        let drained = ChildOutput(errors.fileHandleForReading, keeping: maxMessageBytes)
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now > deadline {
                process.terminate()
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                throw .checkFailed(path: original, reason: "reading it took longer than \(timeout); the HDF5 library may loop on this file")
            }
            usleep(2_000)
        }
        var message = String(decoding: drained.finish(), as: UTF8.self)
            .replacingOccurrences(of: file, with: original).trimmingCharacters(in: .whitespacesAndNewlines)
        // The checker is a command: its message starts with the command line's "Error: ".
        if message.hasPrefix("Error: ") { message.removeFirst("Error: ".count) }
        switch process.terminationReason {
        case .uncaughtSignal:
            throw .checkFailed(path: original, reason: "the HDF5 library crashed reading it (signal \(process.terminationStatus))")
        case .exit where process.terminationStatus != 0:
            throw .checkFailed(path: original, reason: message.isEmpty ? "the checker exited with status \(process.terminationStatus)" : message)
        default:
            return
        }
    }
}

/// Reads a child's output on a thread of its own until the end, keeping the first bytes: a
/// child that writes more than a pipe holds must not stall while its parent waits for it.
public final class ChildOutput: @unchecked Sendable {
    private let lock = NSLock()
    private var kept = Data()
    private let done = DispatchSemaphore(value: 0)

    /// Starts reading `handle`, keeping at most `limit` bytes.
    public init(_ handle: FileHandle, keeping limit: Int) {
        let thread = Thread { [self] in
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                lock.lock()
                if kept.count < limit { kept.append(chunk.prefix(limit - kept.count)) }
                lock.unlock()
            }
            done.signal()
        }
        thread.start()
    }

    /// What was kept, once the output has ended.
    public func finish() -> Data {
        done.wait()
        lock.lock()
        defer { lock.unlock() }
        return kept
    }
}

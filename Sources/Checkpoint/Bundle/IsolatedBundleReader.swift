import Foundation

/// Reads bundles from strangers so that a crash or hang inside the HDF5 library cannot take the
/// reading process down. Debian's libhdf5 1.10.8 segfaults or loops on some damaged files
/// even while only their metadata is inspected, whatever the caller checks first.
///
/// The file is copied to a private temporary file (so it cannot change between the check and the
/// load), a child process reads it completely (`<checker> inspect <copy>`, the `frontier`
/// executable), and only when the child succeeded is the copy read here. A validator uses this;
/// trusted files can use ``BundleReader`` directly.
public enum IsolatedBundleReader {
    /// The bundle at `path`, checked in a child process first.
    ///
    /// - Parameters:
    ///   - checker: the `frontier` executable (its `inspect` command reads a bundle fully).
    ///   - timeout: how long the child may take before it is killed and the file refused.
    public static func read(_ path: String, checker: URL, timeout: Duration = .seconds(120)) throws(BundleError) -> CheckpointBundle {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("frontier-check-\(UUID().uuidString).h5")
        defer { try? FileManager.default.removeItem(at: copy) }
        do {
            try FileManager.default.copyItem(at: URL(fileURLWithPath: path), to: copy)
        } catch {
            throw .storage(path: path, reason: "cannot copy for checking: \(error.localizedDescription)")
        }
        try check(copy.path, original: path, checker: checker, timeout: timeout)
        return try BundleReader.read(copy.path)
    }

    /// Runs the checker on `file`; returns when it read the file without error.
    static func check(_ file: String, original: String, checker: URL, timeout: Duration) throws(BundleError) {
        let process = Process()
        process.executableURL = checker
        process.arguments = ["inspect", file]
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw .storage(path: original, reason: "cannot start the checker \(checker.path): \(error.localizedDescription)")
        }
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
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .replacingOccurrences(of: file, with: original).trimmingCharacters(in: .whitespacesAndNewlines)
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

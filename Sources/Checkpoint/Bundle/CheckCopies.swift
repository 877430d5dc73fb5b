import Foundation

/// The private copies ``IsolatedBundleReader`` checks, and their cleanup: each copy is named
/// `frontier-check-<pid>-<uuid>.h5` in the temporary folder, removed when the read ends, removed
/// by a handler when SIGINT, SIGTERM, SIGHUP or SIGQUIT ends the process (if the host had not set
/// its own handler), and swept by the next reader when a process died without either (SIGKILL).
enum CheckCopies {
    static let prefix = "frontier-check-"
    static let slotCount = 64
    static let slotBytes = 1024

    /// Paths the signal handler removes: a fixed C buffer, so the handler needs no allocation.
    nonisolated(unsafe) private static let slots: UnsafeMutablePointer<CChar> = {
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: slotCount * slotBytes)
        buffer.initialize(repeating: 0, count: slotCount * slotBytes)
        return buffer
    }()
    private static let lock = NSLock()
    nonisolated(unsafe) private static var handlersInstalled = false

    /// A new copy's path for this process, in `folder`.
    static func newPath(in folder: URL) -> String {
        folder.appendingPathComponent("\(prefix)\(getpid())-\(UUID().uuidString).h5").path
    }

    /// Registers `path` for removal on a terminating signal; returns its slot (nil when all are
    /// taken or the path is too long: the stale sweep still removes it later).
    static func register(_ path: String) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        installHandlersOnce()
        let bytes = Array(path.utf8)
        guard bytes.count < slotBytes else { return nil }
        for slot in 0..<slotCount where slots[slot * slotBytes] == 0 {
            for (offset, byte) in bytes.enumerated() { slots[slot * slotBytes + offset] = CChar(bitPattern: byte) }
            slots[slot * slotBytes + bytes.count] = 0
            return slot
        }
        return nil
    }

    /// Removes the copy in `slot` (if any) from the handler's list and from disk.
    static func remove(_ path: String, slot: Int?) {
        if let slot {
            lock.lock()
            slots[slot * slotBytes] = 0
            lock.unlock()
        }
        unlink(path)
    }

    /// Removes copies in `folder` left by processes that no longer exist.
    static func sweepStale(in folder: URL) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return }
        for name in names where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            guard let pid = rest.split(separator: "-").first.flatMap({ Int32($0) }), pid > 0 else { continue }
            if kill(pid, 0) == -1 && errno == ESRCH { unlink(folder.appendingPathComponent(name).path) }
        }
    }

    private static func installHandlersOnce() {
        guard !handlersInstalled else { return }
        handlersInstalled = true
        for signalNumber in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] {
            var current = sigaction()
            guard sigaction(signalNumber, nil, &current) == 0 else { continue }
            // A host with its own handler keeps it; the stale sweep covers that case.
            guard current.__sigaction_handler.sa_handler == nil else { continue }  // nil is SIG_DFL
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { signalNumber in
                // Async-signal-safe: unlink, signal and raise only.
                for slot in 0..<CheckCopies.slotCount where CheckCopies.slots[slot * CheckCopies.slotBytes] != 0 {
                    unlink(CheckCopies.slots + slot * CheckCopies.slotBytes)
                }
                signal(signalNumber, SIG_DFL)
                raise(signalNumber)
            }
            sigemptyset(&action.sa_mask)
            sigaction(signalNumber, &action, nil)
        }
    }
}

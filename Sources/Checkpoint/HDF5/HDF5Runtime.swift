import CHDF5
import Foundation

/// The one process-wide gate in front of libhdf5.
///
/// Every call into the library happens inside `HDF5Runtime.locked`: builds of libhdf5 without thread safety
/// must never be entered from two threads, and even Debian's thread-safe build only serialises single calls,
/// while an operation here is a sequence (create, write, close; fail, then read the error stack). The lock is
/// recursive: a Swift object released while the lock is held closes its handle from `deinit`, which re-enters.
enum HDF5Runtime {
    private static let lock = NSRecursiveLock()
    private nonisolated(unsafe) static var isConfigured = false
    private nonisolated(unsafe) static var depth = 0

    /// Runs `body` holding the library lock, after configuring the library once per process.
    static func locked<Result>(_ body: () throws -> Result) rethrows -> Result {
        lock.lock()
        depth += 1
        defer {
            depth -= 1
            lock.unlock()
        }
        if !isConfigured {
            isConfigured = true
            _ = H5open()
            // A file from a stranger must not make the process load a shared library from HDF5_PLUGIN_PATH.
            _ = H5PLset_loading_state(0)
        }
        if depth == 1 {
            // Errors become `HDF5Error`s carrying the stack's text instead of being printed to stderr. In a
            // thread-safe build (Debian's) the setting and the stack are per thread, so set it on every entry.
            _ = H5Eset_auto2(frontier_h5e_default(), nil, nil)
        }
        return try body()
    }

    /// The current error stack as text, one `function(): description (detail)` entry per line, outermost
    /// call first; then clears it. Call while holding the lock, right after the failing call.
    static func takeErrorStack() -> String {
        let collector = ErrorStackCollector()
        let context = Unmanaged.passRetained(collector)
        defer { context.release() }
        _ = H5Ewalk2(frontier_h5e_default(), H5E_WALK_DOWNWARD, { _, entry, clientData in
            guard let entry, let clientData else { return 0 }
            Unmanaged<ErrorStackCollector>.fromOpaque(clientData).takeUnretainedValue().add(entry.pointee)
            return 0
        }, context.toOpaque())
        _ = H5Eclear2(frontier_h5e_default())
        return collector.lines.isEmpty ? "no HDF5 error stack" : collector.lines.joined(separator: "\n")
    }
}

/// Gathers error-stack entries during `H5Ewalk2`.
private final class ErrorStackCollector {
    private(set) var lines: [String] = []
    private static let maximumEntries = 32

    func add(_ entry: H5E_error2_t) {
        guard lines.count < Self.maximumEntries else { return }
        let function = entry.func_name.map { String(cString: $0) } ?? "?"
        let description = entry.desc.map { String(cString: $0) } ?? ""
        let detail = Self.message(entry.min_num)
        lines.append(detail.isEmpty ? "\(function)(): \(description)" : "\(function)(): \(description) (\(detail))")
    }

    private static func message(_ id: hid_t) -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard H5Eget_msg(id, nil, &buffer, buffer.count) > 0 else { return "" }
        return String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

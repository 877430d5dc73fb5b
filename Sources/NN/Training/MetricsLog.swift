#if canImport(Glibc)
import Glibc
#endif

/// Training metrics as JSON lines, one object per record with a fixed key order, e.g.
/// `{"step": 120, "epoch": 3, "losses/train": 0.0412, "charts/learning_rate": 0.001}`.
public struct MetricsLog: Sendable {
    private let write: @Sendable (String) -> Void

    /// A log that hands each line (without the newline) to `write`.
    public init(_ write: @escaping @Sendable (String) -> Void) { self.write = write }

    /// A log that drops everything.
    public static let discard = MetricsLog { _ in }

    /// A log appending to the file at `path` (created if missing), flushing every line so a
    /// killed run keeps what it logged.
    public static func file(_ path: String) throws(TrainingError) -> MetricsLog {
        guard let handle = fopen(path, "a") else {
            throw .invalidConfig("cannot open the metrics file \(path) for appending (errno \(errno))")
        }
        let file = FileBox(handle)
        return MetricsLog { line in file.append(line + "\n") }
    }

    /// Writes one record: integer counters first, then the values, each in the order given.
    public func record(step: Int, epoch: Int? = nil, _ values: KeyValuePairs<String, Double>) {
        var line = "{\"step\": \(step)"
        if let epoch { line += ", \"epoch\": \(epoch)" }
        for (key, value) in values {
            line += ", \"\(MetricsLog.escape(key))\": \(MetricsLog.number(value))"
        }
        write(line + "}")
    }

    /// A number as JSON text; JSON has no NaN or infinity, so those become null. Shared by the
    /// package's hand-written JSON lines (metrics, evaluations, replays, benchmarks).
    package static func number(_ value: Double) -> String { value.isFinite ? "\(value)" : "null" }

    /// The inside of a JSON string: quotes, backslashes and control characters escaped.
    package static func escape(_ key: String) -> String {
        var out = ""
        for c in key.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where c.value < 0x20: out += "\\u" + String(repeating: "0", count: 4 - String(c.value, radix: 16).count) + String(c.value, radix: 16)
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}

/// A C file shared by the log's closure; appends are serialised by the C library's stream lock.
private final class FileBox: @unchecked Sendable {
    private let handle: UnsafeMutablePointer<FILE>
    init(_ handle: UnsafeMutablePointer<FILE>) { self.handle = handle }
    func append(_ text: String) {
        fputs(text, handle)
        fflush(handle)
    }
    deinit { fclose(handle) }
}

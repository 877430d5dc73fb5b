
/// How much memory a training run will need, estimated from its config before anything is
/// allocated, so a config that asks for 34 GB (two hidden layers of 65,536; 4,096 copies × 4,096
/// rollout steps; a replay buffer of 2^26) is refused with the estimate instead of exhausting the
/// machine. The estimate counts the large buffers and networks, in bytes, and errs high.
public struct MemoryEstimate: Sendable, CustomStringConvertible {
    /// The default limit: 8 GiB, a third of a 24 GiB machine. The training commands'
    /// `--memory-limit` and the library calls that take a `memoryLimit` override it.
    public static let defaultLimit = 8 << 30

    /// What the bytes are for, largest first.
    public private(set) var parts: [(name: String, bytes: Int)] = []

    /// An empty estimate.
    public init() {}

    /// The total in bytes (saturating at `Int.max`).
    public var bytes: Int { parts.reduce(0) { $0.addingSaturating($1.bytes) } }

    /// Adds `count` values of `bytesEach` bytes for `name`.
    public mutating func add(_ name: String, count: Int, bytesEach: Int) {
        parts.append((name, count.multipliedSaturating(bytesEach)))
        parts.sort { $0.bytes > $1.bytes }
    }

    public var description: String {
        Self.format(bytes) + " (" + parts.filter { $0.bytes > 0 }.map { "\($0.name) \(Self.format($0.bytes))" }.joined(separator: ", ") + ")"
    }

    /// Throws when the estimate exceeds `limit` bytes, naming the estimate, its parts and the limit.
    public func check(limit: Int, what: String) throws(TrainingError) {
        guard bytes <= limit else {
            throw .invalidConfig("\(what) would need about \(description), more than the memory limit of \(Self.format(limit)); "
                                 + "make it smaller, or raise the limit (--memory-limit) if the machine has the memory")
        }
    }

    /// Bytes as `1.5 GiB`, `12.0 MiB`, `640 KiB`.
    public static func format(_ bytes: Int) -> String {
        let value = Double(bytes)
        if value >= Double(1 << 30) { return "\((value / Double(1 << 30) * 10).rounded() / 10) GiB" }
        if value >= Double(1 << 20) { return "\((value / Double(1 << 20) * 10).rounded() / 10) MiB" }
        return "\(Int((value / 1024).rounded(.up))) KiB"
    }

    /// The parameters of an MLP with layer widths `sizes`, saturating instead of overflowing.
    public static func mlpParameters(_ sizes: [Int]) -> Int {
        zip(sizes, sizes.dropFirst()).reduce(0) { total, layer in
            total.addingSaturating(layer.0.multipliedSaturating(layer.1).addingSaturating(layer.1))
        }
    }
}

extension Int {
    /// `self + other`, or `Int.max` when that overflows.
    public func addingSaturating(_ other: Int) -> Int {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? .max : sum
    }

    /// `self × other`, or `Int.max` when that overflows (both are non-negative here).
    public func multipliedSaturating(_ other: Int) -> Int {
        let (product, overflow) = multipliedReportingOverflow(by: other)
        return overflow ? .max : product
    }
}

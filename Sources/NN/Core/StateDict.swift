import Tensor

/// Tensors by dotted name, in insertion order: a module's parameters, an optimiser's state, or
/// what a checkpoint holds.
public struct StateDict: Sequence, Sendable {
    /// The names, in order.
    public private(set) var keys: [String] = []
    private var values: [String: Tensor] = [:]

    /// An empty dict.
    public init() {}

    /// A dict of `entries` in their order; a repeated name keeps its last value.
    public init(_ entries: [(String, Tensor)]) {
        for (key, value) in entries { self[key] = value }
    }

    /// The tensor stored under `key`; assigning nil removes it.
    public subscript(key: String) -> Tensor? {
        get { values[key] }
        set {
            if let newValue {
                if values.updateValue(newValue, forKey: key) == nil { keys.append(key) }
            } else if values.removeValue(forKey: key) != nil {
                keys.removeAll { $0 == key }
            }
        }
    }

    /// The number of entries.
    public var count: Int { keys.count }

    /// The entries in order.
    public func makeIterator() -> some IteratorProtocol<(key: String, value: Tensor)> {
        keys.map { (key: $0, value: values[$0]!) }.makeIterator()
    }

    /// The entries whose names start with `prefix + "."`, with that prefix removed.
    public func scoped(to prefix: String) -> StateDict {
        let start = prefix + "."
        return StateDict(keys.filter { $0.hasPrefix(start) }.map { (String($0.dropFirst(start.count)), values[$0]!) })
    }

    /// The number of scalars over all entries.
    public var scalarCount: Int { values.values.reduce(0) { $0 + $1.scalarCount } }
}

/// Why ``Module/load(stateDict:strict:)`` refused a state dict: every missing, unexpected and
/// mis-shaped key, by name.
public struct StateDictError: Error, Equatable, CustomStringConvertible {
    /// A key whose tensor has the wrong shape.
    public struct Misshaped: Equatable, Sendable {
        public var key: String
        public var expected: [Int]
        public var actual: [Int]
    }

    /// Keys the module has but the dict lacks.
    public var missing: [String]
    /// Keys the dict has but the module lacks.
    public var unexpected: [String]
    /// Keys present in both with different shapes.
    public var misshaped: [Misshaped]

    public var description: String {
        var parts: [String] = []
        if !missing.isEmpty { parts.append("missing keys: \(missing.joined(separator: ", "))") }
        if !unexpected.isEmpty { parts.append("unexpected keys: \(unexpected.joined(separator: ", "))") }
        for m in misshaped {
            parts.append("\(m.key) has shape \(m.actual), the module expects \(m.expected)")
        }
        return "state dict does not match the module: " + parts.joined(separator: "; ")
    }
}

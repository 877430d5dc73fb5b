import Foundation

/// A YAML value as Frontier's readers see it: plain scalars resolved to null, booleans, integers,
/// floating-point numbers or strings (YAML 1.1's core schema, as Yams resolves them), sequences,
/// and mappings whose keys are strings, in file order. Every value carries the line it starts on,
/// so errors can point at it.
public struct YAMLValue: Sendable, Equatable {
    /// What the value holds.
    public indirect enum Kind: Sendable, Equatable {
        case null
        case bool(Bool)
        case int(Int)
        case double(Double)
        case string(String)
        case sequence([YAMLValue])
        case mapping([YAMLEntry])
    }

    /// The value.
    public var kind: Kind
    /// The line (1-based) the value starts on.
    public var line: Int

    /// A value at `line`.
    public init(_ kind: Kind, line: Int) {
        self.kind = kind
        self.line = line
    }

    /// The entries when this is a mapping.
    public var mapping: [YAMLEntry]? {
        if case let .mapping(entries) = kind { return entries }
        return nil
    }

    /// The value of `key` when this is a mapping holding it.
    public subscript(key: String) -> YAMLValue? {
        mapping?.first { $0.key == key }?.value
    }

    /// The value as the plain Foundation types JSONSerialization takes (`NSNull`, `Bool`, `Int`,
    /// `Double`, `String`, `[Any]`, `[String: Any]`), for readers built on Codable.
    public var plain: Any {
        switch kind {
        case .null: return NSNull()
        case let .bool(value): return value
        case let .int(value): return value
        case let .double(value): return value
        case let .string(value): return value
        case let .sequence(values): return values.map(\.plain)
        case let .mapping(entries):
            return Dictionary(entries.map { ($0.key, $0.value.plain) }, uniquingKeysWith: { first, _ in first })
        }
    }
}

/// One `key: value` pair of a mapping, with the line of the key.
public struct YAMLEntry: Sendable, Equatable {
    /// The key.
    public var key: String
    /// The line (1-based) the key is on.
    public var line: Int
    /// The value.
    public var value: YAMLValue

    /// An entry.
    public init(key: String, line: Int, value: YAMLValue) {
        self.key = key
        self.line = line
        self.value = value
    }
}

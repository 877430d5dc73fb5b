/// The two types of the list DSL (../shared/specs/list-dsl.md): an integer or a list of integers.
public enum DSLType: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// A 64-bit integer, written `int`.
    case int = "int"
    /// A list of 64-bit integers, written `[int]`.
    case list = "[int]"

    /// The type as the text form writes it: `int` or `[int]`.
    public var description: String { rawValue }
}

/// A value of the list DSL: an integer or a list of integers.
public enum DSLValue: Sendable, Hashable, CustomStringConvertible {
    case int(Int)
    case list([Int])

    /// The range every statement's value (an integer, or each element of a list) must lie in;
    /// outside it the run is undefined.
    public static let range: ClosedRange<Int> = -256...255

    /// The value's type.
    public var type: DSLType {
        switch self {
        case .int: .int
        case .list: .list
        }
    }

    /// Whether the value (or every element of it) lies in ``range``.
    public var isInRange: Bool {
        switch self {
        case .int(let value): return Self.range.contains(value)
        case .list(let values):
            for value in values where value < -256 || value > 255 { return false }
            return true
        }
    }

    /// Elements held: 1 for an integer, the count for a list (the interpreter's memory measure).
    public var elementCount: Int {
        switch self {
        case .int: 1
        case .list(let values): values.count
        }
    }

    /// The value as JSON: a number or an array of numbers.
    public var json: String {
        switch self {
        case .int(let value): return String(value)
        case .list(let values): return "[" + values.map(String.init).joined(separator: ", ") + "]"
        }
    }

    public var description: String { json }
}

extension DSLValue: Codable {
    /// Decodes a JSON integer or an array of JSON integers; anything else (a fraction, a
    /// boolean, a string, a nested array, a number beyond 64 bits) is a decoding error.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else if let values = try? container.decode([Int].self) {
            self = .list(values)
        } else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected an integer or a list of integers")
        }
    }

    /// Encodes an integer as a JSON number and a list as an array of numbers.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .int(let value): try container.encode(value)
        case .list(let values): try container.encode(values)
        }
    }
}

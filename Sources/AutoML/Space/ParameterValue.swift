/// One value a trial holds for a parameter: what `suggest*` returns and what is stored.
/// Categorical choices may be any of the four kinds; numeric parameters hold `.int` or `.double`.
public enum ParameterValue: Hashable, Sendable, Codable, CustomStringConvertible {
    case int(Int)
    case double(Double)
    case string(String)
    case bool(Bool)

    /// The value as a number, for numeric parameters (integers widen exactly up to 2^53).
    public var number: Double? {
        switch self {
        case let .int(value): return Double(value)
        case let .double(value): return value
        case .string, .bool: return nil
        }
    }

    /// The integer, when this is `.int`.
    public var intValue: Int? {
        if case let .int(value) = self { return value }
        return nil
    }

    /// The string, when this is `.string`.
    public var stringValue: String? {
        if case let .string(value) = self { return value }
        return nil
    }

    public var description: String {
        switch self {
        case let .int(value): return String(value)
        case let .double(value): return "\(value)"
        case let .string(value): return value
        case let .bool(value): return value ? "true" : "false"
        }
    }
}

/// A value in a hyperparameter mapping written in Swift rather than YAML (an environment's
/// training presets): a number, a flag, a string or a list, with literals for each, so a preset
/// reads like the config file it stands for (`["learning_rate": 2e-3, "hidden_sizes": [256, 256]]`).
public enum ConfigValue: Sendable, Equatable, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
                         ExpressibleByBooleanLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral {
    /// A whole number.
    case int(Int)
    /// A number.
    case double(Double)
    /// A flag.
    case bool(Bool)
    /// A string (an activation's name, say).
    case string(String)
    /// A list (layer widths).
    case list([ConfigValue])

    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: ConfigValue...) { self = .list(elements) }

    /// The value as a parsed YAML or JSON file holds it, for ``ConfigLoading/merge(_:overrides:)``.
    public var parsed: Any {
        switch self {
        case let .int(value): value
        case let .double(value): value
        case let .bool(value): value
        case let .string(value): value
        case let .list(values): values.map(\.parsed)
        }
    }
}

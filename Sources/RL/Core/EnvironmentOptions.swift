/// The options an environment is made with (Gymnasium's `make(id, **kwargs)`), as named
/// numbers (booleans are 0 or 1) and named strings (a data folder, say).
///
/// An environment reads the options it knows with ``value(_:default:range:)`` and then calls
/// ``finish()``, which refuses any option nobody read, so a misspelt option is an error rather
/// than silently ignored.
public struct EnvironmentOptions: Sendable, Equatable, Codable, ExpressibleByDictionaryLiteral {
    /// The numeric options by name.
    public var values: [String: Double]
    /// The string options by name (no name is both a number and a string).
    public var strings: [String: String] = [:]
    private var read: Set<String> = []

    /// Options from a dictionary.
    public init(_ values: [String: Double] = [:]) { self.values = values }

    /// Numeric and string options.
    public init(values: [String: Double], strings: [String: String]) {
        self.values = values
        self.strings = strings
    }

    /// Options written `key=value` (`--option` on the command line): a value that reads as a
    /// number is one (`true`/`false` are 1/0), anything else a string. Throws for a pair
    /// without `=`, an empty key or a key given twice.
    public init(pairs: [String]) throws(EnvironmentOptionsError) {
        self.init()
        for pair in pairs {
            guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else { throw .malformed(pair) }
            let key = String(pair[..<equals]), text = String(pair[pair.index(after: equals)...])
            guard values[key] == nil, strings[key] == nil else { throw .repeated(key) }
            switch text.lowercased() {
            case "true": values[key] = 1
            case "false": values[key] = 0
            default:
                if let number = Double(text), number.isFinite { values[key] = number } else { strings[key] = text }
            }
        }
    }

    /// The options as `key=value` pairs, sorted by key (what ``init(pairs:)`` reads).
    public var pairs: [String] {
        (values.map { "\($0.key)=\(Self.format($0.value))" } + strings.map { "\($0.key)=\($0.value)" }).sorted()
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }

    /// Options from a dictionary literal.
    public init(dictionaryLiteral elements: (String, Double)...) {
        self.init(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }

    private enum CodingKeys: String, CodingKey { case values, strings }

    /// Reads `values` and, when present, `strings`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        values = try container.decode([String: Double].self, forKey: .values)
        strings = try container.decodeIfPresent([String: String].self, forKey: .strings) ?? [:]
    }

    /// Writes `values`, and `strings` when there are any.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(values, forKey: .values)
        if !strings.isEmpty { try container.encode(strings, forKey: .strings) }
    }

    /// The string option `name`, or `defaultValue` when absent; throws when it was given as a
    /// number.
    public mutating func string(_ name: String, default defaultValue: String?, environment: String) throws(EnvironmentError) -> String? {
        read.insert(name)
        if let number = values[name] {
            throw .invalidOption(environment: environment, option: name, reason: "expects text, got the number \(number)")
        }
        return strings[name] ?? defaultValue
    }

    /// The option `name`, or `defaultValue` when absent; throws when it lies outside `range`.
    public mutating func value(_ name: String, default defaultValue: Double, range: ClosedRange<Double>? = nil,
                               environment: String) throws(EnvironmentError) -> Double {
        read.insert(name)
        if let text = strings[name] {
            throw .invalidOption(environment: environment, option: name, reason: "expects a number, got '\(text)'")
        }
        guard let value = values[name] else { return defaultValue }
        guard value.isFinite else {
            throw .invalidOption(environment: environment, option: name, reason: "must be finite, got \(value)")
        }
        if let range, !range.contains(value) {
            throw .invalidOption(environment: environment, option: name,
                                 reason: "must lie in \(range.lowerBound)...\(range.upperBound), got \(value)")
        }
        return value
    }

    /// The boolean option `name` (0 or 1), or `defaultValue` when absent.
    public mutating func flag(_ name: String, default defaultValue: Bool, environment: String) throws(EnvironmentError) -> Bool {
        let value = try value(name, default: defaultValue ? 1 : 0, environment: environment)
        guard value == 0 || value == 1 else {
            throw .invalidOption(environment: environment, option: name, reason: "must be 0 or 1, got \(value)")
        }
        return value == 1
    }

    /// Throws for the first option (in name order) that was given but never read.
    public func finish(environment: String) throws(EnvironmentError) {
        if let unknown = (Array(values.keys) + Array(strings.keys)).sorted().first(where: { !read.contains($0) }) {
            let known = read.sorted().joined(separator: ", ")
            throw .invalidOption(environment: environment, option: unknown,
                                 reason: "not an option of this environment (options: \(known.isEmpty ? "none" : known))")
        }
    }
}

/// A `key=value` option that cannot be read.
public enum EnvironmentOptionsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No `=`, or nothing before it.
    case malformed(String)
    /// The same key twice.
    case repeated(String)

    public var description: String {
        switch self {
        case let .malformed(pair): "the option '\(pair)' is not key=value"
        case let .repeated(key): "the option '\(key)' is given twice"
        }
    }
}

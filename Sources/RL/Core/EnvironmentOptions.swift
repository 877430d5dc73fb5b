/// The options an environment is made with (Gymnasium's `make(id, **kwargs)`), as named
/// numbers; booleans are 0 or 1.
///
/// An environment reads the options it knows with ``value(_:default:range:)`` and then calls
/// ``finish()``, which refuses any option nobody read, so a misspelt option is an error rather
/// than silently ignored.
public struct EnvironmentOptions: Sendable, Equatable, Codable, ExpressibleByDictionaryLiteral {
    /// The options by name.
    public var values: [String: Double]
    private var read: Set<String> = []

    /// Options from a dictionary.
    public init(_ values: [String: Double] = [:]) { self.values = values }

    /// Options from a dictionary literal.
    public init(dictionaryLiteral elements: (String, Double)...) {
        self.init(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }

    private enum CodingKeys: String, CodingKey { case values }

    /// The option `name`, or `defaultValue` when absent; throws when it lies outside `range`.
    public mutating func value(_ name: String, default defaultValue: Double, range: ClosedRange<Double>? = nil,
                               environment: String) throws(EnvironmentError) -> Double {
        read.insert(name)
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
        if let unknown = values.keys.sorted().first(where: { !read.contains($0) }) {
            let known = read.sorted().joined(separator: ", ")
            throw .invalidOption(environment: environment, option: unknown,
                                 reason: "not an option of this environment (options: \(known.isEmpty ? "none" : known))")
        }
    }
}

/// One parameter of a search space: its name, its distribution, and when it applies.
public struct ParameterDefinition: Hashable, Sendable, Codable {
    /// The name, as `suggest*` and configs use it.
    public var name: String
    /// The range it is drawn from.
    public var distribution: Distribution
    /// When set, the parameter is active only when the parent categorical takes one of the values
    /// (a GRU's size only when the model is a GRU).
    public var condition: Condition?

    /// A parameter.
    public init(_ name: String, _ distribution: Distribution, when condition: Condition? = nil) {
        self.name = name
        self.distribution = distribution
        self.condition = condition
    }
}

/// "Only when `parent` is one of `values`."
public struct Condition: Hashable, Sendable, Codable {
    /// The categorical parameter this one depends on.
    public var parent: String
    /// The parent's values under which this parameter is active.
    public var values: [ParameterValue]

    /// A condition.
    public init(parent: String, values: [ParameterValue]) {
        self.parent = parent
        self.values = values
    }
}

/// A set of parameters to tune, in definition order, checked when it is made: every distribution
/// is valid, names are unique, and every condition names a categorical parameter defined earlier
/// and values among its choices (so sampling in order always knows whether a parameter is active).
public struct SearchSpace: Hashable, Sendable, Codable {
    /// The parameters, parents before their children.
    public private(set) var parameters: [ParameterDefinition]

    /// A search space of `parameters`, validated.
    public init(_ parameters: [ParameterDefinition]) throws(SearchSpaceError) {
        var seen: [String: ParameterDefinition] = [:]
        for parameter in parameters {
            try parameter.distribution.validate(name: parameter.name)
            guard seen[parameter.name] == nil else { throw .duplicateParameter(parameter.name) }
            if let condition = parameter.condition {
                guard let parent = seen[condition.parent] else {
                    throw .invalidCondition(parameter: parameter.name, reason: "parent '\(condition.parent)' must be defined before it")
                }
                guard case let .categorical(choices) = parent.distribution else {
                    throw .invalidCondition(parameter: parameter.name, reason: "parent '\(condition.parent)' is not categorical")
                }
                guard !condition.values.isEmpty else {
                    throw .invalidCondition(parameter: parameter.name, reason: "no parent values given")
                }
                for value in condition.values where !choices.contains(value) {
                    throw .invalidCondition(parameter: parameter.name, reason: "'\(value)' is not a choice of '\(condition.parent)'")
                }
            }
            seen[parameter.name] = parameter
        }
        self.parameters = parameters
    }

    /// The parameter called `name`.
    public subscript(name: String) -> ParameterDefinition? {
        parameters.first { $0.name == name }
    }

    /// Whether `parameter` applies given the values chosen so far (its parent's in particular);
    /// a parameter whose parent is itself inactive is inactive.
    public func isActive(_ parameter: ParameterDefinition, given values: [String: ParameterValue]) -> Bool {
        guard let condition = parameter.condition else { return true }
        guard let parentValue = values[condition.parent] else { return false }
        return condition.values.contains(parentValue)
    }
}

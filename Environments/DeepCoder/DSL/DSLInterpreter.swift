/// Bounds on one run of a program, so that no input or program can ask for unbounded time or
/// memory. A run that would pass a bound throws ``DSLRunError`` instead.
public struct DSLLimits: Sendable, Hashable, Codable {
    /// Elementary steps per run (see ``DSLFunction/stepCost(_:)``).
    public var maximumSteps: Int
    /// Integers held at once by all variables of a run (inputs included).
    public var maximumElements: Int

    /// Bounds from their parts.
    public init(maximumSteps: Int = 10_000_000, maximumElements: Int = 4_000_000) {
        self.maximumSteps = maximumSteps
        self.maximumElements = maximumElements
    }

    /// Ten million steps and four million integers: far beyond any task, well inside a validator.
    public static let standard = DSLLimits()
}

/// Why a program could not be run on some inputs: the inputs do not fit its declarations, or the
/// run would pass a bound. (An undefined result is not an error: ``DSLProgram/run(_:limits:)``
/// returns nil.)
public enum DSLRunError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A different number of inputs than the program declares.
    case inputCount(expected: Int, actual: Int)
    /// Input `index` (0-based) has the wrong type.
    case inputType(index: Int, expected: DSLType, actual: DSLType)
    /// The run would take more than `limit` steps.
    case stepLimit(limit: Int)
    /// The run would hold more than `limit` integers.
    case memoryLimit(limit: Int)

    public var description: String {
        switch self {
        case .inputCount(let expected, let actual):
            return "malformed input: the program declares \(expected) input\(expected == 1 ? "" : "s"), got \(actual)"
        case .inputType(let index, let expected, let actual):
            return "malformed input: input \(index + 1) must be \(expected), got \(actual)"
        case .stepLimit(let limit): return "the run would take more than \(limit) steps"
        case .memoryLimit(let limit): return "the run would hold more than \(limit) integers"
        }
    }
}

extension DSLProgram {
    /// Runs the program on `inputs` (one value per declared input) and returns its output, or nil
    /// where ../shared/specs/list-dsl.md makes the run undefined: a statement's value is undefined
    /// (HEAD/LAST/MINIMUM/MAXIMUM of an empty list, ACCESS out of range, 64-bit overflow) or lies
    /// outside [-256, 255]. Inputs themselves are not range-checked.
    ///
    /// - Throws: ``DSLRunError`` when the inputs do not fit the declarations or a bound of
    ///   `limits` would be passed.
    public func run(_ inputs: [DSLValue], limits: DSLLimits = .standard) throws(DSLRunError) -> DSLValue? {
        try trace(inputs, limits: limits)?.last
    }

    /// Every statement's value on `inputs`, in order, or nil when the run is undefined (see
    /// ``run(_:limits:)``).
    public func trace(_ inputs: [DSLValue], limits: DSLLimits = .standard) throws(DSLRunError) -> [DSLValue]? {
        try checkInputs(inputs)
        var variables = inputs
        variables.reserveCapacity(inputs.count + statements.count)
        var elements = inputs.reduce(0) { $0 + $1.elementCount }
        guard elements <= limits.maximumElements else { throw .memoryLimit(limit: limits.maximumElements) }
        var steps = 0
        for statement in statements {
            let arguments = statement.arguments.map { variables[$0] }
            steps += statement.function.stepCost(arguments)
            guard steps <= limits.maximumSteps else { throw .stepLimit(limit: limits.maximumSteps) }
            guard let value = statement.function.apply(statement.lambda, arguments), value.isInRange else { return nil }
            elements += value.elementCount
            guard elements <= limits.maximumElements else { throw .memoryLimit(limit: limits.maximumElements) }
            variables.append(value)
        }
        return Array(variables[inputs.count...])
    }

    /// Throws unless `inputs` has one value of the declared type per input.
    public func checkInputs(_ inputs: [DSLValue]) throws(DSLRunError) {
        guard inputs.count == inputTypes.count else { throw .inputCount(expected: inputTypes.count, actual: inputs.count) }
        for (index, (value, type)) in zip(inputs, inputTypes).enumerated() where value.type != type {
            throw .inputType(index: index, expected: type, actual: value.type)
        }
    }
}

/// One statement of a program: a function applied to earlier variables (and a lambda where the
/// function takes one). Variables are numbered in order of declaration: the inputs first, then one
/// per statement.
public struct DSLStatement: Sendable, Hashable {
    /// The function applied.
    public var function: DSLFunction
    /// The lambda, present exactly when the function takes one.
    public var lambda: DSLLambda?
    /// The variables passed, by number, in the order of ``DSLFunction/argumentTypes``.
    public var arguments: [Int]

    /// A statement; a program checks it against its variables when built.
    public init(_ function: DSLFunction, _ lambda: DSLLambda? = nil, _ arguments: [Int]) {
        self.function = function
        self.lambda = lambda
        self.arguments = arguments
    }
}

/// A program of the list DSL: typed inputs, then a straight-line list of statements; its output is
/// the value of the last statement (../shared/specs/list-dsl.md).
///
/// A program is always well formed: its initialiser and parser check every statement's lambda,
/// argument count, argument types and that arguments name earlier variables, and throw
/// ``DSLProgramError`` otherwise.
public struct DSLProgram: Sendable, Hashable, CustomStringConvertible {
    /// The most statements a program may hold, so a hostile file cannot ask for unbounded work.
    public static let maximumStatements = 1_000
    /// The most inputs a program may declare.
    public static let maximumInputs = 100

    /// The inputs' types, in order.
    public let inputTypes: [DSLType]
    /// The statements, in order.
    public let statements: [DSLStatement]

    /// A program from its parts, checked.
    public init(inputTypes: [DSLType], statements: [DSLStatement]) throws(DSLProgramError) {
        guard inputTypes.count <= Self.maximumInputs else {
            throw DSLProgramError(line: nil, reason: .tooManyInputs(limit: Self.maximumInputs))
        }
        guard statements.count <= Self.maximumStatements else {
            throw DSLProgramError(line: nil, reason: .tooManyStatements(limit: Self.maximumStatements))
        }
        guard !statements.isEmpty else { throw DSLProgramError(line: nil, reason: .noStatements) }
        var types = inputTypes
        for (index, statement) in statements.enumerated() {
            if let reason = Self.problem(with: statement, variableTypes: types) {
                throw DSLProgramError(line: nil, statement: index, reason: reason)
            }
            types.append(statement.function.resultType)
        }
        self.inputTypes = inputTypes
        self.statements = statements
    }

    /// Why `statement` cannot follow variables of `variableTypes`, or nil when it can.
    static func problem(with statement: DSLStatement, variableTypes: [DSLType]) -> DSLProgramError.Reason? {
        let function = statement.function
        switch (function.lambdaKind, statement.lambda) {
        case (nil, let lambda?): return .unexpectedLambda(function: function, lambda: lambda)
        case (let kind?, nil): return .missingLambda(function: function, kind: kind)
        case (let kind?, let lambda?) where lambda.kind != kind:
            return .wrongLambdaKind(function: function, lambda: lambda, expected: kind)
        default: break
        }
        let expected = function.argumentTypes
        guard statement.arguments.count == expected.count else {
            return .argumentCount(function: function, expected: expected.count, actual: statement.arguments.count)
        }
        for (position, (variable, type)) in zip(statement.arguments, expected).enumerated() {
            guard variable >= 0 && variable < variableTypes.count else {
                return .undefinedVariable(name: DSLProgram.variableName(variable))
            }
            guard variableTypes[variable] == type else {
                return .argumentType(function: function, position: position + 1, expected: type, actual: variableTypes[variable])
            }
        }
        return nil
    }

    /// Statements after the input declarations.
    public var length: Int { statements.count }

    /// The type of the program's output (its last statement's).
    public var outputType: DSLType { statements[statements.count - 1].function.resultType }

    /// The type of every variable: inputs, then statements.
    public var variableTypes: [DSLType] { inputTypes + statements.map(\.function.resultType) }

    /// The functions used, each once, in order of first use.
    public var functions: [DSLFunction] {
        var seen: [DSLFunction] = []
        for statement in statements where !seen.contains(statement.function) { seen.append(statement.function) }
        return seen
    }

    /// The lambdas used, each once, in order of first use.
    public var lambdas: [DSLLambda] {
        var seen: [DSLLambda] = []
        for statement in statements { if let lambda = statement.lambda, !seen.contains(lambda) { seen.append(lambda) } }
        return seen
    }

    /// The canonical name of variable `index`: `a` … `z`, then `aa`, `ab`, … (the printer's names).
    /// A negative number (which names no variable) prints as `#-1`.
    public static func variableName(_ index: Int) -> String {
        guard index >= 0 else { return "#\(index)" }
        var index = index
        var letters: [Character] = []
        repeat {
            letters.append(Character(UnicodeScalar(UInt8(97 + index % 26))))
            index = index / 26 - 1
        } while index >= 0
        return String(letters.reversed())
    }

    /// The text form with canonical names, one line each, no trailing newline:
    ///
    ///     a <- [int]
    ///     b <- SORT a
    ///
    /// `DSLProgram(parsing: program.text) == program` for every program.
    public var text: String { lines.joined(separator: "\n") }

    /// The text form's lines.
    public var lines: [String] {
        var lines = inputTypes.enumerated().map { "\(Self.variableName($0.offset)) <- \($0.element)" }
        for (index, statement) in statements.enumerated() {
            var parts = [Self.variableName(inputTypes.count + index), "<-", statement.function.rawValue]
            if let lambda = statement.lambda { parts.append(lambda.rawValue) }
            parts += statement.arguments.map(Self.variableName)
            lines.append(parts.joined(separator: " "))
        }
        return lines
    }

    public var description: String { text }
}

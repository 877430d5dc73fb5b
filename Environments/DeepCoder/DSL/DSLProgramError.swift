/// Why a program's text or parts do not make a program, with the line (1-based, for parsed text)
/// or statement (0-based, for parts) it was found at.
public struct DSLProgramError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was wrong.
    public enum Reason: Sendable, Equatable {
        /// The text has no statements (only declarations, or nothing).
        case noStatements
        /// More statements than ``DSLProgram/maximumStatements``.
        case tooManyStatements(limit: Int)
        /// More inputs than ``DSLProgram/maximumInputs``.
        case tooManyInputs(limit: Int)
        /// The text is longer than the parser accepts.
        case textTooLong(limit: Int)
        /// A line is not `NAME <- TYPE` or `NAME <- FUNCTION [LAMBDA] ARGUMENTS`.
        case malformedLine(String)
        /// A variable name that is not a letter followed by letters, digits or underscores.
        case invalidName(String)
        /// The word after `<-` is neither a type nor a function.
        case unknownFunction(String)
        /// The lambda is not one of the spec's.
        case unknownLambda(String)
        /// A function that takes no lambda was given one.
        case unexpectedLambda(function: DSLFunction, lambda: DSLLambda)
        /// A higher-order function without its lambda.
        case missingLambda(function: DSLFunction, kind: DSLLambdaKind)
        /// A lambda of the wrong kind (a predicate for MAP, say).
        case wrongLambdaKind(function: DSLFunction, lambda: DSLLambda, expected: DSLLambdaKind)
        /// The wrong number of variable arguments.
        case argumentCount(function: DSLFunction, expected: Int, actual: Int)
        /// An argument of the wrong type (position is 1-based, lambda not counted).
        case argumentType(function: DSLFunction, position: Int, expected: DSLType, actual: DSLType)
        /// An argument names no earlier variable.
        case undefinedVariable(name: String)
        /// A name bound twice.
        case redefinedVariable(name: String)
        /// An input declared after a statement.
        case declarationAfterStatement(name: String)
    }

    /// The 1-based line of the text, when the program was parsed.
    public var line: Int?
    /// The 0-based statement, when the program was built from parts.
    public var statement: Int?
    /// What was wrong.
    public var reason: Reason

    public init(line: Int?, statement: Int? = nil, reason: Reason) {
        self.line = line
        self.statement = statement
        self.reason = reason
    }

    public var description: String {
        let place = line.map { "line \($0): " } ?? statement.map { "statement \($0 + 1): " } ?? ""
        return "malformed program: " + place + reasonText
    }

    private var reasonText: String {
        switch reason {
        case .noStatements: return "no statements after the input declarations"
        case .tooManyStatements(let limit): return "more than \(limit) statements"
        case .tooManyInputs(let limit): return "more than \(limit) inputs"
        case .textTooLong(let limit): return "the text is longer than \(limit) bytes"
        case .malformedLine(let text): return "expected `NAME <- TYPE` or `NAME <- FUNCTION [LAMBDA] ARGUMENTS`, got `\(text)`"
        case .invalidName(let name): return "`\(name)` is not a variable name (a letter, then letters, digits or _)"
        case .unknownFunction(let name):
            return "unknown function or type `\(name)` (functions: \(DSLFunction.allCases.map(\.rawValue).joined(separator: " ")); types: int [int])"
        case .unknownLambda(let text):
            return "unknown lambda `\(text)` (lambdas: \(DSLLambda.allCases.map(\.rawValue).joined(separator: " ")))"
        case .unexpectedLambda(let function, let lambda): return "\(function) takes no lambda, got \(lambda)"
        case .missingLambda(let function, let kind): return "\(function) needs a \(kind.typeText) lambda first"
        case .wrongLambdaKind(let function, let lambda, let expected):
            return "\(function) needs a \(expected.typeText) lambda, \(lambda) is \(lambda.kind.typeText)"
        case .argumentCount(let function, let expected, let actual):
            return "\(function) takes \(expected) variable argument\(expected == 1 ? "" : "s"), got \(actual)"
        case .argumentType(let function, let position, let expected, let actual):
            return "argument \(position) of \(function) must be \(expected), got a variable of type \(actual)"
        case .undefinedVariable(let name): return "`\(name)` is not an earlier variable"
        case .redefinedVariable(let name): return "`\(name)` is already bound"
        case .declarationAfterStatement(let name): return "input `\(name)` is declared after a statement"
        }
    }
}

extension DSLLambdaKind {
    /// The kind as a type: `int -> int`, `int -> bool` or `int -> int -> int`.
    public var typeText: String {
        switch self {
        case .unary: "int -> int"
        case .predicate: "int -> bool"
        case .binary: "int -> int -> int"
        }
    }
}

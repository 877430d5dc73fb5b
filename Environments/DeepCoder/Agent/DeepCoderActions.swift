/// The actions of DeepCoder-v0, one flat index each (a masked categorical chooses among them):
/// three commands, then a statement built one choice at a time — its function, its lambda when
/// it takes one, then each argument (a variable of the right type).
public enum DeepCoderAction: Sendable, Equatable {
    /// Delete the last statement, or cancel the statement being built.
    case deleteLast
    /// Run the program on the visible examples; the result shows in the next observation.
    case runVisibleTests
    /// Submit the program: the episode ends, scored on the hidden examples.
    case submit
    /// Start a statement with this function.
    case function(DSLFunction)
    /// Give the statement being built its lambda.
    case lambda(DSLLambda)
    /// Give the statement being built its next argument: variable `index` (inputs first).
    case argument(Int)

    /// The most variables a program of DeepCoder-v0 names: three inputs and five statements.
    public static let maximumVariables = 8
    /// The most inputs a task may take.
    public static let maximumInputs = 3
    /// The number of actions.
    public static let count = 3 + DSLFunction.allCases.count + DSLLambda.allCases.count + maximumVariables

    private static let functionStart = 3
    private static let lambdaStart = functionStart + DSLFunction.allCases.count
    private static let argumentStart = lambdaStart + DSLLambda.allCases.count

    /// The action with flat index `index` (nil outside `0..<count`).
    public init?(index: Int) {
        switch index {
        case 0: self = .deleteLast
        case 1: self = .runVisibleTests
        case 2: self = .submit
        case Self.functionStart..<Self.lambdaStart: self = .function(DSLFunction.allCases[index - Self.functionStart])
        case Self.lambdaStart..<Self.argumentStart: self = .lambda(DSLLambda.allCases[index - Self.lambdaStart])
        case Self.argumentStart..<Self.count: self = .argument(index - Self.argumentStart)
        default: return nil
        }
    }

    /// The flat index of the action.
    public var index: Int {
        switch self {
        case .deleteLast: 0
        case .runVisibleTests: 1
        case .submit: 2
        case let .function(function): Self.functionStart + DSLFunction.allCases.firstIndex(of: function)!
        case let .lambda(lambda): Self.lambdaStart + DSLLambda.allCases.firstIndex(of: lambda)!
        case let .argument(variable): Self.argumentStart + variable
        }
    }

    /// The actions that write `statement` (function, lambda, arguments).
    public static func actions(for statement: DSLStatement) -> [DeepCoderAction] {
        [.function(statement.function)] + (statement.lambda.map { [.lambda($0)] } ?? []) + statement.arguments.map { .argument($0) }
    }
}

import Foundation

/// DeepCoder-v0 for agents that write whole programs (a language model behind an HTTP endpoint,
/// say): a prompt that states the language and the task's visible examples, and the scoring of
/// the program text that comes back — the fraction of hidden examples it passes, as the episode
/// form's submit scores it.
public enum DSLTextInterface {
    /// What one response scored.
    public struct Result: Sendable, Equatable {
        /// The task's id.
        public var taskID: String
        /// The program read from the response (nil when it does not parse).
        public var program: DSLProgram?
        /// Why the response was not a program of the task's inputs (nil when it was).
        public var error: String?
        /// The fraction of hidden examples passed (0 without a program).
        public var score: Double
        /// Whether every visible and hidden example passes.
        public var solved: Bool

        /// A result.
        public init(taskID: String, program: DSLProgram?, error: String?, score: Double, solved: Bool) {
            self.taskID = taskID
            self.program = program
            self.error = error
            self.score = score
            self.solved = solved
        }
    }

    /// The prompt for `task`: the language in brief (functions, lambdas, the text form), the
    /// input types, the visible examples as JSON, and what to answer.
    public static func prompt(for task: DSLTask) -> String {
        let declarations = task.inputTypes.enumerated().map { "\(DSLProgram.variableName($0.offset)) <- \($0.element.rawValue)" }
        let first = DSLFunction.allCases.map { "\($0.rawValue): \(signature($0))" }.joined(separator: "\n")
        let lambdas = DSLLambdaKind.allCases.map { kind in
            "\(lambdaType(kind)): " + DSLLambda.all(of: kind).map(\.rawValue).joined(separator: " ")
        }.joined(separator: "\n")
        let examples = task.visible.map { example in
            "inputs " + "[" + example.inputs.map(\.json).joined(separator: ", ") + "]" + " -> output " + example.output.json
        }.joined(separator: "\n")
        return """
        Write a program in the list DSL below that maps each example's inputs to its output.

        A program declares its inputs, then one statement a line: a fresh variable bound to a function
        applied to earlier variables (and a lambda where the function takes one). Its output is the
        last statement's value. Variables are named a, b, c, … in order.

        Functions (argument order as written):
        \(first)

        Lambdas:
        \(lambdas)

        The program starts with these declarations:
        \(declarations.joined(separator: "\n"))

        Examples:
        \(examples)

        Answer with the program's text only (the declarations, then at most 5 statements), for example:
        a <- [int]
        b <- SORT a
        c <- MAP (*2) b
        """
    }

    /// A lambda kind's type in the spec's notation.
    static func lambdaType(_ kind: DSLLambdaKind) -> String {
        switch kind {
        case .unary: "int -> int"
        case .predicate: "int -> bool"
        case .binary: "int -> int -> int"
        }
    }

    /// The signature of `function` in the spec's notation.
    static func signature(_ function: DSLFunction) -> String {
        let lambda = function.lambdaKind.map { "(" + lambdaType($0) + ")" }
        return ((lambda.map { [$0] } ?? []) + function.argumentTypes.map(\.rawValue) + [function.resultType.rawValue]).joined(separator: " -> ")
    }

    /// The program in `response` (text around it and Markdown code fences are ignored: the
    /// program is the first run of lines that parse as declarations and statements), scored on
    /// `task`. A response that is not a program of the task's input types scores 0 with the
    /// reason.
    public static func score(response: String, for task: DSLTask) -> Result {
        let lines = response.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.hasPrefix("```") }
        let programLines = lines.drop { !$0.contains("<-") }.prefix { $0.contains("<-") }
        guard !programLines.isEmpty else {
            return Result(taskID: task.id, program: nil, error: "no line of the form 'x <- …' in the response", score: 0, solved: false)
        }
        let program: DSLProgram
        do {
            program = try DSLProgram(parsing: programLines.joined(separator: "\n"))
        } catch {
            return Result(taskID: task.id, program: nil, error: "\(error)", score: 0, solved: false)
        }
        guard program.inputTypes == task.inputTypes else {
            return Result(taskID: task.id, program: program, error: "the program declares inputs "
                          + program.inputTypes.map(\.rawValue).joined(separator: ", ") + "; the task's are "
                          + task.inputTypes.map(\.rawValue).joined(separator: ", "), score: 0, solved: false)
        }
        return Result(taskID: task.id, program: program, error: nil, score: task.hiddenScore(program), solved: task.isSolved(by: program))
    }
}

/// One input-output example of a task.
public struct DSLExample: Sendable, Hashable, Codable {
    /// One value per input of the task.
    public var inputs: [DSLValue]
    /// The expected output.
    public var output: DSLValue

    public init(inputs: [DSLValue], output: DSLValue) {
        self.inputs = inputs
        self.output = output
    }
}

/// A task of the code-agent environment (../shared/specs/list-dsl.md, "Tasks"): the input types,
/// 3 to 5 visible examples, at least 5 hidden examples from the same program, and optionally that
/// program.
public struct DSLTask: Sendable, Hashable {
    /// The fewest visible examples a task has.
    public static let visibleCountRange = 3...5
    /// The fewest hidden examples a task has.
    public static let minimumHiddenCount = 5

    /// The task's name in its file (`t-0001`).
    public var id: String
    /// The inputs' types, in order.
    public var inputTypes: [DSLType]
    /// Statements of the reference program (after the input declarations).
    public var length: Int
    /// The examples an agent sees.
    public var visible: [DSLExample]
    /// The examples an agent is scored on.
    public var hidden: [DSLExample]
    /// The reference program, when known.
    public var solution: DSLProgram?

    public init(id: String, inputTypes: [DSLType], length: Int, visible: [DSLExample], hidden: [DSLExample],
                solution: DSLProgram? = nil) {
        self.id = id
        self.inputTypes = inputTypes
        self.length = length
        self.visible = visible
        self.hidden = hidden
        self.solution = solution
    }

    /// The type of the outputs (the first visible example's).
    public var outputType: DSLType { visible.first?.output.type ?? .list }

    /// Whether `program` gives the expected output on `example`: same inputs' types, a defined
    /// run within the standard limits, and an output equal to the expected one.
    public static func passes(_ program: DSLProgram, _ example: DSLExample, limits: DSLLimits = .standard) -> Bool {
        guard let output = try? program.run(example.inputs, limits: limits) else { return false }
        return output == example.output
    }

    /// Whether `program` passes every visible example (what an agent may check before submitting).
    public func fitsVisible(_ program: DSLProgram) -> Bool {
        visible.allSatisfy { Self.passes(program, $0) }
    }

    /// Hidden examples `program` passes.
    public func hiddenPassCount(_ program: DSLProgram) -> Int {
        hidden.reduce(0) { $0 + (Self.passes(program, $1) ? 1 : 0) }
    }

    /// The fraction of hidden examples `program` passes: the reward of a submission.
    public func hiddenScore(_ program: DSLProgram) -> Double {
        hidden.isEmpty ? 0 : Double(hiddenPassCount(program)) / Double(hidden.count)
    }

    /// Whether `program` passes every visible and every hidden example.
    public func isSolved(by program: DSLProgram) -> Bool {
        fitsVisible(program) && hiddenPassCount(program) == hidden.count
    }
}

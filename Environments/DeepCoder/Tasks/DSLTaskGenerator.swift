import Tensor

/// Draws tasks of the list DSL from a seed: a random well-typed program of the asked length, then
/// random inputs until enough examples have defined runs (../shared/specs/list-dsl.md, "Undefined
/// results": generators keep only programs defined on all of a task's examples).
///
/// The rules, beyond the spec's:
/// - Inputs: one list (55%), two lists (20%) or a list and an integer in either order (25%).
///   Lists have 1 to ``Configuration/maximumListLength`` elements; each example draws a bound
///   `B` from ``Configuration/valueBounds`` and its elements uniformly from `[-B, B-1]` (small
///   bounds keep squares and products in range). Integer inputs are uniform in
///   `0...maximumListLength` (they can only be counts and indices).
/// - Programs: each statement's function is uniform among those whose argument types exist, its
///   lambda uniform among its kind, its arguments drawn preferring variables not used yet.
/// - Rejected programs (drawn again): dead code (an input or a statement other than the last
///   that no later statement uses); an output that is the same on every visible example; a
///   statement whose values on the visible examples equal an earlier variable's (an input's
///   included: the visible examples would not show what the statement does, and a shorter
///   program would fit them); and programs for which too few random inputs give defined runs.
///
/// The same seed and configuration give the same tasks on every machine (Philox).
public struct DSLTaskGenerator: Sendable {
    /// How tasks are drawn.
    public struct Configuration: Sendable, Hashable, Codable {
        /// Fewest visible examples (at least 3).
        public var minimumVisible = 3
        /// Most visible examples (at most 5).
        public var maximumVisible = 5
        /// Hidden examples per task (at least 5).
        public var hiddenCount = 10
        /// Longest input list.
        public var maximumListLength = 10
        /// The bounds `B` an example's values are drawn within, `[-B, B-1]`, one chosen per example.
        public var valueBounds = [8, 32, 128, 256]

        public init() {}

        /// Throws when the configuration breaks the spec's task shape or cannot draw values.
        public func validate() throws(DSLTaskFileError) {
            func fail(_ reason: String) -> DSLTaskFileError { DSLTaskFileError(line: nil, reason: reason) }
            guard DSLTask.visibleCountRange.contains(minimumVisible), DSLTask.visibleCountRange.contains(maximumVisible),
                  minimumVisible <= maximumVisible else { throw fail("visible examples must be a range inside 3...5") }
            guard (DSLTask.minimumHiddenCount...1_000).contains(hiddenCount) else { throw fail("hidden examples must be 5...1000") }
            guard (1...1_000).contains(maximumListLength) else { throw fail("the longest list must be 1...1000") }
            guard !valueBounds.isEmpty, valueBounds.allSatisfy({ (1...256).contains($0) }) else {
                throw fail("value bounds must be 1...256")
            }
        }
    }

    /// The shortest and longest programs drawn.
    public static let lengthRange = 1...10

    /// How tasks are drawn.
    public let configuration: Configuration
    private var generator: PhiloxGenerator

    /// A generator of tasks from `seed`.
    /// - Precondition: `configuration.validate()` passes.
    public init(configuration: Configuration = Configuration(), seed: UInt64) {
        precondition((try? configuration.validate()) != nil, "DSLTaskGenerator: invalid configuration \(configuration)")
        self.configuration = configuration
        generator = PhiloxGenerator(seed: seed)
    }

    /// `perLength` tasks of each length in `lengths`, in that order, named `t-0001`, `t-0002`, …
    public static func tasks(lengths: [Int], perLength: Int, seed: UInt64,
                             configuration: Configuration = Configuration()) -> [DSLTask] {
        var generator = DSLTaskGenerator(configuration: configuration, seed: seed)
        var tasks: [DSLTask] = []
        for length in lengths {
            for _ in 0..<perLength {
                tasks.append(generator.task(length: length, id: String(format: "t-%04d", tasks.count + 1)))
            }
        }
        return tasks
    }

    /// One task whose reference program has `length` statements.
    /// - Precondition: `length` is in ``lengthRange``.
    public mutating func task(length: Int, id: String) -> DSLTask {
        precondition(Self.lengthRange.contains(length), "DSLTaskGenerator: length \(length) is outside \(Self.lengthRange)")
        let visibleCount = configuration.minimumVisible
            + generator.nextInt(below: configuration.maximumVisible - configuration.minimumVisible + 1)
        let needed = visibleCount + configuration.hiddenCount
        while true {
            let program = self.program(length: length)
            guard let examples = examples(of: program, count: needed, visibleCount: visibleCount) else { continue }
            return DSLTask(id: id, inputTypes: program.inputTypes, length: length, visible: Array(examples[..<visibleCount]),
                           hidden: Array(examples[visibleCount...]), solution: program)
        }
    }

    /// A random well-typed program of `length` statements without dead code.
    public mutating func program(length: Int) -> DSLProgram {
        while true {
            let draw = generator.nextDouble()
            let inputTypes: [DSLType] = draw < 0.55 ? [.list] : draw < 0.75 ? [.list, .list]
                : draw < 0.875 ? [.list, .int] : [.int, .list]
            var types = inputTypes
            var used = [Bool](repeating: false, count: types.count)
            var statements: [DSLStatement] = []
            for _ in 0..<length {
                let hasInt = types.contains(.int)
                let candidates = DSLFunction.allCases.filter { hasInt || !$0.argumentTypes.contains(.int) }
                let function = candidates[generator.nextInt(below: candidates.count)]
                let lambda = function.lambdaKind.map { kind in
                    let lambdas = DSLLambda.all(of: kind)
                    return lambdas[generator.nextInt(below: lambdas.count)]
                }
                var arguments: [Int] = []
                for type in function.argumentTypes {
                    let fitting = types.indices.filter { types[$0] == type }
                    let unused = fitting.filter { !used[$0] && !arguments.contains($0) }
                    let pool = !unused.isEmpty && generator.nextDouble() < 0.85 ? unused : fitting
                    arguments.append(pool[generator.nextInt(below: pool.count)])
                }
                for argument in arguments { used[argument] = true }
                statements.append(DSLStatement(function, lambda, arguments))
                types.append(function.resultType)
                used.append(false)
            }
            guard used.dropLast().allSatisfy({ $0 }) else { continue }
            // Built from the available types, so it is well formed.
            guard let program = try? DSLProgram(inputTypes: inputTypes, statements: statements) else { continue }
            return program
        }
    }

    /// `count` examples with defined runs that pass the rejection rules on the first
    /// `visibleCount` (the visible ones), or nil.
    private mutating func examples(of program: DSLProgram, count: Int, visibleCount: Int) -> [DSLExample]? {
        var examples: [DSLExample] = []
        var traces: [[DSLValue]] = []
        var attempts = 0
        while examples.count < count {
            attempts += 1
            if attempts > 30 * count { return nil }
            let inputs = randomInputs(program.inputTypes)
            guard let trace = try? program.trace(inputs), let output = trace.last else { continue }
            examples.append(DSLExample(inputs: inputs, output: output))
            traces.append(inputs + trace)
        }
        let outputs = examples[..<visibleCount].map(\.output)
        if outputs.allSatisfy({ $0 == outputs[0] }) { return nil }
        let variableCount = traces[0].count
        let columns = (0..<variableCount).map { variable in traces[..<visibleCount].map { $0[variable] } }
        for later in program.inputTypes.count..<variableCount {
            for earlier in 0..<later where columns[earlier] == columns[later] { return nil }
        }
        return examples
    }

    private mutating func randomInputs(_ types: [DSLType]) -> [DSLValue] {
        let bounds = configuration.valueBounds
        let bound = bounds[generator.nextInt(below: bounds.count)]
        return types.map { type in
            switch type {
            case .int:
                return .int(generator.nextInt(below: configuration.maximumListLength + 1))
            case .list:
                let count = 1 + generator.nextInt(below: configuration.maximumListLength)
                return .list((0..<count).map { _ in generator.nextInt(below: 2 * bound) - bound })
            }
        }
    }
}

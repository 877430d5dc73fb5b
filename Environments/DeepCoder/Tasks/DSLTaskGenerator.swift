import Foundation
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
            var inputTypes = Self.signatures[Self.signatures.count - 1].inputTypes
            var cumulative = 0.0
            for signature in Self.signatures {
                cumulative += signature.chance
                if draw < cumulative {
                    inputTypes = signature.inputTypes
                    break
                }
            }
            guard let statements = drawStatements(inputTypes: inputTypes, length: length) else { continue }
            // Built from the available types, so it is well formed.
            guard let program = try? DSLProgram(inputTypes: inputTypes, statements: statements) else { continue }
            return program
        }
    }

    /// One draw of `length` statements after inputs of `inputTypes`, or nil when it leaves dead
    /// code (the draw is then rejected). ``logProbability(ofDrawing:)`` gives the chance of each.
    mutating func drawStatements(inputTypes: [DSLType], length: Int) -> [DSLStatement]? {
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
                let pool = !unused.isEmpty && generator.nextDouble() < Self.unusedArgumentChance ? unused : fitting
                arguments.append(pool[generator.nextInt(below: pool.count)])
            }
            for argument in arguments { used[argument] = true }
            statements.append(DSLStatement(function, lambda, arguments))
            types.append(function.resultType)
            used.append(false)
        }
        return used.dropLast().allSatisfy { $0 } ? statements : nil
    }

    /// The input signatures a program is drawn with, and how often.
    static let signatures: [(inputTypes: [DSLType], chance: Double)] = [
        ([.list], 0.55), ([.list, .list], 0.2), ([.list, .int], 0.125), ([.int, .list], 0.125),
    ]

    /// The chance that a draw of a program of `length` statements (its input signature drawn
    /// too, as ``program(length:)`` does on every retry) is kept.
    static func keptProbability(length: Int) -> Double {
        signatures.reduce(0) { $0 + $1.chance * keptProbability(inputTypes: $1.inputTypes, length: length) }
    }

    /// Of the draws of `length` statements that pass the dead-code rule, the fraction whose task
    /// is then kept: enough defined runs within the attempts, visible outputs not all equal, no
    /// statement repeating an earlier variable on the visible examples. Measured by drawing
    /// `tasks` tasks as ``task(length:id:)`` does and counting the programs drawn for them.
    public mutating func measuredExampleAcceptance(length: Int, tasks: Int) -> Double {
        precondition(Self.lengthRange.contains(length) && tasks > 0, "DSLTaskGenerator: bad length \(length) or task count \(tasks)")
        var programsDrawn = 0
        for _ in 0..<tasks {
            let visibleCount = configuration.minimumVisible
                + generator.nextInt(below: configuration.maximumVisible - configuration.minimumVisible + 1)
            while true {
                programsDrawn += 1
                let program = self.program(length: length)
                if examples(of: program, count: visibleCount + configuration.hiddenCount, visibleCount: visibleCount) != nil { break }
            }
        }
        return Double(tasks) / Double(programsDrawn)
    }

    /// ``measuredExampleAcceptance(length:tasks:)`` of the default configuration for lengths
    /// 1…10 (index `length − 1`), measured once from seed 1 (20,000 tasks per length up to 5,
    /// 4,000 beyond); a test measures lengths 1…5 again from another seed. Long programs are
    /// rejected far more often (some statement nearly always repeats a variable on 3–5 examples),
    /// so given its length a kept long program is likelier than its draw alone says.
    public static let exampleAcceptance: [Double] = [0.9631, 0.8232, 0.6504, 0.4883, 0.3500, 0.2447, 0.1695, 0.1148, 0.0771, 0.0508]

    /// How many random inputs per example the generator tries before it gives up on a program.
    static let attemptsPerExample = 30

    /// How often an argument is drawn among the variables not used yet (when there are some).
    static let unusedArgumentChance = 0.85

    /// The natural log of the chance that one draw of ``drawStatements(inputTypes:length:)``
    /// gives exactly `program`'s statements and is kept (no dead code): `-infinity` for a program
    /// the generator never draws. The guided solver ranks the programs that fit a task by it (their
    /// prior under the generator).
    public static func logProbability(ofDrawing program: DSLProgram) -> Double {
        logProbability(inputTypes: program.inputTypes, statements: program.statements)
    }

    /// ``logProbability(ofDrawing:)`` of well-typed statements after `inputTypes`.
    static func logProbability(inputTypes: [DSLType], statements: [DSLStatement]) -> Double {
        var types = inputTypes
        var used = [Bool](repeating: false, count: types.count)
        var total = 0.0
        for statement in statements {
            let hasInt = types.contains(.int)
            let candidateCount = DSLFunction.allCases.filter { hasInt || !$0.argumentTypes.contains(.int) }.count
            guard hasInt || !statement.function.argumentTypes.contains(.int) else { return -.infinity }
            total -= log(Double(candidateCount))
            if let kind = statement.function.lambdaKind { total -= log(Double(DSLLambda.all(of: kind).count)) }
            var arguments: [Int] = []
            for (type, argument) in zip(statement.function.argumentTypes, statement.arguments) {
                let fitting = types.indices.filter { types[$0] == type }
                let unused = fitting.filter { !used[$0] && !arguments.contains($0) }
                var chance = 1 / Double(fitting.count)
                if !unused.isEmpty {
                    chance = (1 - unusedArgumentChance) / Double(fitting.count)
                        + (unused.contains(argument) ? unusedArgumentChance / Double(unused.count) : 0)
                }
                total += log(chance)
                arguments.append(argument)
            }
            for argument in arguments { used[argument] = true }
            types.append(statement.function.resultType)
            used.append(false)
        }
        return used.dropLast().allSatisfy { $0 } ? total : -.infinity
    }

    /// The chance that one draw of `length` statements after `inputTypes` leaves no dead code
    /// (is kept), computed exactly: the draw's chances summed over every function and argument
    /// choice, lambdas aside (they do not change what is used).
    public static func keptProbability(inputTypes: [DSLType], length: Int) -> Double {
        var memo: [[Int]: Double] = [:]
        // A variable's state: 0/1 for an unused/used integer, 2/3 for an unused/used list.
        func kept(_ state: [Int], _ remaining: Int) -> Double {
            if remaining == 0 { return state.dropLast().allSatisfy { $0 & 1 == 1 } ? 1 : 0 }
            let key = state + [-remaining]
            if let known = memo[key] { return known }
            let hasInt = state.contains { $0 < 2 }
            let functions = DSLFunction.allCases.filter { hasInt || !$0.argumentTypes.contains(.int) }
            var total = 0.0
            for function in functions {
                // Every argument draw with its chance, as drawStatements makes it.
                var draws: [(arguments: [Int], chance: Double)] = [([], 1)]
                for type in function.argumentTypes {
                    let code = type == .int ? 0 : 2
                    let fitting = state.indices.filter { state[$0] & 2 == code }
                    var next: [(arguments: [Int], chance: Double)] = []
                    for (arguments, chance) in draws {
                        let unused = fitting.filter { state[$0] & 1 == 0 && !arguments.contains($0) }
                        for variable in fitting {
                            var pick = 1 / Double(fitting.count)
                            if !unused.isEmpty {
                                pick = (1 - unusedArgumentChance) / Double(fitting.count)
                                    + (unused.contains(variable) ? unusedArgumentChance / Double(unused.count) : 0)
                            }
                            if pick > 0 { next.append((arguments + [variable], chance * pick)) }
                        }
                    }
                    draws = next
                }
                for (arguments, chance) in draws {
                    var after = state
                    for argument in arguments { after[argument] |= 1 }
                    after.append(function.resultType == .int ? 0 : 2)
                    total += chance / Double(functions.count) * kept(after, remaining - 1)
                }
            }
            memo[key] = total
            return total
        }
        return kept(inputTypes.map { $0 == .int ? 0 : 2 }, length)
    }

    /// `count` examples with defined runs that pass the rejection rules on the first
    /// `visibleCount` (the visible ones), or nil.
    private mutating func examples(of program: DSLProgram, count: Int, visibleCount: Int) -> [DSLExample]? {
        var examples: [DSLExample] = []
        var traces: [[DSLValue]] = []
        var attempts = 0
        while examples.count < count {
            attempts += 1
            if attempts > Self.attemptsPerExample * count { return nil }
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

    /// Inputs of `types` drawn as the generator draws an example's (the guided solver estimates
    /// from them how often a program's run is defined).
    mutating func randomInputs(_ types: [DSLType]) -> [DSLValue] {
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

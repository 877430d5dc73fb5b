import Foundation

/// DeepCoder's search (Balog et al. 2017, section 4.4) on Frontier's own guide: a network reads
/// the visible examples and predicts which functions and lambdas the program uses; each choice
/// of a statement then costs `-ln p(function) - ln p(lambda)` plus a constant per statement, and
/// the search enumerates programs in order of total cost (iterative deepening on the cost bound).
///
/// Which of the programs that fit the visible examples it returns matters as much as how fast it
/// finds them: 3–5 examples often fit several programs, and only one is the task's. So after the
/// first fit the search goes on collecting fits (those costing up to ``collectionMargin`` more
/// than the first), weighs each by the task generator's own distribution of programs, lengths
/// equally likely (``ProgramPrior``, built on ``DSLTaskGenerator/logProbability(ofDrawing:)``),
/// groups the fits that compute the same function on random inputs and returns the likeliest
/// member of the heaviest group (``BehaviourClasses``): as every fitting program explains the
/// examples equally, that is the likeliest function given them.
///
/// The search also prunes observationally equivalent programs: a statement whose values on the
/// visible examples repeat an existing variable's, the second argument order of a commutative
/// ZIPWITH, the second order of two neighbouring statements that do not read each other, and
/// prefixes whose unused variables can no longer all be used. It searches the generator's form of program: no dead
/// code and, with ``requiresEveryInput``, every input read (a task whose program ignores an
/// input is then solved only by a program reading it).
public struct GuidedSolver: DSLSolver {
    /// The network's weights.
    public var guide: GuideWeights
    /// The longest program tried.
    public var maximumLength: Int
    /// The cost of each statement beyond its function's and lambda's (a prior for short programs).
    public var statementCost: Double
    /// Probabilities are clipped into `[floor, 1]` before taking logs, so no choice is ruled out.
    public var probabilityFloor: Double
    /// How far (in cost, nats) above the first fit's cost the search goes on collecting fits.
    public var collectionMargin: Double
    /// Whether every input must be read, as in the generator's programs.
    public var requiresEveryInput: Bool
    /// How the returned program is chosen among the fits.
    var selection = BehaviourClasses()

    public init(guide: GuideWeights = .shipped, maximumLength: Int = 5, statementCost: Double = 0.5,
                probabilityFloor: Double = 1e-3, collectionMargin: Double = 8, requiresEveryInput: Bool = true) {
        self.guide = guide
        self.maximumLength = maximumLength
        self.statementCost = statementCost
        self.probabilityFloor = probabilityFloor
        self.collectionMargin = collectionMargin
        self.requiresEveryInput = requiresEveryInput
    }

    public var name: String { "guided" }

    /// The candidates with their costs for a task's visible examples.
    func candidates(for task: DSLTask) -> [SearchCandidate] {
        let probabilities = guide.probabilities(for: task.visible)
        func cost(_ index: Int) -> Double { -Foundation.log(Swift.max(Double(probabilities[index]), probabilityFloor)) }
        return DSLFunction.allCases.flatMap { function -> [SearchCandidate] in
            let base = statementCost + cost(GuideAttributes.index(of: function))
            guard let kind = function.lambdaKind else { return [SearchCandidate(function: function, lambda: nil, cost: base)] }
            return DSLLambda.all(of: kind).map {
                SearchCandidate(function: function, lambda: $0, cost: base + cost(GuideAttributes.index(of: $0)))
            }
        }
    }

    public func solve(_ task: DSLTask, timeLimit: Duration) -> DSLSolveResult {
        let clock = ContinuousClock()
        let start = clock.now
        let options = ProgramSearch.Options(maximumLength: maximumLength, prunesEquivalent: true,
                                            requiresEveryInput: requiresEveryInput, minimumBoundStep: 0.5,
                                            collectsFits: true, collectionMargin: collectionMargin)
        let candidates = candidates(for: task)
        // The choice among the fits runs a bounded number of programs (up to 0.1 s on a loaded
        // machine); it gets a tenth of the time.
        let searchTime = timeLimit * 0.9 - (clock.now - start)
        var (result, fits) = runSearch(task, candidates: candidates, options: options, timeLimit: searchTime)
        let prior = ProgramPrior(inputTypes: task.inputTypes, maximumLength: maximumLength)
        if let best = selection.choose(among: fits, inputTypes: task.inputTypes, visibleCount: task.visible.count, prior: prior),
           task.fitsVisible(best.program) {
            result.program = best.program
        }
        result.seconds = (clock.now - start).seconds
        return result
    }
}

/// The task generator's distribution of programs with a given input signature, lengths equally
/// likely: the chance of drawing a program's statements, over the chance that a draw of its
/// length is kept, first for its dead code (``DSLTaskGenerator/keptProbability(length:)``), then
/// for its examples (``DSLTaskGenerator/exampleAcceptance``, which falls from 96% at length 1 to
/// 35% at length 5). That chance covers every input signature, because the generator draws the
/// signature again with each rejected draw: a signature whose short draws are mostly rejected
/// (two inputs, one statement) really does make short programs rarer.
///
/// The search walks one order of statements that do not read each other and one argument order
/// of a commutative ZIPWITH, while the generator draws every order; so a found program stands
/// for all of them, and its prior is their chances summed.
struct ProgramPrior {
    private let inputTypes: [DSLType]
    private let logKept: [Double]

    init(inputTypes: [DSLType], maximumLength: Int) {
        self.inputTypes = inputTypes
        logKept = (0...maximumLength).map { length in
            guard length > 0 else { return 0 }
            let acceptance = DSLTaskGenerator.exampleAcceptance
            return Foundation.log(DSLTaskGenerator.keptProbability(length: length))
                + Foundation.log(acceptance[Swift.min(length, acceptance.count) - 1])
        }
    }

    /// The log prior of `program` and of the programs that differ from it only in the order of
    /// independent statements or of a commutative ZIPWITH's arguments (up to a constant shared
    /// by all programs of the signature).
    func logProbability(of program: DSLProgram) -> Double {
        guard program.length < logKept.count, program.inputTypes == inputTypes else { return -.infinity }
        var chances: [Double] = []
        for statements in Self.variants(of: program) {
            let chance = DSLTaskGenerator.logProbability(inputTypes: inputTypes, statements: statements)
            if chance > -.infinity { chances.append(chance) }
        }
        return logSumExp(chances) - logKept[program.length]
    }

    /// Every reordering of `program`'s statements that keeps each after the statements it reads
    /// (variables renumbered), each with every argument order of its commutative ZIPWITHs.
    static func variants(of program: DSLProgram) -> [[DSLStatement]] {
        let inputCount = program.inputTypes.count
        let statements = program.statements
        var orders: [[Int]] = []
        var order: [Int] = []
        var placed = [Bool](repeating: false, count: statements.count)
        func extend() {
            if order.count == statements.count {
                orders.append(order)
                return
            }
            for index in statements.indices where !placed[index] {
                let ready = statements[index].arguments.allSatisfy { $0 < inputCount || placed[$0 - inputCount] }
                guard ready else { continue }
                placed[index] = true
                order.append(index)
                extend()
                order.removeLast()
                placed[index] = false
            }
        }
        extend()
        var variants: [[DSLStatement]] = []
        for order in orders {
            // Where each original statement's variable lands in this order.
            var position = [Int](repeating: 0, count: statements.count)
            for (newIndex, oldIndex) in order.enumerated() { position[oldIndex] = newIndex }
            func renamed(_ variable: Int) -> Int { variable < inputCount ? variable : inputCount + position[variable - inputCount] }
            var partial: [[DSLStatement]] = [[]]
            for oldIndex in order {
                let statement = statements[oldIndex]
                let arguments = statement.arguments.map(renamed)
                var forms = [DSLStatement(statement.function, statement.lambda, arguments)]
                if statement.function == .zipWith, statement.lambda!.isCommutative, arguments[0] != arguments[1] {
                    forms.append(DSLStatement(statement.function, statement.lambda, [arguments[1], arguments[0]]))
                }
                partial = partial.flatMap { prefix in forms.map { prefix + [$0] } }
            }
            variants += partial
        }
        return variants
    }
}

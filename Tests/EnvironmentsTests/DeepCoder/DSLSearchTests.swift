import Foundation
import Tensor
import Testing
@testable import Environments

/// The search's own copy of the DSL's functions, the generator's program prior, and the guided
/// solver's choice among the programs that fit (pooled by the function they compute).
@Suite("DeepCoder search internals")
struct DSLSearchTests {
    /// Every function with every lambda of its kind (nil for first-order ones).
    static let choices: [(DSLFunction, DSLLambda?)] = DSLFunction.allCases.flatMap { function in
        function.lambdaKind.map { kind in DSLLambda.all(of: kind).map { (function, $0) } } ?? [(function, nil)]
    }

    @Test("the search's in-place functions agree with the interpreter's on random values, range rule included")
    func searchValuesMatchInterpreter() {
        var generator = PhiloxGenerator(seed: 2024)
        func randomList() -> [Int] {
            let count = generator.nextInt(below: 8)
            // Mostly in range, sometimes far out (inputs are not range-checked) or near 64-bit overflow.
            return (0..<count).map { _ in
                let draw = generator.nextDouble()
                if draw < 0.05 { return Int.max - generator.nextInt(below: 3) }
                if draw < 0.15 { return generator.nextInt(below: 2000) - 1000 }
                return generator.nextInt(below: 64) - 32
            }
        }
        var compared = 0, defined = 0
        for _ in 0..<400 {
            let inputs: [DSLValue] = [.int(generator.nextInt(below: 12) - 2), .list(randomList()), .list(randomList())]
            let examples = [DSLExample(inputs: inputs, output: .list([]))]
            for (function, lambda) in Self.choices {
                let values = SearchValues(examples: examples, variableCount: 4)
                let types = function.argumentTypes
                let first = types[0] == .int ? 0 : 1
                let second = types.count > 1 ? 2 : -1
                let arguments = [inputs[first]] + (second >= 0 ? [inputs[types[1] == .int ? 0 : 2]] : [])
                let expected = function.apply(lambda, arguments).flatMap { $0.isInRange ? $0 : nil }
                let secondVariable = types.count > 1 ? (types[1] == .int ? 0 : 2) : -1
                let ok = values.apply(function, lambda, first, secondVariable, into: 3)
                #expect(ok == (expected != nil), "\(function) \(lambda.map(\.rawValue) ?? "") on \(arguments)")
                if ok, let expected {
                    #expect(values.value(3, example: 0, type: function.resultType) == expected, "\(function) on \(arguments)")
                    defined += 1
                }
                compared += 1
            }
        }
        #expect(compared == 400 * Self.choices.count && defined > compared / 3, "\(defined) defined of \(compared)")
    }

    @Test("the chances of drawing each program sum to the chance a draw is kept, and match the draws")
    func programPriorSumsToKeptChance() throws {
        for inputTypes: [DSLType] in [[.list], [.list, .int], [.list, .list]] {
            for length in 1...2 {
                var total = 0.0
                for program in Self.programs(inputTypes: inputTypes, length: length) {
                    total += exp(DSLTaskGenerator.logProbability(ofDrawing: program))
                }
                let kept = DSLTaskGenerator.keptProbability(inputTypes: inputTypes, length: length)
                #expect(abs(total - kept) < 1e-9, "\(inputTypes) length \(length): \(total) against \(kept)")
            }
            // Longer draws against the generator itself.
            var generator = DSLTaskGenerator(seed: 99)
            let draws = 20_000
            var keptCount = 0
            for _ in 0..<draws where generator.drawStatements(inputTypes: inputTypes, length: 4) != nil { keptCount += 1 }
            let kept = DSLTaskGenerator.keptProbability(inputTypes: inputTypes, length: 4)
            let sampled = Double(keptCount) / Double(draws)
            // Four standard errors of a binomial proportion.
            #expect(abs(sampled - kept) < 4 * (kept * (1 - kept) / Double(draws)).squareRoot() + 1e-3,
                    "\(inputTypes): sampled \(sampled), computed \(kept)")
        }
        // Over every signature, as the generator redraws it with each rejected draw.
        for length in 1...3 {
            let total = DSLTaskGenerator.signatures.reduce(0) {
                $0 + $1.chance * DSLTaskGenerator.keptProbability(inputTypes: $1.inputTypes, length: length)
            }
            #expect(abs(DSLTaskGenerator.keptProbability(length: length) - total) < 1e-12)
            #expect(total > 0 && total < 1)
        }
        #expect(abs(DSLTaskGenerator.signatures.map(\.chance).reduce(0, +) - 1) < 1e-12)
        // A program the generator cannot draw: dead code, or an int argument without an int input.
        let dead = try DSLProgram(parsing: "a <- [int]\nb <- SORT a\nc <- REVERSE a")
        #expect(DSLTaskGenerator.logProbability(ofDrawing: dead) == -.infinity)
    }

    @Test("among programs fitting the visible examples the guided solver returns the likeliest under the generator")
    func guidedSolverPrefersLikelyPrograms() throws {
        // Three examples fitting both `SORT a` and `REVERSE a` (and longer programs); one
        // statement without a lambda is the likeliest draw.
        let examples = [[3, 2, 1], [5, 4], [9, 7, 0]].map {
            DSLExample(inputs: [.list($0)], output: .list($0.sorted()))
        }
        let task = DSLTask(id: "t", inputTypes: [.list], length: 1, visible: examples,
                           hidden: [DSLExample(inputs: [.list([1, 3, 2])], output: .list([1, 2, 3]))])
        let result = GuidedSolver().solve(task, timeLimit: .seconds(5))
        let program = try #require(result.program)
        #expect(program.length == 1 && task.fitsVisible(program))
        let sort = try DSLProgram(parsing: "a <- [int]\nb <- SORT a")
        let reverse = try DSLProgram(parsing: "a <- [int]\nb <- REVERSE a")
        #expect(DSLTaskGenerator.logProbability(ofDrawing: sort) == DSLTaskGenerator.logProbability(ofDrawing: reverse))
        let longer = try DSLProgram(parsing: "a <- [int]\nb <- REVERSE a\nc <- MAP (*2) b\nd <- MAP (/2) c")
        let prior = ProgramPrior(inputTypes: [.list], maximumLength: 5)
        #expect(prior.logProbability(of: sort) > prior.logProbability(of: longer) + 3)
    }

    @Test("fits computing the same function pool their prior mass, and the heavier function wins a tie of single programs")
    func behaviourClassesPoolEquivalentFits() throws {
        // MAP (*2) and SORT commute (doubling keeps the order), so the first two programs compute
        // one function; the third computes another. All three are equally likely one by one.
        let sortThenDouble = try DSLProgram(parsing: "a <- [int]\nb <- SORT a\nc <- MAP (*2) b")
        let doubleThenSort = try DSLProgram(parsing: "a <- [int]\nb <- MAP (*2) a\nc <- SORT b")
        let doubleThenReverse = try DSLProgram(parsing: "a <- [int]\nb <- MAP (*2) a\nc <- REVERSE b")
        let prior = ProgramPrior(inputTypes: [.list], maximumLength: 5)
        let single = prior.logProbability(of: doubleThenReverse)
        #expect(single > -.infinity)
        #expect(prior.logProbability(of: sortThenDouble) == single && prior.logProbability(of: doubleThenSort) == single)
        // The lone program is the cheapest, so a choice by single programs (ties to the cheaper)
        // would return it.
        let fits = [SearchFit(program: doubleThenReverse, cost: 1), SearchFit(program: sortThenDouble, cost: 2),
                    SearchFit(program: doubleThenSort, cost: 3)]
        let chosen = try #require(BehaviourClasses().choose(among: fits, inputTypes: [.list], visibleCount: 3, prior: prior))
        #expect(chosen.program == sortThenDouble)
        // Alone, it is returned; with no fit there is nothing to return.
        #expect(BehaviourClasses().choose(among: [fits[0]], inputTypes: [.list], visibleCount: 3, prior: prior)?.program == doubleThenReverse)
        #expect(BehaviourClasses().choose(among: [], inputTypes: [.list], visibleCount: 3, prior: prior) == nil)
        #expect(abs(logSumExp([log(0.25), log(0.5)]) - log(0.75)) < 1e-12 && logSumExp([]) == -.infinity)
    }

    @Test("the table of how often a kept draw's examples are kept matches a fresh measurement")
    func exampleAcceptanceTableMatchesTheGenerator() {
        // Programs drawn per task follow a geometric law: with 2,000 tasks the measured rate's
        // standard error is p·√((1 − p)/2000), under 0.007 for every length here.
        var generator = DSLTaskGenerator(seed: 2)
        for length in 1...5 {
            let measured = generator.measuredExampleAcceptance(length: length, tasks: 2_000)
            let table = DSLTaskGenerator.exampleAcceptance[length - 1]
            #expect(abs(measured - table) < 0.035, "length \(length): measured \(measured), table \(table)")
        }
        #expect(DSLTaskGenerator.exampleAcceptance.count == DSLTaskGenerator.lengthRange.count)
        #expect(zip(DSLTaskGenerator.exampleAcceptance, DSLTaskGenerator.exampleAcceptance.dropFirst()).allSatisfy { $0 > $1 })
    }

    @Test("a function defined on fewer inputs explains examples inside its domain better, until the generator would rarely have kept it")
    func behaviourClassesWeighDefinedness() throws {
        // On inputs of 0s and 4s, squaring and multiplying by 4 agree. Squaring leaves [-256, 255]
        // for any element beyond ±15 and ×4 only beyond ±63, so squaring is defined on fewer of
        // the generator's inputs: visible inputs that all keep it defined favour it, although
        // both programs are equally likely a priori and ×4 is the cheaper fit.
        let timesFour = try DSLProgram(parsing: "a <- [int]\nb <- MAP (*4) a")
        let square = try DSLProgram(parsing: "a <- [int]\nb <- MAP (**2) a")
        let prior = ProgramPrior(inputTypes: [.list], maximumLength: 5)
        #expect(prior.logProbability(of: timesFour) == prior.logProbability(of: square))
        let fits = [SearchFit(program: timesFour, cost: 1), SearchFit(program: square, cost: 2)]
        let classes = BehaviourClasses()
        #expect(classes.choose(among: fits, inputTypes: [.list], visibleCount: 3, prior: prior)?.program == square)
        // The factor grows with the visible examples and shrinks as the function is defined more
        // often, until the generator could rarely have found enough defined runs to keep the task:
        // a function defined on no probe gains less than one defined on two.
        let everywhere = classes.logInputLikelihood(definedProbes: classes.probeCount, visibleCount: 5)
        let half = classes.logInputLikelihood(definedProbes: classes.probeCount / 2, visibleCount: 5)
        #expect(abs(everywhere) < 0.1)
        #expect(abs(half - 5 * log(2)) < 0.1)
        #expect(classes.logInputLikelihood(definedProbes: classes.probeCount / 2, visibleCount: 3) < half)
        #expect(classes.logInputLikelihood(definedProbes: 0, visibleCount: 5) < classes.logInputLikelihood(definedProbes: 2, visibleCount: 5) - 5)
        // The binomial tail against its direct sum: P(X ≥ 2) for X ~ Binomial(3, ½) is ½.
        #expect(abs(logBinomialTail(trials: 3, rate: 0.5, atLeast: 2) - log(0.5)) < 1e-12)
        #expect(logBinomialTail(trials: 3, rate: 0.5, atLeast: 0) == 0 && logBinomialTail(trials: 3, rate: 0, atLeast: 1) == -.infinity)
    }

    @Test("the guided solver solves most of a seeded set of length-3 tasks, returning only programs that fit")
    func guidedSolverSolvesSeededTasks() throws {
        // Length 3 is where several programs often fit the visible examples; the returned one
        // must pass every hidden example on most tasks.
        let tasks = DSLTaskGenerator.tasks(lengths: [3], perLength: 8, seed: 31)
        var solved = 0
        for task in tasks {
            let result = GuidedSolver().solve(task, timeLimit: .seconds(2))
            if let program = result.program {
                #expect(task.fitsVisible(program))
                if task.isSolved(by: program) { solved += 1 }
            }
        }
        #expect(solved >= 6, "\(solved) of \(tasks.count) solved")
    }

    @Test("a task with a list longer than the search takes is answered with no program, not searched")
    func oversizedListsAreNotSearched() {
        let huge = DSLValue.list([Int](repeating: 1, count: searchableListLength + 1))
        let examples = (0..<3).map { _ in DSLExample(inputs: [huge], output: huge) }
        let task = DSLTask(id: "t", inputTypes: [.list], length: 1, visible: examples, hidden: examples)
        for solver: any DSLSolver in [BreadthFirstSolver(), GuidedSolver()] {
            let result = solver.solve(task, timeLimit: .seconds(1))
            #expect(result.program == nil && result.nodes == 0, "\(solver.name)")
        }
    }

    @Test("the pruned search still finds every generated task's own program among its fits")
    func collectedFitsHoldTheTaskProgram() throws {
        // Short tasks, searched to exhaustion: the task's own program, or the same program with
        // independent statements or a commutative ZIPWITH's arguments swapped, must be a fit.
        let tasks = DSLTaskGenerator.tasks(lengths: [1, 2, 3], perLength: 6, seed: 4_242)
        let solver = GuidedSolver(collectionMargin: 4)
        for task in tasks {
            let options = ProgramSearch.Options(maximumLength: task.length, prunesEquivalent: true, requiresEveryInput: true,
                                                minimumBoundStep: 0.5, collectsFits: true, collectionMargin: .infinity)
            let (_, fits) = runSearch(task, candidates: solver.candidates(for: task), options: options, timeLimit: .seconds(20))
            let solution = try #require(task.solution)
            #expect(fits.contains { task.isSolved(by: $0.program) }, "\(task.id): \(solution.lines.joined(separator: "; "))")
        }
    }

    /// Every well-typed program of `length` statements after `inputTypes`.
    static func programs(inputTypes: [DSLType], length: Int) -> [DSLProgram] {
        var partial: [[DSLStatement]] = [[]]
        for _ in 0..<length {
            var next: [[DSLStatement]] = []
            for statements in partial {
                let types = inputTypes + statements.map(\.function.resultType)
                for (function, lambda) in choices {
                    var argumentLists: [[Int]] = [[]]
                    for type in function.argumentTypes {
                        argumentLists = argumentLists.flatMap { list in types.indices.filter { types[$0] == type }.map { list + [$0] } }
                    }
                    for arguments in argumentLists { next.append(statements + [DSLStatement(function, lambda, arguments)]) }
                }
            }
            partial = next
        }
        return partial.compactMap { try? DSLProgram(inputTypes: inputTypes, statements: $0) }
    }
}

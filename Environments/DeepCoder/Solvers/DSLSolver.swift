import Tensor

/// What a solver returns for one task.
public struct DSLSolveResult: Sendable {
    /// The program found, which passes every visible example; nil when none was found in time.
    public var program: DSLProgram?
    /// Statements the search tried.
    public var nodes: Int
    /// Wall-clock seconds spent.
    public var seconds: Double
    /// Whether the time limit ended the search.
    public var timedOut: Bool

    public init(program: DSLProgram?, nodes: Int, seconds: Double, timedOut: Bool) {
        self.program = program
        self.nodes = nodes
        self.seconds = seconds
        self.timedOut = timedOut
    }
}

/// Finds a program that fits a task's visible examples (it never looks at the hidden ones).
public protocol DSLSolver: Sendable {
    /// A short name for reports (`bfs`, `guided`).
    var name: String { get }
    /// Searches for at most `timeLimit`.
    func solve(_ task: DSLTask, timeLimit: Duration) -> DSLSolveResult
}

/// The baseline: plain breadth-first enumeration of programs by length (all programs of length 1,
/// then 2, …), functions and lambdas in the spec's order, arguments in variable order; the first
/// program fitting the visible examples is returned. Only statements undefined on a visible
/// example are cut.
public struct BreadthFirstSolver: DSLSolver {
    /// The longest program tried.
    public var maximumLength: Int

    public init(maximumLength: Int = 5) { self.maximumLength = maximumLength }

    public var name: String { "bfs" }

    public func solve(_ task: DSLTask, timeLimit: Duration) -> DSLSolveResult {
        let candidates = DSLFunction.allCases.flatMap { function in
            function.lambdaKind.map { kind in DSLLambda.all(of: kind).map { SearchCandidate(function: function, lambda: $0, cost: 1) } }
                ?? [SearchCandidate(function: function, lambda: nil, cost: 1)]
        }
        return runSearch(task, candidates: candidates,
                         options: ProgramSearch.Options(maximumLength: maximumLength, prunesEquivalent: false, minimumBoundStep: 1),
                         timeLimit: timeLimit).result
    }
}

/// The longest list a solver searches on. The search keeps every variable's value on every
/// example in a block sized by the longest list, so a hand-written task file with a huge list
/// would otherwise cost many times its size in memory; no generated task comes near it.
let searchableListLength = 100_000

/// Runs a ``ProgramSearch`` on the task's visible examples and checks what it returns; also gives
/// every fit the search collected (none for a task whose examples it cannot search).
func runSearch(_ task: DSLTask, candidates: [SearchCandidate], options: ProgramSearch.Options,
               timeLimit: Duration) -> (result: DSLSolveResult, fits: [SearchFit]) {
    let clock = ContinuousClock()
    let start = clock.now
    guard !task.visible.isEmpty, task.visible.allSatisfy({ $0.inputs.map(\.type) == task.inputTypes }),
          task.visible.allSatisfy({ $0.output.type == task.visible[0].output.type }),
          task.visible.allSatisfy({ example in
              (example.inputs + [example.output]).allSatisfy { $0.elementCount <= searchableListLength }
          }) else {
        return (DSLSolveResult(program: nil, nodes: 0, seconds: 0, timedOut: false), [])
    }
    let search = ProgramSearch(examples: task.visible, inputTypes: task.inputTypes, candidates: candidates,
                               options: options, deadline: start + timeLimit)
    var program = search.run()
    // The search applies functions on its own copy of the values; the interpreter has the last word.
    if let found = program, !task.fitsVisible(found) { program = nil }
    let elapsed = clock.now - start
    return (DSLSolveResult(program: program, nodes: search.nodes, seconds: elapsed.seconds, timedOut: search.timedOut), search.fits)
}

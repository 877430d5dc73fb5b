/// One choice of the search: a function with its lambda, and what choosing it costs.
struct SearchCandidate: Sendable {
    var function: DSLFunction
    var lambda: DSLLambda?
    var cost: Double
}

/// The enumerative search both solvers share: a depth-first walk over straight-line programs,
/// bounded by a total cost and repeated with larger bounds (iterative deepening, as IDA*), that
/// keeps each variable's values on every visible example so each new statement costs one
/// function application per example.
///
/// With every candidate costing 1 the bounds are program lengths, and the walk is plain
/// breadth-first enumeration by length. Statements undefined on a visible example are always cut
/// (every program holding one fails that example). With ``Options/prunesEquivalent`` the search
/// also cuts what cannot lead to a new program: a statement whose values on all examples equal an
/// existing variable's, a second argument order of a commutative ZIPWITH, and prefixes holding
/// more unused statements than the remaining statements can consume (dead code).
struct ProgramSearch {
    struct Options {
        var maximumLength = 5
        var prunesEquivalent = false
        /// The smallest increase of the cost bound between rounds.
        var minimumBoundStep = 1.0
        /// Whether a round that finds a program goes on to find the cheapest under its bound
        /// (tightening the bound to each find), rather than stopping at the first.
        var returnsCheapest = false
        /// With ``returnsCheapest``: what a found program pays for each ``GuideAttributes`` entry it
        /// does not use (`-ln(1 - p)`), added to its cost to score it; the search goes on raising
        /// its bound until no cheaper-scoring program can remain. Empty: nothing is added.
        var absenceCosts: [Double] = []
    }

    let inputTypes: [DSLType]
    let targets: [DSLValue]
    let candidates: [SearchCandidate]
    let options: Options
    let deadline: ContinuousClock.Instant

    private(set) var nodes = 0
    private(set) var timedOut = false
    private var values: [[DSLValue]]
    private var types: [DSLType]
    private var useCounts: [Int]
    private var statements: [DSLStatement] = []
    /// Per statement: its candidate's index and its arguments, to order independent neighbours.
    private var keys: [(candidate: Int, first: Int, second: Int)] = []
    private var bound = 0.0
    private var smallestExceeding = Double.infinity
    private var found: DSLProgram?
    private var foundScore = Double.infinity
    private let clock = ContinuousClock()
    private let minimumCost: Double

    /// A search for a program mapping the examples' inputs to their outputs.
    init(examples: [DSLExample], inputTypes: [DSLType], candidates: [SearchCandidate], options: Options,
         deadline: ContinuousClock.Instant) {
        self.inputTypes = inputTypes
        targets = examples.map(\.output)
        self.candidates = candidates.sorted { $0.cost < $1.cost }
        self.options = options
        self.deadline = deadline
        values = inputTypes.indices.map { index in examples.map { $0.inputs[index] } }
        types = inputTypes
        useCounts = [Int](repeating: 0, count: inputTypes.count)
        minimumCost = candidates.map(\.cost).min() ?? 1
    }

    /// The first program found under the smallest cost bound that holds one, or nil when the
    /// space is exhausted or the deadline passes.
    mutating func run() -> DSLProgram? {
        guard !candidates.isEmpty, !targets.isEmpty else { return nil }
        bound = minimumCost
        while true {
            smallestExceeding = .infinity
            search(depth: 0, cost: 0)
            if timedOut || smallestExceeding == .infinity { return found }
            // Every program left costs more than the bound, and a program's score is at least its cost.
            if found != nil && foundScore <= bound + 1e-9 { return found }
            bound = Swift.max(smallestExceeding, bound + options.minimumBoundStep)
        }
    }

    private mutating func search(depth: Int, cost: Double) {
        let remaining = options.maximumLength - depth - 1
        for (candidateIndex, candidate) in candidates.enumerated() {
            let total = cost + candidate.cost
            if total > bound + 1e-9 {
                smallestExceeding = Swift.min(smallestExceeding, total)
                break
            }
            if total >= foundScore - 1e-9 { break }
            let function = candidate.function
            let argumentTypes = function.argumentTypes
            let firstType = argumentTypes[0]
            let secondType: DSLType? = argumentTypes.count > 1 ? argumentTypes[1] : nil
            for first in types.indices where types[first] == firstType {
                if let secondType {
                    for second in types.indices where types[second] == secondType {
                        if options.prunesEquivalent, function == .zipWith, second < first, candidate.lambda!.isCommutative { continue }
                        visit(candidate, candidateIndex, first, second, depth: depth, cost: total, remaining: remaining)
                        if stops { return }
                    }
                } else {
                    visit(candidate, candidateIndex, first, nil, depth: depth, cost: total, remaining: remaining)
                    if stops { return }
                }
            }
        }
    }

    /// What the statements so far pay for the attributes they leave unused.
    private func absencePenalty() -> Double {
        guard !options.absenceCosts.isEmpty else { return 0 }
        var used = [Bool](repeating: false, count: options.absenceCosts.count)
        for statement in statements {
            used[GuideAttributes.index(of: statement.function)] = true
            if let lambda = statement.lambda { used[GuideAttributes.index(of: lambda)] = true }
        }
        var total = 0.0
        for (index, cost) in options.absenceCosts.enumerated() where !used[index] { total += cost }
        return total
    }

    /// Whether the walk ends now: out of time, or a program found and the first one wanted.
    private var stops: Bool { timedOut || (found != nil && !options.returnsCheapest) }

    private mutating func visit(_ candidate: SearchCandidate, _ candidateIndex: Int, _ first: Int, _ second: Int?, depth: Int,
                                cost: Double, remaining: Int) {
        // Two neighbouring statements where the second does not read the first can be swapped
        // without changing the program's meaning or cost: only one order is walked.
        let key = (candidate: candidateIndex, first: first, second: second ?? -1)
        if options.prunesEquivalent, let previous = keys.last {
            let previousVariable = values.count - 1
            if first != previousVariable && second != previousVariable && key < previous { return }
        }
        nodes += 1
        if nodes & 1023 == 0, clock.now >= deadline {
            timedOut = true
            return
        }
        let function = candidate.function
        let isFinalType = function.resultType == targets[0].type
        // With no depth left, only a match counts.
        if remaining == 0 && !isFinalType { return }
        var matches = isFinalType
        var column: [DSLValue] = []
        column.reserveCapacity(targets.count)
        for example in targets.indices {
            let a = values[first][example]
            let b = second.map { values[$0][example] }
            guard let value = function.apply(candidate.lambda, a, b), value.isInRange else { return }
            if matches && value != targets[example] {
                matches = false
                if remaining == 0 { return }
            }
            column.append(value)
        }
        if options.prunesEquivalent {
            for existing in values where existing == column { return }
        }
        // Statements not used later, counting this one.
        useCounts[first] += 1
        if let second { useCounts[second] += 1 }
        defer {
            useCounts[first] -= 1
            if let second { useCounts[second] -= 1 }
        }
        var unused = 1
        if options.prunesEquivalent {
            for index in inputTypes.count..<useCounts.count where useCounts[index] == 0 { unused += 1 }
        }
        let statement = DSLStatement(function, candidate.lambda, second.map { [first, $0] } ?? [first])
        if matches && unused == 1 {
            statements.append(statement)
            let score = cost + absencePenalty()
            if score < foundScore - 1e-9, let program = try? DSLProgram(inputTypes: inputTypes, statements: statements) {
                found = program
                foundScore = score
            }
            statements.removeLast()
            return
        }
        guard remaining > 0 else { return }
        if options.prunesEquivalent {
            // Each later statement consumes at most two unused variables and adds one.
            if unused > remaining + 1 { return }
            let least = cost + Double(unused - 1) * minimumCost
            if least > bound + 1e-9 || least >= foundScore - 1e-9 { return }
        }
        values.append(column)
        types.append(function.resultType)
        useCounts.append(0)
        statements.append(statement)
        keys.append(key)
        search(depth: depth + 1, cost: cost)
        values.removeLast()
        types.removeLast()
        useCounts.removeLast()
        statements.removeLast()
        keys.removeLast()
    }
}

extension DSLLambda {
    /// Whether `f(x, y) == f(y, x)` for all integers.
    var isCommutative: Bool { self == .add || self == .multiply || self == .minimum || self == .maximum }
}

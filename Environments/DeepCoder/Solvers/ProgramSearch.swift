/// One choice of the search: a function with its lambda, and what choosing it costs.
struct SearchCandidate: Sendable {
    var function: DSLFunction
    var lambda: DSLLambda?
    var cost: Double
}

/// A program the search found to fit the visible examples, with its search cost.
struct SearchFit {
    var program: DSLProgram
    var cost: Double
}

/// The enumerative search both solvers share: a depth-first walk over straight-line programs,
/// bounded by a total cost and repeated with larger bounds (iterative deepening, as IDA*), that
/// keeps each variable's values on every visible example so each new statement costs one
/// function application per example. The values live in one preallocated block
/// (``SearchValues``), so the walk allocates nothing per statement.
///
/// With every candidate costing 1 the bounds are program lengths, and the walk is plain
/// breadth-first enumeration by length. Statements undefined on a visible example are always cut
/// (every program holding one fails that example). With ``Options/prunesEquivalent`` the search
/// also cuts what cannot lead to a new program: a statement whose values on all examples equal an
/// existing variable's, a second argument order of a commutative ZIPWITH, a second order of two
/// neighbouring statements that do not read each other, and prefixes holding more unused
/// statements than the remaining statements can consume (dead code).
final class ProgramSearch {
    struct Options {
        var maximumLength = 5
        var prunesEquivalent = false
        /// Whether every input must be read by some statement (with ``prunesEquivalent``), as in
        /// the generator's programs, which hold no dead inputs.
        var requiresEveryInput = false
        /// The smallest increase of the cost bound between rounds.
        var minimumBoundStep = 1.0
        /// Whether the search goes on after the first fit, collecting every fit whose cost is at
        /// most the first one's plus ``collectionMargin`` (or until the deadline); false: the
        /// first fit ends the search.
        var collectsFits = false
        /// With ``collectsFits``: how far above the cheapest fit's cost the bound may rise.
        var collectionMargin = 0.0
        /// With ``collectsFits``: the most fits kept (the search stops when it has them).
        var collectionLimit = 4_096
        /// The most statements tried before the search gives up as if out of time (for runs
        /// that must not depend on the machine's speed).
        var nodeLimit = Int.max
    }

    let inputTypes: [DSLType]
    let candidates: [SearchCandidate]
    let options: Options
    let deadline: ContinuousClock.Instant

    // The walk's state opts out of Swift's run-time exclusivity check: every access to a
    // class's stored property otherwise calls into the runtime, a third of the search's time.
    // The check only catches an access that begins while another to the same property is under
    // way; the walk's accesses are all instantaneous, on one thread.
    @exclusivity(unchecked) private(set) var nodes = 0
    @exclusivity(unchecked) private(set) var timedOut = false
    /// The fits found, in the order found (each program once).
    @exclusivity(unchecked) private(set) var fits: [SearchFit] = []

    private let values: SearchValues
    private let targetType: DSLType
    @exclusivity(unchecked) private var types: [DSLType]
    @exclusivity(unchecked) private var useCounts: [Int]
    @exclusivity(unchecked) private var statements: [DSLStatement] = []
    /// Per statement: its candidate's index and its arguments, to order independent neighbours.
    @exclusivity(unchecked) private var keys: [(candidate: Int, first: Int, second: Int)] = []
    @exclusivity(unchecked) private var bound = 0.0
    @exclusivity(unchecked) private var smallestExceeding = Double.infinity
    @exclusivity(unchecked) private var seen: Set<[DSLStatement]> = []
    private let clock = ContinuousClock()
    private let minimumCost: Double

    /// A search for a program mapping the examples' inputs to their outputs.
    /// - Precondition: every example's inputs have `inputTypes`.
    init(examples: [DSLExample], inputTypes: [DSLType], candidates: [SearchCandidate], options: Options,
         deadline: ContinuousClock.Instant) {
        self.inputTypes = inputTypes
        self.candidates = candidates.sorted { $0.cost < $1.cost }
        self.options = options
        self.deadline = deadline
        values = SearchValues(examples: examples, variableCount: inputTypes.count + options.maximumLength)
        targetType = examples.first?.output.type ?? .list
        types = inputTypes
        useCounts = [Int](repeating: 0, count: inputTypes.count)
        minimumCost = candidates.map(\.cost).min() ?? 1
    }

    /// The first fit (or, collecting, the first of those collected) under the smallest cost bound
    /// that holds one, or nil when the space is exhausted or the deadline passes first.
    @discardableResult
    func run() -> DSLProgram? {
        guard !candidates.isEmpty, values.exampleCount > 0 else { return nil }
        bound = minimumCost
        while true {
            smallestExceeding = .infinity
            search(depth: 0, cost: 0)
            if timedOut || smallestExceeding == .infinity || stops { break }
            var next = Swift.max(smallestExceeding, bound + options.minimumBoundStep)
            if let cheapest = fits.map(\.cost).min() {
                let ceiling = cheapest + options.collectionMargin
                if bound >= ceiling - 1e-9 { break }
                next = Swift.min(next, ceiling)
            }
            bound = next
        }
        return fits.first?.program
    }

    /// Whether the walk ends now: a fit found and no more wanted.
    private var stops: Bool {
        !fits.isEmpty && (!options.collectsFits || fits.count >= options.collectionLimit)
    }

    private func search(depth: Int, cost: Double) {
        let remaining = options.maximumLength - depth - 1
        // Variables no statement reads yet (inputs only when they must be read).
        var unusedNow = 0
        if options.prunesEquivalent {
            let start = options.requiresEveryInput ? 0 : inputTypes.count
            for index in start..<useCounts.count where useCounts[index] == 0 { unusedNow += 1 }
            // The last statement can read at most two of them.
            if remaining == 0 && unusedNow > 2 { return }
        }
        for (candidateIndex, candidate) in candidates.enumerated() {
            let total = cost + candidate.cost
            if total > bound + 1e-9 {
                smallestExceeding = Swift.min(smallestExceeding, total)
                break
            }
            let function = candidate.function
            // With no depth left, only the outputs' type can match.
            if remaining == 0 && function.resultType != targetType { continue }
            let argumentTypes = function.argumentTypes
            let firstType = argumentTypes[0]
            let secondType: DSLType? = argumentTypes.count > 1 ? argumentTypes[1] : nil
            for first in types.indices where types[first] == firstType {
                if let secondType {
                    for second in types.indices where types[second] == secondType {
                        if options.prunesEquivalent, function == .zipWith, second < first, candidate.lambda!.isCommutative { continue }
                        visit(candidate, candidateIndex, first, second, depth: depth, cost: total, remaining: remaining,
                              unusedNow: unusedNow)
                        if timedOut || stops { return }
                    }
                } else {
                    visit(candidate, candidateIndex, first, -1, depth: depth, cost: total, remaining: remaining, unusedNow: unusedNow)
                    if timedOut || stops { return }
                }
            }
        }
    }

    /// Tries one statement (`second` is -1 for a function of one variable).
    private func visit(_ candidate: SearchCandidate, _ candidateIndex: Int, _ first: Int, _ second: Int, depth: Int,
                       cost: Double, remaining: Int, unusedNow: Int) {
        // Two neighbouring statements where the second does not read the first can be swapped
        // without changing the program's meaning or cost: only one order is walked.
        let key = (candidate: candidateIndex, first: first, second: second)
        if options.prunesEquivalent, let previous = keys.last {
            let previousVariable = types.count - 1
            if first != previousVariable && second != previousVariable && key < previous { return }
        }
        // Variables not read after this statement, counting it: checked before any work.
        var unused = 1
        if options.prunesEquivalent {
            let start = options.requiresEveryInput ? 0 : inputTypes.count
            var consumed = first >= start && useCounts[first] == 0 ? 1 : 0
            if second >= start && second != first && useCounts[second] == 0 { consumed += 1 }
            unused = unusedNow + 1 - consumed
            // Each later statement consumes at most two unused variables and adds one.
            if unused > remaining + 1 { return }
            let least = cost + Double(unused - 1) * minimumCost
            if least > bound + 1e-9 { return }
        }
        nodes += 1
        if nodes & 1023 == 0, clock.now >= deadline || nodes >= options.nodeLimit {
            timedOut = true
            return
        }
        let function = candidate.function
        let resultType = function.resultType
        let variable = types.count
        if remaining == 0 {
            // The last statement: only a match counts, and it is known at the first example that differs.
            guard unused == 1, values.applyMatchesTarget(function, candidate.lambda, first, second, into: variable) else { return }
            if options.prunesEquivalent {
                for existing in 0..<variable where types[existing] == resultType && values.equal(existing, variable) { return }
            }
            statements.append(DSLStatement(function, candidate.lambda, second >= 0 ? [first, second] : [first]))
            record(cost: cost)
            statements.removeLast()
            return
        }
        guard values.apply(function, candidate.lambda, first, second, into: variable) else { return }
        let matches = resultType == targetType && values.equalsTarget(variable)
        if options.prunesEquivalent {
            for existing in 0..<variable where types[existing] == resultType && values.equal(existing, variable) { return }
        }
        let statement = DSLStatement(function, candidate.lambda, second >= 0 ? [first, second] : [first])
        if matches && unused == 1 {
            statements.append(statement)
            record(cost: cost)
            statements.removeLast()
            return
        }
        useCounts[first] += 1
        if second >= 0 { useCounts[second] += 1 }
        types.append(resultType)
        useCounts.append(0)
        statements.append(statement)
        keys.append(key)
        search(depth: depth + 1, cost: cost)
        types.removeLast()
        useCounts.removeLast()
        statements.removeLast()
        keys.removeLast()
        useCounts[first] -= 1
        if second >= 0 { useCounts[second] -= 1 }
    }

    /// Keeps the current statements as a fit, once (later rounds walk the same programs again).
    private func record(cost: Double) {
        guard !seen.contains(statements) else { return }
        seen.insert(statements)
        if let program = try? DSLProgram(inputTypes: inputTypes, statements: statements) {
            fits.append(SearchFit(program: program, cost: cost))
        }
    }
}

extension DSLLambda {
    /// Whether `f(x, y) == f(y, x)` for all integers.
    var isCommutative: Bool { self == .add || self == .multiply || self == .minimum || self == .maximum }
}

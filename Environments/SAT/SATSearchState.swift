/// An assignment of a formula's variables with the counts local search reads, kept up to date
/// flip by flip in time proportional to the flipped variable's occurrences (the bookkeeping of
/// WalkSAT implementations).
///
/// - `breakCount[v]`: clauses that hold only through `v` (flipping `v` breaks them);
/// - `makeCount[v]`: unsatisfied clauses containing `v` (flipping `v` makes them hold), which
///   is also `v`'s number of occurrences in unsatisfied clauses;
/// - the unsatisfied clauses as a list with positions, so a random one is drawn in O(1).
public struct SATSearchState: Sendable {
    /// The formula.
    public let instance: SATInstance
    /// The current value of every variable.
    public private(set) var assignment: [Bool]
    /// How many clauses break when each variable flips.
    public private(set) var breakCount: [Int32]
    /// How many unsatisfied clauses each variable appears in.
    public private(set) var makeCount: [Int32]
    /// How many times each variable appears in the formula.
    public let occurrences: [Int32]
    /// The unsatisfied clauses, in no particular order.
    public private(set) var unsatisfied: [Int32]

    private var trueLiterals: [Int32]
    private var positionInUnsatisfied: [Int32]
    /// For each variable, the flat positions of its literals (CSR layout: `clausesStart[v]..<clausesStart[v+1]`).
    private let occurrenceStart: [Int32]
    private let occurrencePositions: [Int32]

    /// The state of `instance` under `assignment`.
    public init(instance: SATInstance, assignment: [Bool]) {
        precondition(assignment.count == instance.variableCount, "SATSearchState: \(assignment.count) values for \(instance.variableCount) variables")
        self.instance = instance
        self.assignment = assignment
        let n = instance.variableCount, k = instance.k, m = instance.clauseCount
        var counts = [Int32](repeating: 0, count: n)
        for literal in instance.literals { counts[Int(literal >> 1)] += 1 }
        occurrences = counts
        var start = [Int32](repeating: 0, count: n + 1)
        for v in 0..<n { start[v + 1] = start[v] + counts[v] }
        var fill = start
        var positions = [Int32](repeating: 0, count: instance.literals.count)
        for (position, literal) in instance.literals.enumerated() {
            let v = Int(literal >> 1)
            positions[Int(fill[v])] = Int32(position)
            fill[v] += 1
        }
        occurrenceStart = start
        occurrencePositions = positions
        trueLiterals = [Int32](repeating: 0, count: m)
        positionInUnsatisfied = [Int32](repeating: -1, count: m)
        breakCount = [Int32](repeating: 0, count: n)
        makeCount = [Int32](repeating: 0, count: n)
        unsatisfied = []
        for clause in 0..<m {
            var trueCount: Int32 = 0
            var lastTrue = 0
            for position in (clause * k)..<((clause + 1) * k) where SATInstance.isTrue(instance.literals[position], under: assignment) {
                trueCount += 1
                lastTrue = Int(instance.literals[position] >> 1)
            }
            trueLiterals[clause] = trueCount
            if trueCount == 0 {
                addUnsatisfied(clause)
                for position in (clause * k)..<((clause + 1) * k) { makeCount[Int(instance.literals[position] >> 1)] += 1 }
            } else if trueCount == 1 {
                breakCount[lastTrue] += 1
            }
        }
    }

    /// Whether every clause holds.
    public var isSolved: Bool { unsatisfied.isEmpty }

    /// The variables of clause `clause`.
    public func variables(ofClause clause: Int) -> [Int] {
        let k = instance.k
        return (clause * k..<(clause + 1) * k).map { Int(instance.literals[$0] >> 1) }
    }

    /// Flips `variable` and updates every count.
    public mutating func flip(_ variable: Int) {
        let k = instance.k
        assignment[variable].toggle()
        let literals = instance.literals
        for index in Int(occurrenceStart[variable])..<Int(occurrenceStart[variable + 1]) {
            let position = Int(occurrencePositions[index])
            let clause = position / k
            let clauseStart = clause * k
            if SATInstance.isTrue(literals[position], under: assignment) {
                // The literal became true.
                trueLiterals[clause] += 1
                if trueLiterals[clause] == 1 {
                    removeUnsatisfied(clause)
                    for p in clauseStart..<(clauseStart + k) { makeCount[Int(literals[p] >> 1)] -= 1 }
                    breakCount[variable] += 1
                } else if trueLiterals[clause] == 2 {
                    // The clause's one true literal before this flip no longer holds it alone.
                    for p in clauseStart..<(clauseStart + k) where p != position && SATInstance.isTrue(literals[p], under: assignment) {
                        breakCount[Int(literals[p] >> 1)] -= 1
                    }
                }
            } else {
                trueLiterals[clause] -= 1
                if trueLiterals[clause] == 0 {
                    addUnsatisfied(clause)
                    breakCount[variable] -= 1
                    for p in clauseStart..<(clauseStart + k) { makeCount[Int(literals[p] >> 1)] += 1 }
                } else if trueLiterals[clause] == 1 {
                    for p in clauseStart..<(clauseStart + k) where SATInstance.isTrue(literals[p], under: assignment) {
                        breakCount[Int(literals[p] >> 1)] += 1
                    }
                }
            }
        }
    }

    private mutating func addUnsatisfied(_ clause: Int) {
        positionInUnsatisfied[clause] = Int32(unsatisfied.count)
        unsatisfied.append(Int32(clause))
    }

    private mutating func removeUnsatisfied(_ clause: Int) {
        let position = Int(positionInUnsatisfied[clause])
        let last = unsatisfied.removeLast()
        if Int(last) != clause {
            unsatisfied[position] = last
            positionInUnsatisfied[Int(last)] = Int32(position)
        }
        positionInUnsatisfied[clause] = -1
    }
}

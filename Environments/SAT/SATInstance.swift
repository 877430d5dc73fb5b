import Tensor

/// A formula in conjunctive normal form with `k` literals per clause, and the assignment it was
/// built to satisfy.
///
/// A literal is `2·variable + (negated ? 1 : 0)`; a clause holds `k` literals of distinct
/// variables, stored flat in ``literals``.
public struct SATInstance: Sendable, Equatable {
    /// The number of variables.
    public let variableCount: Int
    /// Literals per clause.
    public let k: Int
    /// All clauses' literals, clause after clause.
    public let literals: [Int32]
    /// An assignment satisfying every clause (the planted solution).
    public let plantedSolution: [Bool]

    /// The number of clauses.
    public var clauseCount: Int { literals.count / k }

    /// A formula from its parts; `literals.count` must be a multiple of `k`.
    public init(variableCount: Int, k: Int, literals: [Int32], plantedSolution: [Bool]) {
        precondition(k > 0 && literals.count % k == 0, "SATInstance: \(literals.count) literals do not make clauses of \(k)")
        self.variableCount = variableCount
        self.k = k
        self.literals = literals
        self.plantedSolution = plantedSolution
    }

    /// Random k-SAT with a planted solution: a uniform assignment is drawn first, then clauses
    /// of `k` distinct uniformly chosen variables with uniform signs, keeping only clauses the
    /// assignment satisfies (Achlioptas, Jia and Moore's "planted" model, "Hiding satisfying
    /// assignments", 2005, without their balancing), until there are `round(ratio · n)`.
    public static func planted(variables: Int, ratio: Double, k: Int, using generator: inout PhiloxGenerator) -> SATInstance {
        let solution = (0..<variables).map { _ in generator.nextInt(below: 2) == 1 }
        let clauses = Swift.max(1, Int((ratio * Double(variables)).rounded()))
        var literals: [Int32] = []
        literals.reserveCapacity(clauses * k)
        var chosen = [Int](repeating: 0, count: k)
        while literals.count < clauses * k {
            var satisfied = false
            for slot in 0..<k {
                var variable: Int
                repeat { variable = generator.nextInt(below: variables) } while chosen[0..<slot].contains(variable)
                chosen[slot] = variable
            }
            var clause: [Int32] = []
            for variable in chosen {
                let negated = generator.nextInt(below: 2) == 1
                if solution[variable] != negated { satisfied = true }
                clause.append(Int32(2 * variable + (negated ? 1 : 0)))
            }
            if satisfied { literals += clause }
        }
        return SATInstance(variableCount: variables, k: k, literals: literals, plantedSolution: solution)
    }

    /// Whether `assignment` satisfies every clause.
    public func isSatisfied(by assignment: [Bool]) -> Bool {
        stride(from: 0, to: literals.count, by: k).allSatisfy { start in
            (start..<(start + k)).contains { Self.isTrue(literals[$0], under: assignment) }
        }
    }

    /// Whether `literal` holds under `assignment`.
    @inline(__always)
    static func isTrue(_ literal: Int32, under assignment: [Bool]) -> Bool {
        assignment[Int(literal >> 1)] != (literal & 1 == 1)
    }
}

import Foundation

/// DeepCoder's search (Balog et al. 2017, section 4.4) on Frontier's own guide: a network reads
/// the visible examples and predicts which functions and lambdas the program uses; each choice
/// of a statement then costs `-ln p(function) - ln p(lambda)` plus a constant per statement, and
/// the search enumerates programs in order of total cost (iterative deepening on the cost
/// bound). Each program that fits is scored by its cost plus `-ln(1 - p)` for every attribute it
/// leaves unused, and the search raises its bound until no better-scoring program can remain (or
/// time runs out), so it returns the program the network finds likeliest among those that fit,
/// short ones first.
///
/// The search also prunes observationally equivalent programs: a statement whose values on the
/// visible examples repeat an existing variable's, the second argument order of a commutative
/// ZIPWITH, and prefixes whose unused statements can no longer all be used (dead code).
public struct GuidedSolver: DSLSolver {
    /// The network's weights.
    public var guide: GuideWeights
    /// The longest program tried.
    public var maximumLength: Int
    /// The cost of each statement beyond its function's and lambda's (a prior for short programs).
    public var statementCost: Double
    /// Probabilities are clipped into `[floor, 1]` before taking logs, so no choice is ruled out.
    public var probabilityFloor: Double
    /// Whether a found program also pays `-ln(1 - p)` for each function or lambda it leaves
    /// unused, so that among programs fitting the examples the one the network finds likeliest
    /// as a whole (used and unused attributes) is returned.
    public var scoresUnusedAttributes: Bool

    public init(guide: GuideWeights = .shipped, maximumLength: Int = 5, statementCost: Double = 0.5,
                probabilityFloor: Double = 1e-3, scoresUnusedAttributes: Bool = true) {
        self.scoresUnusedAttributes = scoresUnusedAttributes
        self.guide = guide
        self.maximumLength = maximumLength
        self.statementCost = statementCost
        self.probabilityFloor = probabilityFloor
    }

    public var name: String { "guided" }

    /// The candidates with their costs for a task's visible examples, and what a program pays
    /// for each attribute it leaves unused.
    func costs(for task: DSLTask) -> (candidates: [SearchCandidate], absence: [Double]) {
        let probabilities = guide.probabilities(for: task.visible)
        func cost(_ index: Int) -> Double { -Foundation.log(Swift.max(Double(probabilities[index]), probabilityFloor)) }
        let absence = probabilities.map { -Foundation.log(Swift.max(1 - Double($0), probabilityFloor)) }
        return (candidates(cost), absence)
    }

    private func candidates(_ cost: (Int) -> Double) -> [SearchCandidate] {
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
        let (candidates, absence) = costs(for: task)
        let remaining = timeLimit - (clock.now - start)
        var result = runSearch(task, candidates: candidates,
                               options: ProgramSearch.Options(maximumLength: maximumLength,
                                                              prunesEquivalent: true,
                                                              minimumBoundStep: 0.5, returnsCheapest: true,
                                                              absenceCosts: scoresUnusedAttributes ? absence : []),
                               timeLimit: remaining)
        result.seconds = (clock.now - start).seconds
        return result
    }
}

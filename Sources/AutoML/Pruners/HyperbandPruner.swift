import Foundation

/// Hyperband (Li et al., "Hyperband: A Novel Bandit-Based Approach to Hyperparameter
/// Optimization", JMLR 2018) in Optuna's asynchronous form: brackets of ASHA that differ in how
/// early they start stopping, each trial assigned to one bracket for good, and trials compared
/// only within their bracket. Brackets that stop late get fewer trials, in proportion to the
/// budget each bracket of the original algorithm spends.
public struct HyperbandPruner: Pruner {
    /// The step of the first rung of the most aggressive bracket.
    public var minimumResource: Int
    /// The step a trial runs to when it is never stopped.
    public var maximumResource: Int
    /// η.
    public var reductionFactor: Int

    /// A Hyperband pruner (η = 3, Optuna's default).
    public init(minimumResource: Int = 1, maximumResource: Int, reductionFactor: Int = 3) {
        precondition(minimumResource >= 1 && maximumResource >= minimumResource && reductionFactor >= 2,
                     "HyperbandPruner: need 1 ≤ minimumResource ≤ maximumResource and reductionFactor ≥ 2")
        self.minimumResource = minimumResource
        self.maximumResource = maximumResource
        self.reductionFactor = reductionFactor
    }

    /// s_max + 1 = ⌊log_η(max/min)⌋ + 1 brackets.
    public var bracketCount: Int {
        var count = 1, resource = minimumResource
        while resource <= maximumResource / reductionFactor {
            resource *= reductionFactor
            count += 1
        }
        return count
    }

    /// The bracket trial `number` belongs to, drawn in proportion to each bracket's budget
    /// ⌈B · η^s / (s + 1)⌉ from a hash of the number (stable across processes).
    public func bracket(ofTrial number: Int) -> Int {
        let count = bracketCount
        let budgets = (0..<count).map { index -> Int in
            let s = count - 1 - index
            return Int((Double(count) * pow(Double(reductionFactor), Double(s)) / Double(s + 1)).rounded(.up))
        }
        var remaining = Int(SamplerStream.fnv1a("trial-\(number)") % UInt64(budgets.reduce(0, +)))
        for (index, budget) in budgets.enumerated() {
            remaining -= budget
            if remaining < 0 { return index }
        }
        return count - 1
    }

    public func shouldPrune(trial: FrozenTrial, history: StudyHistory) -> Bool {
        let bracket = bracket(ofTrial: trial.number)
        let asha = ASHAPruner(minimumResource: minimumResource, reductionFactor: reductionFactor, minimumEarlyStoppingRate: bracket)
        let peers = history.trials.filter { self.bracket(ofTrial: $0.number) == bracket }
        return asha.shouldPrune(trial: trial, competitors: peers, direction: history.direction)
    }
}

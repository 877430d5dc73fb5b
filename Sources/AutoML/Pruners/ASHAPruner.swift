import Foundation

/// Asynchronous successive halving (Li et al., "A System for Massively Parallel Hyperparameter
/// Tuning", MLSys 2020; Optuna's `SuccessiveHalvingPruner`). Rung `k` sits at step
/// `minimumResource · η^(earlyStoppingRate + k)`; a trial that reaches a rung continues only if
/// its value there is in the top `1/η` of every value recorded at that rung so far (the first
/// trial at a rung always continues). No trial waits for others, so workers never idle.
///
/// A trial's value at a rung is its intermediate value at the first step it reported at or past
/// the rung; it is read from the reports, so the pruner keeps no state of its own.
public struct ASHAPruner: Pruner {
    /// The step of the first rung.
    public var minimumResource: Int
    /// η: the rung spacing, and the fraction 1/η that is promoted.
    public var reductionFactor: Int
    /// s: shifts every rung up by η^s (Hyperband's brackets differ only in it).
    public var minimumEarlyStoppingRate: Int

    /// An ASHA pruner (Optuna's defaults: η = 4, s = 0).
    public init(minimumResource: Int = 1, reductionFactor: Int = 4, minimumEarlyStoppingRate: Int = 0) {
        precondition(minimumResource >= 1 && reductionFactor >= 2 && minimumEarlyStoppingRate >= 0,
                     "ASHAPruner: minimumResource ≥ 1, reductionFactor ≥ 2, minimumEarlyStoppingRate ≥ 0")
        self.minimumResource = minimumResource
        self.reductionFactor = reductionFactor
        self.minimumEarlyStoppingRate = minimumEarlyStoppingRate
    }

    /// The step of rung `rung`.
    public func rungStep(_ rung: Int) -> Int {
        var step = minimumResource
        for _ in 0..<(minimumEarlyStoppingRate + rung) {
            let (next, overflow) = step.multipliedReportingOverflow(by: reductionFactor)
            if overflow { return Int.max }
            step = next
        }
        return step
    }

    public func shouldPrune(trial: FrozenTrial, history: StudyHistory) -> Bool {
        shouldPrune(trial: trial, competitors: history.trials, direction: history.direction)
    }

    /// The decision against `competitors` only (Hyperband passes a bracket's trials).
    func shouldPrune(trial: FrozenTrial, competitors: [FrozenTrial], direction: StudyDirection) -> Bool {
        guard let step = trial.lastStep, let latest = trial.intermediateValues[step] else { return false }
        if latest.isNaN { return true }
        var rung = 0
        while rungStep(rung) <= step {
            let rungStep = rungStep(rung)
            guard let value = Self.value(of: trial, atOrAfter: rungStep) else { return false }
            if value.isNaN { return true }
            let others = competitors.filter { $0.number != trial.number }.compactMap { Self.value(of: $0, atOrAfter: rungStep) }
            guard isPromotable(value, among: others + [value], direction: direction) else { return true }
            rung += 1
        }
        return false
    }

    /// The value at the first step at or past `step` the trial reported.
    static func value(of trial: FrozenTrial, atOrAfter step: Int) -> Double? {
        trial.intermediateValues.filter { $0.key >= step }.min { $0.key < $1.key }?.value
    }

    private func isPromotable(_ value: Double, among values: [Double], direction: StudyDirection) -> Bool {
        let losses = values.filter { !$0.isNaN }.map(direction.loss).sorted()
        let index = max(losses.count / reductionFactor - 1, 0)
        return direction.loss(value) <= losses[index]
    }
}

/// Decides whether a running trial should stop early, from its intermediate values and the
/// other trials', as Optuna's `BasePruner`. Pruners keep no state: everything they need is in
/// the history, so any worker reaches the same decision.
public protocol Pruner: Sendable {
    /// Whether `trial` (running, with its reports so far) should stop now.
    func shouldPrune(trial: FrozenTrial, history: StudyHistory) -> Bool
}

/// Never prunes.
public struct NopPruner: Pruner {
    /// The pruner.
    public init() {}

    public func shouldPrune(trial: FrozenTrial, history: StudyHistory) -> Bool { false }
}

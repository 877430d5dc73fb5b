/// Where a trial is in its life, as Optuna's `TrialState`.
public enum TrialState: String, Hashable, Sendable, Codable {
    /// Asked for and not yet told.
    case running
    /// Finished with a value.
    case complete
    /// Stopped early by a pruner; its last intermediate value still informs samplers.
    case pruned
    /// The objective threw or returned a value that is not a number.
    case failed

    /// Whether the trial has ended (it will never change again).
    public var isFinished: Bool { self != .running }
}

/// Whether the study looks for the smallest or the largest value.
public enum StudyDirection: String, Hashable, Sendable, Codable {
    case minimize
    case maximize

    /// Whether `a` is strictly better than `b` in this direction.
    public func isBetter(_ a: Double, than b: Double) -> Bool {
        self == .minimize ? a < b : a > b
    }

    /// The value with the sign that makes smaller better (what samplers and pruners rank by).
    public func loss(_ value: Double) -> Double {
        self == .minimize ? value : -value
    }
}

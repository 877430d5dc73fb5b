/// Prunes a trial whose best intermediate value so far is worse than the median of the complete
/// trials' values at the same step (Google Vizier's median stopping rule; Optuna's `MedianPruner`
/// with its defaults).
public struct MedianPruner: Pruner {
    /// Complete trials needed before anything is pruned.
    public var startupTrials: Int
    /// Steps of each trial during which it is never pruned.
    public var warmupSteps: Int
    /// Pruning is considered once per interval of steps after the warm-up.
    public var intervalSteps: Int
    /// Complete trials that must have reported the step for the median to count.
    public var minimumTrials: Int

    /// A median pruner (Optuna's defaults: 5 start-up trials, no warm-up, every step, 1 trial).
    public init(startupTrials: Int = 5, warmupSteps: Int = 0, intervalSteps: Int = 1, minimumTrials: Int = 1) {
        precondition(startupTrials >= 0 && warmupSteps >= 0 && intervalSteps >= 1 && minimumTrials >= 1,
                     "MedianPruner: counts must not be negative and intervalSteps, minimumTrials at least 1")
        self.startupTrials = startupTrials
        self.warmupSteps = warmupSteps
        self.intervalSteps = intervalSteps
        self.minimumTrials = minimumTrials
    }

    public func shouldPrune(trial: FrozenTrial, history: StudyHistory) -> Bool {
        let complete = history.trials.filter { $0.state == .complete }
        guard !complete.isEmpty, complete.count >= startupTrials else { return false }
        guard let step = trial.lastStep, step >= warmupSteps else { return false }
        // Only the first report inside each interval is judged, so reporting more often does
        // not prune more often.
        let intervalStart = ((step - warmupSteps) / intervalSteps) * intervalSteps + warmupSteps
        let previousStep = trial.intermediateValues.keys.filter { $0 != step }.max() ?? -1
        guard previousStep < intervalStart else { return false }
        let losses = trial.intermediateValues.values.filter { !$0.isNaN }.map(history.direction.loss)
        guard let best = losses.min() else { return true }
        let others = complete.compactMap { $0.intermediateValues[step] }.filter { !$0.isNaN }.map(history.direction.loss)
        guard others.count >= minimumTrials else { return false }
        return best > Statistics.percentile(others, 50)
    }
}

/// Small order statistics the pruners share.
enum Statistics {
    /// The `q`-th percentile with linear interpolation between order statistics (NumPy's default).
    static func percentile(_ values: [Double], _ q: Double) -> Double {
        let sorted = values.sorted()
        let position = q / 100 * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down)), upper = min(lower + 1, sorted.count - 1)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - Double(lower))
    }
}

import NN

/// Where a training run stands, reported after every update.
public struct TrainingProgress: Sendable {
    /// Environment steps taken so far (over all copies).
    public var step: Int
    /// Environment steps the run will take.
    public var totalSteps: Int
    /// Updates done so far.
    public var iteration: Int
    /// Seconds since training started.
    public var elapsedSeconds: Double
    /// Episodes finished so far.
    public var episodes: Int
    /// The mean return of the last (up to) 100 finished episodes, once one has finished.
    public var recentMeanReturn: Double?

    /// Environment steps per second so far.
    public var stepsPerSecond: Double { elapsedSeconds > 0 ? Double(step) / elapsedSeconds : 0 }

    /// The live line's text after a progress bar of steps: `8412 steps/s  episodes 96  return 187.3`
    /// (the mean return of the last 100 episodes).
    public var statusLine: String {
        let mean = recentMeanReturn.map { String(format: "%.1f", $0) } ?? "n/a"
        return "\(Int(stepsPerSecond.rounded())) steps/s  episodes \(episodes)  return \(mean)"
    }
}

/// What a training run reports to, and what may stop it early.
public struct TrainingHooks {
    /// Metrics as JSON lines: `charts/episodic_return` per finished episode, `losses/...` and
    /// `charts/...` per update.
    public var metrics: MetricsLog
    /// Called after every update (for a progress line).
    public var onProgress: ((TrainingProgress) -> Void)?
    /// Called after every update; returning true ends training there (for example once an
    /// evaluation shows the task solved).
    public var shouldStop: ((TrainingProgress) -> Bool)?

    /// Hooks; by default nothing is logged and nothing stops training early.
    public init(metrics: MetricsLog = .discard, onProgress: ((TrainingProgress) -> Void)? = nil,
                shouldStop: ((TrainingProgress) -> Bool)? = nil) {
        self.metrics = metrics
        self.onProgress = onProgress
        self.shouldStop = shouldStop
    }
}

/// One finished training episode, for the learning curve.
public struct EpisodeRecord: Sendable, Codable, Equatable {
    /// The environment step (over all copies) at which the episode ended.
    public var step: Int
    /// The episode's (unnormalised) return.
    public var episodeReturn: Double
    /// The episode's length in steps.
    public var length: Int
}

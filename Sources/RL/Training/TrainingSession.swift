import Foundation
import NN

/// What a finished training run reports.
public struct TrainingSummary: Sendable {
    /// Environment steps taken (over all copies).
    public var steps: Int
    /// Updates done.
    public var iterations: Int
    /// Wall-clock seconds of training.
    public var seconds: Double
    /// Every finished episode in order, for the learning curve.
    public var episodes: [EpisodeRecord]
    /// The mean return of the last (up to) 100 episodes.
    public var recentMeanReturn: Double?
    /// Why training stopped before its steps ran out, when an environment broke its contract.
    public var failure: EnvironmentFault?
}

/// The bookkeeping every algorithm shares while it steps a vector environment: the current
/// observations, the global step, finished episodes (logged as `charts/episodic_return` and
/// `charts/episodic_length`), the clock.
struct TrainingSession {
    let environments: VectorEnvironment
    private(set) var observations: [Float]
    private(set) var step = 0
    private(set) var episodes: [EpisodeRecord] = []
    private var totalSteps = 0
    private var iterations = 0
    private var start = DispatchTime.now()
    /// Time spent in stop hooks (evaluations) since `begin`, left out of the clock.
    private var pausedSeconds = 0.0

    /// Resets every copy from `seed` (copy `i` gets `seed + i`).
    init(environments: VectorEnvironment, seed: UInt64) {
        self.environments = environments
        observations = environments.reset(seed: seed).observations
    }

    /// Starts (or continues) the clock for a run of `totalSteps` more steps.
    mutating func begin(totalSteps: Int) {
        self.totalSteps = step + totalSteps
        start = DispatchTime.now()
        pausedSeconds = 0
    }

    /// Asks `hooks` whether to stop, with the clock paused: evaluations a stop hook runs are not
    /// training time (steps per second and the summary's seconds leave them out).
    mutating func shouldStop(_ hooks: TrainingHooks, _ progress: TrainingProgress) -> Bool {
        guard let shouldStop = hooks.shouldStop else { return false }
        let before = DispatchTime.now()
        let stop = shouldStop(progress)
        pausedSeconds += Double(DispatchTime.now().uptimeNanoseconds - before.uptimeNanoseconds) / 1e9
        return stop
    }

    /// Steps every copy and records the episodes that ended.
    mutating func step(_ actions: [Action], metrics: MetricsLog) -> VectorStep {
        let batch = environments.step(actions)
        step += environments.count
        observations = batch.observations
        for (_, episode) in batch.finishedEpisodes {
            episodes.append(EpisodeRecord(step: step, episodeReturn: episode.episodeReturn, length: episode.length))
            metrics.record(step: step, ["charts/episodic_return": episode.episodeReturn,
                                        "charts/episodic_length": Double(episode.length)])
        }
        return batch
    }

    /// Where the run stands after update `iteration`.
    mutating func progress(iteration: Int) -> TrainingProgress {
        iterations = iteration
        return TrainingProgress(step: step, totalSteps: totalSteps, iteration: iteration, elapsedSeconds: elapsed,
                                episodes: episodes.count, recentMeanReturn: recentMeanReturn)
    }

    private var elapsed: Double {
        max(0, Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9 - pausedSeconds)
    }

    /// Continues a saved run: the copies' current observations, the step reached and the
    /// episodes recorded so far (the environments are restored separately).
    mutating func resume(observations: [Float], step: Int, episodes: [EpisodeRecord]) {
        self.observations = observations
        self.step = step
        self.episodes = episodes
    }

    func summary() -> TrainingSummary {
        TrainingSummary(steps: step, iterations: iterations, seconds: elapsed, episodes: episodes,
                        recentMeanReturn: recentMeanReturn, failure: environments.fault)
    }

    /// The mean return of the last (up to) 100 finished episodes, as SB3's `ep_rew_mean`.
    private var recentMeanReturn: Double? {
        let recent = episodes.suffix(100)
        return recent.isEmpty ? nil : recent.reduce(0) { $0 + $1.episodeReturn } / Double(recent.count)
    }
}

extension VectorStep {
    /// Whether each copy's episode ended at this step, for either reason.
    var dones: [Bool] { zip(terminated, truncated).map { $0 || $1 } }

    /// The copies whose episode was truncated without terminating.
    var truncatedWithoutTermination: [Int] { truncated.indices.filter { truncated[$0] && !terminated[$0] } }
}

import NN

/// Evaluates the policy being trained every so many environment steps, deterministically, on
/// episodes seeded apart from training's, and stops training at the first evaluation whose mean
/// return reaches a threshold (Stable-Baselines3's `EvalCallback` with
/// `StopTrainingOnRewardThreshold`). Used as the learner's stop hook, so the clock is paused
/// while it plays. Each evaluation is logged to the metrics (`eval/mean_return`,
/// `eval/std_return`, `eval/mean_length`) and passed to `onEvaluation`, which can also stop
/// training (a search prunes a trial there).
public final class PeriodicEvaluation {
    /// Environment steps between evaluations.
    public let interval: Int
    /// Episodes per evaluation.
    public let episodes: Int
    /// Episode `i` of every evaluation starts from `reset(seed: seed + i)`.
    public let seed: UInt64
    /// Stop at the first evaluation whose mean return is at least this.
    public let stopAtReturn: Double?
    private let environment: any Environment
    private var nextStep: Int

    /// Every evaluation so far: the step it was made at and its result.
    public private(set) var evaluations: [(step: Int, result: EvaluationResult)] = []
    /// The step at which the mean return first reached ``stopAtReturn``.
    public private(set) var solvedAtStep: Int?

    /// The default evaluation seed for a run seeded with `trainingSeed`: training's copies reset
    /// from `trainingSeed + i` and then continue their streams, so a seed a billion away starts
    /// episodes training never plays from the same seed.
    public static func defaultSeed(trainingSeed: UInt64) -> UInt64 { trainingSeed &+ 1_000_000_000 }

    /// Evaluations every `interval` steps (the first after `interval` steps past `startStep`) on
    /// `environment` (with its time limit; used for nothing else).
    public init(interval: Int, episodes: Int, seed: UInt64, stopAtReturn: Double? = nil, environment: any Environment, startStep: Int = 0) {
        precondition(interval > 0 && episodes > 0, "PeriodicEvaluation: interval and episodes must be positive")
        self.interval = interval
        self.episodes = episodes
        self.seed = seed
        self.stopAtReturn = stopAtReturn
        self.environment = environment
        nextStep = startStep + interval
    }

    /// A stop hook for `learner`: evaluates when due, logs to `metrics`, and says whether to
    /// stop. An evaluation the policy or environment breaks (a non-finite action, say) is
    /// reported through `onFailure` and stops training.
    public func hook(for learner: any Learner, metrics: MetricsLog,
                     onEvaluation: ((Int, EvaluationResult) -> Bool)? = nil,
                     onFailure: ((PolicyEvaluationError) -> Void)? = nil) -> (TrainingProgress) -> Bool {
        { [self] progress in
            guard progress.step >= nextStep else { return false }
            // Catch up in whole intervals: one evaluation per update at most.
            while nextStep <= progress.step { nextStep += interval }
            let policy = LoadedPolicy(policy: learner.policy, observationStatistics: learner.observationStatistics,
                                      observationClip: learner.observationClip, environmentID: environment.metadata.id)
            let result: EvaluationResult
            do throws(PolicyEvaluationError) {
                result = try PolicyEvaluation.evaluate(policy, on: environment, episodes: episodes, seed: seed, deterministic: true)
            } catch {
                onFailure?(error)
                return true
            }
            evaluations.append((progress.step, result))
            let meanLength = Double(result.lengths.reduce(0, +)) / Double(result.lengths.count)
            metrics.record(step: progress.step, ["eval/mean_return": result.mean, "eval/std_return": result.standardDeviation,
                                                 "eval/mean_length": meanLength])
            var stop = onEvaluation?(progress.step, result) ?? false
            if let stopAtReturn, result.mean >= stopAtReturn {
                solvedAtStep = solvedAtStep ?? progress.step
                stop = true
            }
            return stop
        }
    }
}

import NN
import RL

/// Trains one trial's RL configuration with the evaluations `frontier train --eval-every` makes,
/// and feeds them to the study as intermediate values: every evaluation is reported at the step
/// it was made, and a pruner (ASHA's rungs) stops the trial there. The trial's value is the mean
/// return of its last evaluation (the study maximises it).
public struct RLTrialRunner {
    /// The environment id.
    public var environmentID: String
    /// The environment's options (`--option key=value`), for training and evaluation alike.
    public var options: EnvironmentOptions
    /// The algorithm tuned.
    public var algorithm: Algorithm
    /// Where environments come from.
    public var registry: EnvironmentRegistry
    /// Environment steps a trial trains for at most.
    public var budget: Int
    /// Steps between evaluations (ASHA's first rung sits at the first evaluation).
    public var evaluationInterval: Int
    /// Episodes per evaluation.
    public var evaluationEpisodes: Int
    /// A trial stops (complete) at the first evaluation whose mean reaches this.
    public var stopAtReturn: Double?
    /// The seed of every trial's training (trials differ by their parameters only).
    public var seed: UInt64
    /// Refuse configurations estimated above this many bytes.
    public var memoryLimit: Int

    /// A runner.
    public init(environmentID: String, options: EnvironmentOptions = [:], algorithm: Algorithm = .ppo, registry: EnvironmentRegistry,
                budget: Int, evaluationInterval: Int, evaluationEpisodes: Int = 10, stopAtReturn: Double? = nil, seed: UInt64 = 0,
                memoryLimit: Int = MemoryEstimate.defaultLimit) {
        precondition(budget > 0 && evaluationInterval > 0 && evaluationEpisodes > 0, "RLTrialRunner: budget, interval and episodes must be positive")
        self.environmentID = environmentID
        self.options = options
        self.algorithm = algorithm
        self.registry = registry
        self.budget = budget
        self.evaluationInterval = evaluationInterval
        self.evaluationEpisodes = evaluationEpisodes
        self.stopAtReturn = stopAtReturn
        self.seed = seed
        self.memoryLimit = memoryLimit
    }

    /// What one trial did.
    public struct Outcome {
        /// The trained learner (for the best trial's bundle).
        public var learner: any Learner
        /// The last evaluation's mean return (nil: no evaluation was reached).
        public var value: Double?
        /// Environment steps trained.
        public var steps: Int
        /// Whether the pruner stopped it.
        public var pruned: Bool
        /// Whether it reached ``RLTrialRunner/stopAtReturn``.
        public var solved: Bool
        /// Why training stopped early because of the environment or the policy, if it did.
        public var failure: String?
    }

    /// Trains `trial` with `parameters` (config overrides by snake_case key, over the environment's training preset).
    public func run(_ trial: Trial, parameters: [String: ParameterValue]) throws -> Outcome {
        let made = try LearnerFactory.make(algorithm, environmentID: environmentID, options: options, registry: registry,
                                           overrides: TrialConfig.overrides(parameters), seed: seed, memoryLimit: memoryLimit)
        let learner = made.learner
        let evaluation = PeriodicEvaluation(interval: evaluationInterval, episodes: evaluationEpisodes,
                                            seed: PeriodicEvaluation.defaultSeed(trainingSeed: seed), stopAtReturn: stopAtReturn,
                                            environment: try registry.make(environmentID, options: options))
        var pruned = false
        var storageError: (any Error)?
        var failure: String?
        let hook = evaluation.hook(for: learner, metrics: .discard, onEvaluation: { step, result in
            do {
                try trial.report(result.mean, step: step)
                pruned = try trial.shouldPrune()
            } catch {
                storageError = error
                return true
            }
            return pruned
        }, onFailure: { failure = "\($0)" })
        let summary = learner.train(totalSteps: learner.plannedSteps(for: budget), hooks: TrainingHooks(shouldStop: hook))
        if let storageError { throw storageError }
        if let fault = summary.failure { failure = "\(fault)" }
        let solved = evaluation.solvedAtStep != nil
        // A trial that reaches the threshold is complete even if the pruner would have stopped it there.
        return Outcome(learner: learner, value: evaluation.evaluations.last?.result.mean, steps: summary.steps,
                       pruned: pruned && !solved, solved: solved, failure: failure)
    }
}

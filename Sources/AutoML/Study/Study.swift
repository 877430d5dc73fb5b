/// A hyperparameter search, with Optuna's interface: `ask` a trial, let the objective suggest
/// parameters and report intermediate values, then `tell` the result; or `optimize` an objective
/// for a number of trials. The trials live in a ``StudyStorage``; several `Study` objects (in
/// threads or processes) on one storage and name work on one study together.
public final class Study {
    /// The study's name in its storage.
    public let name: String
    /// Which way is better.
    public let direction: StudyDirection
    /// Draws parameter values.
    public let sampler: any Sampler
    /// Decides when a running trial should stop.
    public let pruner: any Pruner
    /// Where the trials live.
    public let storage: any StudyStorage
    /// The study's id in `storage`.
    public let id: Int

    /// Opens the study `name` in `storage`, creating it when it does not exist (Optuna's
    /// `create_study(load_if_exists=True)`); an existing study must have the same direction.
    public init(name: String = "study", direction: StudyDirection = .minimize, sampler: any Sampler = TPESampler(),
                pruner: any Pruner = NopPruner(), storage: any StudyStorage = InMemoryStorage()) throws {
        self.name = name
        self.direction = direction
        self.sampler = sampler
        self.pruner = pruner
        self.storage = storage
        id = try storage.openStudy(name: name, direction: direction)
    }

    /// Every trial so far with the direction, as samplers and pruners read it.
    public func history() throws -> StudyHistory {
        StudyHistory(direction: direction, trials: try storage.trials(studyID: id))
    }

    /// Every trial so far, ordered by number.
    public func trials() throws -> [FrozenTrial] {
        try storage.trials(studyID: id)
    }

    /// The complete trial with the best value, if any.
    public func bestTrial() throws -> FrozenTrial? {
        try history().bestTrial
    }

    /// Starts a trial. Parameters the sampler draws jointly are drawn now from the finished
    /// trials; the rest when the objective suggests them.
    public func ask() throws -> Trial {
        let number = try storage.createTrial(studyID: id)
        // The history a trial samples from is fixed when it starts: later trials of other
        // workers do not change what this one draws mid-way.
        let history = try self.history()
        let space = sampler.relativeSearchSpace(history: history)
        let relative = space.isEmpty ? [:] : sampler.sampleRelative(history: history, trialNumber: number, searchSpace: space)
        return Trial(study: self, number: number, history: history, relative: relative)
    }

    /// Starts a trial and draws every active parameter of `space` at once.
    public func ask(_ space: SearchSpace) throws -> Trial {
        let trial = try ask()
        _ = try trial.sample(space)
        return trial
    }

    /// Finishes `trial` as complete with `value`; a value that is not finite fails the trial
    /// instead (as Optuna does with NaN) and the error says so.
    public func tell(_ trial: Trial, value: Double) throws {
        guard value.isFinite else {
            try storage.finishTrial(studyID: id, trial: trial.number, state: .failed, value: nil)
            throw StudyError.invalidValue(number: trial.number, value: value)
        }
        try storage.finishTrial(studyID: id, trial: trial.number, state: .complete, value: value)
    }

    /// Finishes `trial` as pruned or failed.
    public func tell(_ trial: Trial, state: TrialState) throws {
        precondition(state == .pruned || state == .failed, "tell(_:state:) takes .pruned or .failed; complete trials need a value")
        try storage.finishTrial(studyID: id, trial: trial.number, state: state, value: nil)
    }

    /// Runs `objective` on `trials` new trials in turn. A trial whose objective throws
    /// ``TrialPruned`` is recorded as pruned; one that throws anything else, or returns a value
    /// that is not finite, as failed, and the search goes on (a bad corner of the space must not
    /// end a long search). Storage errors end it.
    /// - Returns: the failures, by trial number, for the caller to show.
    @discardableResult
    public func optimize(trials count: Int, _ objective: (Trial) throws -> Double) throws -> [Int: any Error] {
        var failures: [Int: any Error] = [:]
        for _ in 0..<count {
            let trial = try ask()
            let value: Double
            do {
                value = try objective(trial)
            } catch is TrialPruned {
                try tell(trial, state: .pruned)
                continue
            } catch {
                try tell(trial, state: .failed)
                failures[trial.number] = error
                continue
            }
            do {
                try tell(trial, value: value)
            } catch let error as StudyError {
                guard case .invalidValue = error else { throw error }
                failures[trial.number] = error
            }
        }
        return failures
    }
}

/// A running trial: the objective's handle for suggesting parameters and reporting progress,
/// as Optuna's `Trial`. Suggesting a name again returns the value already drawn.
public final class Trial {
    /// The trial's number in its study.
    public let number: Int
    private let study: Study
    private let history: StudyHistory
    private let relative: [String: ParameterValue]
    /// The values suggested so far.
    public private(set) var parameters: [String: ParameterValue] = [:]
    private var distributions: [String: Distribution] = [:]

    init(study: Study, number: Int, history: StudyHistory, relative: [String: ParameterValue]) {
        self.study = study
        self.number = number
        self.history = history
        self.relative = relative
    }

    /// A value from `distribution` for the parameter `name` (validated first).
    public func suggest(_ name: String, _ distribution: Distribution) throws -> ParameterValue {
        do {
            try distribution.validate(name: name)
        } catch {
            throw StudyError.invalidSuggestion(error)
        }
        if let existing = distributions[name] {
            guard existing == distribution else { throw StudyError.distributionChanged(parameter: name, trial: number) }
            return parameters[name]!
        }
        let value: ParameterValue
        if distribution.isSingle {
            value = RandomSampler.lowest(distribution)
        } else if let drawn = relative[name], distribution.contains(drawn) {
            value = drawn
        } else {
            value = study.sampler.sampleIndependent(history: history, trialNumber: number, name: name, distribution: distribution)
        }
        try study.storage.setParameter(studyID: study.id, trial: number, name: name, distribution: distribution, value: value)
        distributions[name] = distribution
        parameters[name] = value
        return value
    }

    /// A real in `[low, high]`, on a log scale when `log`, on the grid of `step` when set.
    public func suggestFloat(_ name: String, _ low: Double, _ high: Double, log: Bool = false, step: Double? = nil) throws -> Double {
        try suggest(name, .float(low: low, high: high, log: log, step: step)).number!
    }

    /// An integer in `[low, high]` on the grid of `step`, on a log scale when `log`.
    public func suggestInt(_ name: String, _ low: Int, _ high: Int, log: Bool = false, step: Int = 1) throws -> Int {
        try suggest(name, .int(low: low, high: high, log: log, step: step)).intValue!
    }

    /// One of `choices`.
    public func suggestCategorical(_ name: String, _ choices: [ParameterValue]) throws -> ParameterValue {
        try suggest(name, .categorical(choices))
    }

    /// One of the strings in `choices`.
    public func suggestCategorical(_ name: String, _ choices: [String]) throws -> String {
        try suggest(name, .categorical(choices.map(ParameterValue.string))).stringValue!
    }

    /// Values for every parameter of `space` that is active given the others, in order
    /// (inactive conditional parameters are absent).
    public func sample(_ space: SearchSpace) throws -> [String: ParameterValue] {
        var values: [String: ParameterValue] = [:]
        for parameter in space.parameters where space.isActive(parameter, given: values) {
            values[parameter.name] = try suggest(parameter.name, parameter.distribution)
        }
        return values
    }

    /// Records an intermediate value (a validation score after `step` epochs, say) for pruners.
    public func report(_ value: Double, step: Int) throws {
        precondition(step >= 0, "report(_:step:): step must not be negative, got \(step)")
        try study.storage.setIntermediateValue(studyID: study.id, trial: number, step: step, value: value)
    }

    /// Whether the pruner would stop this trial now, given every trial in the storage (other
    /// workers' reports included).
    public func shouldPrune() throws -> Bool {
        let current = try study.history()
        guard let me = current.trials.first(where: { $0.number == number }) else { throw StudyError.unknownTrial(number) }
        return study.pruner.shouldPrune(trial: me, history: current)
    }
}

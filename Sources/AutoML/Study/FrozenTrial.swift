/// A trial as stored: its number, state, parameters, final and intermediate values. Samplers
/// and pruners see the study as a list of these.
public struct FrozenTrial: Hashable, Sendable, Codable {
    /// The trial's number in its study, from 0, never reused.
    public var number: Int
    /// Where it is in its life.
    public var state: TrialState
    /// The values suggested so far (for a finished trial, all of them).
    public var parameters: [String: ParameterValue]
    /// The distribution each parameter was drawn from.
    public var distributions: [String: Distribution]
    /// The objective's value, for complete trials.
    public var value: Double?
    /// Intermediate values reported with `report(_:step:)`, by step.
    public var intermediateValues: [Int: Double]

    /// A trial record.
    public init(number: Int, state: TrialState = .running, parameters: [String: ParameterValue] = [:],
                distributions: [String: Distribution] = [:], value: Double? = nil, intermediateValues: [Int: Double] = [:]) {
        self.number = number
        self.state = state
        self.parameters = parameters
        self.distributions = distributions
        self.value = value
        self.intermediateValues = intermediateValues
    }

    /// The last step reported, if any.
    public var lastStep: Int? { intermediateValues.keys.max() }
}

/// What samplers and pruners read: the study's direction and its trials, ordered by number.
public struct StudyHistory: Sendable {
    /// Which way is better.
    public var direction: StudyDirection
    /// Every trial, ordered by number.
    public var trials: [FrozenTrial]

    /// A history.
    public init(direction: StudyDirection, trials: [FrozenTrial]) {
        self.direction = direction
        self.trials = trials
    }

    /// The trials in `state`.
    public func trials(in states: Set<TrialState>) -> [FrozenTrial] {
        trials.filter { states.contains($0.state) }
    }

    /// The complete trial with the best value (the lowest number wins ties).
    public var bestTrial: FrozenTrial? {
        var best: FrozenTrial?
        for trial in trials where trial.state == .complete {
            guard let value = trial.value else { continue }
            if let current = best?.value, !direction.isBetter(value, than: current) { continue }
            best = trial
        }
        return best
    }
}

/// Why a study operation was refused.
public enum StudyError: Error, Equatable, CustomStringConvertible, Sendable {
    /// No study of that name exists in the storage.
    case unknownStudy(String)
    /// A study of that name exists with another direction.
    case directionMismatch(study: String, stored: StudyDirection, requested: StudyDirection)
    /// No trial of that number exists in the study.
    case unknownTrial(Int)
    /// The trial has already finished, so it cannot be told, reported or given parameters again.
    case trialFinished(number: Int, state: TrialState)
    /// The same parameter was suggested twice in one trial with different distributions.
    case distributionChanged(parameter: String, trial: Int)
    /// A suggested range is not valid.
    case invalidSuggestion(SearchSpaceError)
    /// A complete trial needs a finite value.
    case invalidValue(number: Int, value: Double)
    /// The storage failed (a database error, say), with its description.
    case storage(String)

    public var description: String {
        switch self {
        case let .unknownStudy(name): return "no study named '\(name)'"
        case let .directionMismatch(study, stored, requested):
            return "study '\(study)' was created to \(stored.rawValue), not \(requested.rawValue)"
        case let .unknownTrial(number): return "no trial number \(number)"
        case let .trialFinished(number, state): return "trial \(number) has already finished (\(state.rawValue))"
        case let .distributionChanged(parameter, trial): return "trial \(trial) suggested '\(parameter)' twice with different ranges"
        case let .invalidSuggestion(error): return "\(error)"
        case let .invalidValue(number, value): return "trial \(number): value \(value) is not finite"
        case let .storage(reason): return "study storage: \(reason)"
        }
    }
}

/// Thrown by an objective to say that its trial was pruned (Optuna's `TrialPruned`); `optimize`
/// records the trial as pruned rather than failed.
public struct TrialPruned: Error, Sendable {
    /// The error.
    public init() {}
}

/// What can be wrong with a score table or a scoring configuration. Every case names the miner,
/// environment, task or setting at fault, so a validator can report it and carry on.
public enum ScoringError: Error, Equatable, CustomStringConvertible {
    /// Two environments share a name.
    case duplicateEnvironment(String)
    /// A task id appears twice in one environment's task list.
    case duplicateTask(environment: String, task: String)
    /// Two miners share a uid.
    case duplicateUID(Int)
    /// A uid below 0 or above 65535 (a chain uid is a u16).
    case invalidUID(Int)
    /// A uid that is not in the table.
    case unknownUID(Int)
    /// An environment name that is not in the table.
    case unknownEnvironment(String)
    /// The table's task lists do not match its environments.
    case taskListCountMismatch(environments: Int, taskLists: Int)
    /// A miner's row of results does not have one entry per environment.
    case resultCountMismatch(uid: Int, environments: Int, results: Int)
    /// A miner has per-task scores for more tasks than its environment lists.
    case tooManyTaskScores(uid: Int, environment: String, scores: Int, tasks: Int)
    /// A score (or mean) that is NaN, infinite or outside [0, 1]; `task` is nil for an aggregate mean.
    case scoreOutOfRange(uid: Int, environment: String, task: String?, value: Double)
    /// Completed and expected counts that cannot be: negative, expected 0, or completed > expected.
    case invalidCounts(uid: Int, environment: String, completed: Int, expected: Int)
    /// The rule needs per-task scores (paired tests) but this miner has only an aggregate.
    case perTaskScoresRequired(rule: String, uid: Int, environment: String)
    /// A configuration value outside its allowed range.
    case invalidConfiguration(setting: String, reason: String)
    /// More miners than the configured limit (the pairwise work grows with the square).
    case tooManyMiners(count: Int, limit: Int)
    /// More environment subsets to score than the configured limit.
    case tooManySubsets(count: Double, limit: Int)

    /// A message naming the problem.
    public var description: String {
        switch self {
        case let .duplicateEnvironment(name):
            "environment '\(name)' appears twice"
        case let .duplicateTask(environment, task):
            "environment '\(environment)': task '\(task)' appears twice in its task list"
        case let .duplicateUID(uid):
            "uid \(uid) appears twice"
        case let .invalidUID(uid):
            "uid \(uid) is outside 0...65535 (a chain uid is a u16)"
        case let .unknownUID(uid):
            "uid \(uid) is not in the table"
        case let .unknownEnvironment(name):
            "environment '\(name)' is not in the table"
        case let .taskListCountMismatch(environments, taskLists):
            "\(environments) environments but \(taskLists) task lists"
        case let .resultCountMismatch(uid, environments, results):
            "uid \(uid): \(results) results for \(environments) environments"
        case let .tooManyTaskScores(uid, environment, scores, tasks):
            "uid \(uid), environment '\(environment)': \(scores) task scores but the environment lists \(tasks) tasks"
        case let .scoreOutOfRange(uid, environment, task, value):
            "uid \(uid), environment '\(environment)'\(task.map { ", task '\($0)'" } ?? ""): score \(value) is not in [0, 1]"
        case let .invalidCounts(uid, environment, completed, expected):
            "uid \(uid), environment '\(environment)': completed \(completed) of expected \(expected) is impossible"
        case let .perTaskScoresRequired(rule, uid, environment):
            "rule '\(rule)' needs per-task scores, but uid \(uid) has only an aggregate on environment '\(environment)'"
        case let .invalidConfiguration(setting, reason):
            "configuration '\(setting)': \(reason)"
        case let .tooManyMiners(count, limit):
            "\(count) miners exceed the limit of \(limit)"
        case let .tooManySubsets(count, limit):
            "\(count) environment subsets exceed the limit of \(limit); lower maxLayers"
        }
    }
}

/// One miner's result on one environment.
public enum EnvironmentResult: Sendable, Equatable, Codable {
    /// The miner was not evaluated on the environment.
    case missing
    /// Only a summary: the mean score in [0, 1] over `completed` of `expected` tasks.
    case aggregate(mean: Double, completed: Int, expected: Int)
    /// One score in [0, 1] per task of the environment's task list (same order); `nil` marks a task
    /// the miner did not complete. The array may be shorter than the list: the tail is not completed.
    case perTask([Double?])
}

/// A miner with its results, one per environment of the table.
public struct MinerScores: Sendable, Equatable, Codable {
    /// The miner's uid on the subnet (0...65535).
    public var uid: Int
    /// The miner's hotkey (public key), shown in reports.
    public var hotkey: String
    /// When the miner's submission was first seen: a block number or a Unix time. Earlier wins ties
    /// and is protected by the anti-copy filter.
    public var firstSubmitted: Int64
    /// One result per environment of the table, in the table's environment order.
    public var results: [EnvironmentResult]

    /// A miner from its fields.
    public init(uid: Int, hotkey: String, firstSubmitted: Int64, results: [EnvironmentResult]) {
        self.uid = uid
        self.hotkey = hotkey
        self.firstSubmitted = firstSubmitted
        self.results = results
    }
}

/// Everything the scoring rules read: the environments (with their task lists, when per-task
/// scores exist) and each miner's results on them.
///
/// A value type built by code, by ``ScoreTableCSV`` or decoded from JSON. Rules call
/// ``validate()`` first, so a table from a stranger cannot trap them.
public struct ScoreTable: Sendable, Equatable, Codable {
    /// Environment names in report order.
    public var environments: [String]
    /// Per environment, the ids of its tasks. For per-task results this list is the set of tasks a
    /// miner is expected to complete (its length is the expected count); empty for environments
    /// known only in aggregate.
    public var tasks: [[String]]
    /// The miners, in any order (rules order them by submission).
    public var miners: [MinerScores]

    /// A table from its parts; `tasks` defaults to an empty task list per environment.
    public init(environments: [String], tasks: [[String]]? = nil, miners: [MinerScores] = []) {
        self.environments = environments
        self.tasks = tasks ?? Array(repeating: [], count: environments.count)
        self.miners = miners
    }

    /// Adds a miner with every result missing.
    public mutating func addMiner(uid: Int, hotkey: String, firstSubmitted: Int64) throws(ScoringError) {
        guard (0...Int(UInt16.max)).contains(uid) else { throw .invalidUID(uid) }
        guard !miners.contains(where: { $0.uid == uid }) else { throw .duplicateUID(uid) }
        miners.append(MinerScores(uid: uid, hotkey: hotkey, firstSubmitted: firstSubmitted,
                                  results: Array(repeating: .missing, count: environments.count)))
    }

    /// Sets a miner's aggregate result on an environment (values are checked by ``validate()``).
    public mutating func setAggregate(uid: Int, environment: String, mean: Double, completed: Int, expected: Int) throws(ScoringError) {
        let (minerIndex, environmentIndex) = try locate(uid: uid, environment: environment)
        miners[minerIndex].results[environmentIndex] = .aggregate(mean: mean, completed: completed, expected: expected)
    }

    /// Sets a miner's per-task scores on an environment by task id; ids not yet in the
    /// environment's task list are appended to it (so they become expected of every miner).
    public mutating func setTaskScores(uid: Int, environment: String, scores: [String: Double]) throws(ScoringError) {
        let (minerIndex, environmentIndex) = try locate(uid: uid, environment: environment)
        var position: [String: Int] = [:]
        for (index, task) in tasks[environmentIndex].enumerated() { position[task] = index }
        // Sorted so the order new tasks are appended in does not depend on dictionary order.
        for task in scores.keys.sorted() where position[task] == nil {
            position[task] = tasks[environmentIndex].count
            tasks[environmentIndex].append(task)
        }
        var row = Array<Double?>(repeating: nil, count: tasks[environmentIndex].count)
        for (task, score) in scores { row[position[task]!] = score }
        miners[minerIndex].results[environmentIndex] = .perTask(row)
    }

    /// The index of the environment called `name`, if any.
    public func environmentIndex(_ name: String) -> Int? {
        environments.firstIndex(of: name)
    }

    /// Throws the first inconsistency: duplicate names, tasks or uids, uids outside 0...65535,
    /// scores outside [0, 1] or not finite, impossible completed/expected counts.
    public func validate() throws(ScoringError) {
        var seenEnvironments = Set<String>()
        for name in environments where !seenEnvironments.insert(name).inserted { throw .duplicateEnvironment(name) }
        guard tasks.count == environments.count else {
            throw .taskListCountMismatch(environments: environments.count, taskLists: tasks.count)
        }
        for (index, list) in tasks.enumerated() {
            var seen = Set<String>(minimumCapacity: list.count)
            for task in list where !seen.insert(task).inserted {
                throw .duplicateTask(environment: environments[index], task: task)
            }
        }
        var seenUIDs = Set<Int>()
        for miner in miners {
            guard (0...Int(UInt16.max)).contains(miner.uid) else { throw .invalidUID(miner.uid) }
            guard seenUIDs.insert(miner.uid).inserted else { throw .duplicateUID(miner.uid) }
            guard miner.results.count == environments.count else {
                throw .resultCountMismatch(uid: miner.uid, environments: environments.count, results: miner.results.count)
            }
            for (index, result) in miner.results.enumerated() {
                try Self.validate(result, uid: miner.uid, environment: environments[index], tasks: tasks[index])
            }
        }
    }

    private static func validate(_ result: EnvironmentResult, uid: Int, environment: String, tasks: [String]) throws(ScoringError) {
        switch result {
        case .missing:
            break
        case let .aggregate(mean, completed, expected):
            guard mean.isFinite, (0...1).contains(mean) else {
                throw .scoreOutOfRange(uid: uid, environment: environment, task: nil, value: mean)
            }
            guard expected > 0, completed >= 0, completed <= expected else {
                throw .invalidCounts(uid: uid, environment: environment, completed: completed, expected: expected)
            }
        case let .perTask(scores):
            guard scores.count <= tasks.count else {
                throw .tooManyTaskScores(uid: uid, environment: environment, scores: scores.count, tasks: tasks.count)
            }
            for (index, score) in scores.enumerated() {
                if let score, !(score.isFinite && (0...1).contains(score)) {
                    throw .scoreOutOfRange(uid: uid, environment: environment, task: tasks[index], value: score)
                }
            }
        }
    }

    private func locate(uid: Int, environment: String) throws(ScoringError) -> (Int, Int) {
        guard let minerIndex = miners.firstIndex(where: { $0.uid == uid }) else { throw .unknownUID(uid) }
        guard let environmentIndex = environmentIndex(environment) else { throw .unknownEnvironment(environment) }
        return (minerIndex, environmentIndex)
    }
}

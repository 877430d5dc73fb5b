import Foundation

/// A validated score table laid out for the rules' inner loops: miners in submission order
/// (first submitted, then uid), flat arrays indexed `position * environmentCount + environment`,
/// per-task scores as dense rows with NaN for a task not completed, and the completeness gate
/// folded into one bit mask per miner.
struct PreparedScores {
    let environments: [String]
    let environmentCount: Int
    /// Miners in submission order.
    let miners: [MinerScores]
    /// Mean over completed tasks; NaN when nothing was completed.
    let means: [Double]
    let completed: [Int]
    let expected: [Int]
    /// Whether the result is per-task (so pairs can be compared on their common tasks).
    let hasTaskScores: [Bool]
    /// Bit e set when environment e passes the completeness gate for the miner.
    let passMask: [UInt64]
    /// Per environment: its task count, and the scores as rows of that length (NaN = not completed).
    let taskCounts: [Int]
    let taskScores: [[Double]]
    /// Per environment: every per-task score in it is 0 or 1.
    let isPassFail: [Bool]

    var minerCount: Int { miners.count }

    /// Validates `table` and lays it out; `minCompleteness` is the gate of step 1.
    init(table: ScoreTable, minCompleteness: Double, maxMiners: Int) throws(ScoringError) {
        try table.validate()
        guard minCompleteness.isFinite, (0...1).contains(minCompleteness) else {
            throw .invalidConfiguration(setting: "minCompleteness", reason: "must lie in [0, 1], got \(minCompleteness)")
        }
        guard table.environments.count <= 64 else {
            throw .invalidConfiguration(setting: "environments", reason: "at most 64 environments, got \(table.environments.count)")
        }
        guard table.miners.count <= maxMiners else { throw .tooManyMiners(count: table.miners.count, limit: maxMiners) }
        environments = table.environments
        let environmentCount = table.environments.count
        self.environmentCount = environmentCount
        let miners = table.miners.sorted { ($0.firstSubmitted, $0.uid) < ($1.firstSubmitted, $1.uid) }
        self.miners = miners
        let taskCounts = table.tasks.map(\.count)
        self.taskCounts = taskCounts

        let cells = miners.count * environmentCount
        var means = [Double](repeating: .nan, count: cells)
        var completed = [Int](repeating: 0, count: cells)
        var expected = [Int](repeating: 0, count: cells)
        var hasTaskScores = [Bool](repeating: false, count: cells)
        var passMask = [UInt64](repeating: 0, count: miners.count)
        var taskScores = taskCounts.map { [Double](repeating: .nan, count: $0 * miners.count) }
        var isPassFail = [Bool](repeating: true, count: environmentCount)
        var anyTaskScores = [Bool](repeating: false, count: environmentCount)

        for (position, miner) in miners.enumerated() {
            for environment in 0..<environmentCount {
                let cell = position * environmentCount + environment
                switch miner.results[environment] {
                case .missing:
                    continue
                case let .aggregate(mean, done, total):
                    means[cell] = done > 0 ? mean : .nan
                    completed[cell] = done
                    expected[cell] = total
                case let .perTask(scores):
                    let taskCount = taskCounts[environment]
                    var sum = 0.0
                    var done = 0
                    for (task, score) in scores.enumerated() {
                        guard let score else { continue }
                        taskScores[environment][position * taskCount + task] = score
                        sum += score
                        done += 1
                        if score != 0 && score != 1 { isPassFail[environment] = false }
                    }
                    anyTaskScores[environment] = true
                    hasTaskScores[cell] = true
                    means[cell] = done > 0 ? sum / Double(done) : .nan
                    completed[cell] = done
                    expected[cell] = taskCount
                }
                // Step 1, the completeness gate. Division (not completed ≥ min·expected) so that
                // 9/10 against 0.9 compares two correctly rounded doubles of the same number.
                // A result with nothing completed never counts, whatever the minimum.
                let done = completed[cell]
                let total = expected[cell]
                if done > 0, total > 0, Double(done) / Double(total) >= minCompleteness {
                    passMask[position] |= 1 << UInt64(environment)
                }
            }
        }
        for environment in 0..<environmentCount where !anyTaskScores[environment] { isPassFail[environment] = false }
        self.means = means
        self.completed = completed
        self.expected = expected
        self.hasTaskScores = hasTaskScores
        self.passMask = passMask
        self.taskScores = taskScores
        self.isPassFail = isPassFail
    }

    func mean(_ position: Int, _ environment: Int) -> Double {
        means[position * environmentCount + environment]
    }

    func passes(_ position: Int, _ environment: Int) -> Bool {
        passMask[position] & (1 << UInt64(environment)) != 0
    }

    /// The two miners' means on the tasks both completed (step 2: pairs are compared on common
    /// tasks only). Falls back to the own means when either has only an aggregate, or when they
    /// share no task.
    func commonMeans(_ first: Int, _ second: Int, _ environment: Int) -> (first: Double, second: Double) {
        let firstCell = first * environmentCount + environment
        let secondCell = second * environmentCount + environment
        let taskCount = taskCounts[environment]
        guard hasTaskScores[firstCell], hasTaskScores[secondCell],
              completed[firstCell] < taskCount || completed[secondCell] < taskCount else {
            return (means[firstCell], means[secondCell])
        }
        let scores = taskScores[environment]
        var firstSum = 0.0
        var secondSum = 0.0
        var count = 0
        for task in 0..<taskCount {
            let a = scores[first * taskCount + task]
            let b = scores[second * taskCount + task]
            if a.isNaN || b.isNaN { continue }
            firstSum += a
            secondSum += b
            count += 1
        }
        guard count > 0 else { return (means[firstCell], means[secondCell]) }
        return (firstSum / Double(count), secondSum / Double(count))
    }

    /// Mean and sample standard deviation of the differences later − earlier over common tasks.
    /// Nil when either miner has no per-task scores here.
    func pairedDifferences(earlier: Int, later: Int, _ environment: Int) -> (count: Int, mean: Double, standardDeviation: Double)? {
        guard hasTaskScores[earlier * environmentCount + environment],
              hasTaskScores[later * environmentCount + environment] else { return nil }
        let taskCount = taskCounts[environment]
        let scores = taskScores[environment]
        let earlierBase = earlier * taskCount
        let laterBase = later * taskCount
        var sum = 0.0
        var count = 0
        for task in 0..<taskCount {
            let difference = scores[laterBase + task] - scores[earlierBase + task]
            if difference.isNaN { continue }
            sum += difference
            count += 1
        }
        guard count > 0 else { return (0, 0, 0) }
        let mean = sum / Double(count)
        // Second pass for the spread: near-copies have tiny differences, where Σd² − n·mean² cancels.
        var squares = 0.0
        for task in 0..<taskCount {
            let difference = scores[laterBase + task] - scores[earlierBase + task]
            if difference.isNaN { continue }
            squares += (difference - mean) * (difference - mean)
        }
        let deviation = count > 1 ? (squares / Double(count - 1)).squareRoot() : 0
        return (count, mean, deviation)
    }

    /// Step 2's per-environment estimate for one miner, or nil when it completed nothing.
    func estimate(_ position: Int, _ environment: Int, confidence: Double?) -> EnvironmentEstimate? {
        let cell = position * environmentCount + environment
        let done = completed[cell]
        guard done > 0 else { return nil }
        let mean = means[cell]
        let method: EnvironmentEstimate.Method
        if !hasTaskScores[cell] {
            method = .jeffreysFromAggregate
        } else {
            method = isPassFail[environment] ? .jeffreys : .studentT
        }
        var interval: ConfidenceInterval?
        if let confidence {
            switch method {
            case .jeffreysFromAggregate:
                interval = .jeffreys(successes: min(Double(done), mean * Double(done)), trials: done, confidence: confidence)
            case .jeffreys:
                interval = .jeffreys(successes: (mean * Double(done)).rounded(), trials: done, confidence: confidence)
            case .studentT:
                let taskCount = taskCounts[environment]
                let row = taskScores[environment][(position * taskCount)..<((position + 1) * taskCount)]
                interval = .studentT(scores: row.filter { !$0.isNaN }, confidence: confidence)
            }
        }
        return EnvironmentEstimate(mean: mean, interval: interval, method: method, completed: done,
                                   expected: expected[cell], passesCompleteness: passes(position, environment))
    }
}

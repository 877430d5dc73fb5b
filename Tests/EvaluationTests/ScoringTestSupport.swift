import Testing
@testable import Evaluation

/// Expects |actual − expected| ≤ absolute + relative·|expected|.
func expectClose(_ actual: Double, _ expected: Double, relative: Double = 1e-12, absolute: Double = 0,
                 _ comment: String = "", sourceLocation: SourceLocation = #_sourceLocation) {
    let tolerance = absolute + relative * abs(expected)
    #expect(abs(actual - expected) <= tolerance, "\(comment): \(actual) vs \(expected) (tolerance \(tolerance))",
            sourceLocation: sourceLocation)
}

/// A table of aggregate results: each miner is (uid, first submitted, mean per environment);
/// every environment is complete (10 of 10 tasks) unless `completed` says otherwise.
func aggregateTable(environments: [String], miners: [(uid: Int, submitted: Int64, scores: [Double])],
                    completed: [Int: [Int]] = [:]) -> ScoreTable {
    var table = ScoreTable(environments: environments)
    for miner in miners {
        let counts = completed[miner.uid] ?? Array(repeating: 10, count: environments.count)
        let results = zip(miner.scores, counts).map { EnvironmentResult.aggregate(mean: $0, completed: $1, expected: 10) }
        table.miners.append(MinerScores(uid: miner.uid, hotkey: "hotkey-\(miner.uid)", firstSubmitted: miner.submitted,
                                        results: results))
    }
    return table
}

/// The subsets (as environment-name labels) a miner was removed from, with who removed it and why.
func removals(of uid: Int, in result: ScoringResult) -> [String: (by: Int, reason: DominanceReason)] {
    var map: [String: (Int, DominanceReason)] = [:]
    for removal in result.removals where removal.removedUID == uid {
        map[removal.subset.label(result.environments)] = (removal.byUID, removal.reason)
    }
    return map
}

import Foundation

/// How much of the spread of the complete trials' values each parameter accounts for, as the
/// correlation ratio η² = (between-group variance) / (total variance) of a one-way analysis of
/// variance: numeric parameters are grouped into up to `bins` quantile bins (on the log axis for
/// log-scale ones), categorical ones by choice, and trials where a conditional parameter is
/// inactive form a group of their own. The ratios are scaled to sum to 1.
///
/// This is a cheaper, main-effects-only estimate than Optuna's default (fANOVA over a random
/// forest): it ignores interactions and needs tens of trials to settle.
public enum ParameterImportance {
    /// Importance by parameter name, largest first; empty with fewer than two complete trials or
    /// values that do not vary.
    public static func evaluate(_ history: StudyHistory, bins: Int = 5) -> [(name: String, importance: Double)] {
        let complete = history.trials.filter { $0.state == .complete && $0.value != nil }
        guard complete.count >= 2 else { return [] }
        let values = complete.map { $0.value! }
        let mean = values.reduce(0, +) / Double(values.count)
        let total = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        guard total > 0 else { return [] }
        var names = Set<String>()
        for trial in complete { names.formUnion(trial.parameters.keys) }
        var ratios: [(String, Double)] = []
        for name in names.sorted() {
            let groups = groupIndices(complete, name: name, bins: bins)
            var between = 0.0
            for members in groups.values {
                let groupMean = members.reduce(0) { $0 + values[$1] } / Double(members.count)
                between += Double(members.count) * (groupMean - mean) * (groupMean - mean)
            }
            ratios.append((name, between / total))
        }
        let sum = ratios.reduce(0) { $0 + $1.1 }
        guard sum > 0 else { return ratios.map { ($0.0, 0) } }
        return ratios.map { ($0.0, $0.1 / sum) }.sorted { ($0.1, $1.0) > ($1.1, $0.0) }
    }

    /// Trial indices by group label.
    private static func groupIndices(_ trials: [FrozenTrial], name: String, bins: Int) -> [String: [Int]] {
        var groups: [String: [Int]] = [:]
        var numeric: [(index: Int, x: Double)] = []
        for (index, trial) in trials.enumerated() {
            guard let value = trial.parameters[name], let distribution = trial.distributions[name] else {
                groups["inactive", default: []].append(index)
                continue
            }
            switch distribution {
            case .categorical:
                groups["=\(value)", default: []].append(index)
            case .float(_, _, let log, _), .int(_, _, let log, _):
                let x = value.number ?? 0
                numeric.append((index, log ? Foundation.log(x) : x))
            }
        }
        // Quantile bins: equal counts, so a few outliers do not leave most bins empty.
        let sorted = numeric.sorted { ($0.x, $0.index) < ($1.x, $1.index) }
        let binCount = max(1, min(bins, sorted.count))
        for (rank, entry) in sorted.enumerated() {
            groups["bin\(rank * binCount / sorted.count)", default: []].append(entry.index)
        }
        return groups
    }
}

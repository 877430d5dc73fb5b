import Evaluation
import Foundation

/// The demo's closing tables: per environment each miner's mean score with its interval, who the
/// anti-copy filter removed, which miners earn in which subsets of environments (the Pareto
/// subsets), and the weight vector.
enum DemoSummary {
    static func text(epoch: Int64, result: ScoringResult, names: [Int: String]) -> String {
        func name(_ uid: Int) -> String { names[uid].map { "\($0) (uid \(uid))" } ?? "uid \(uid)" }
        var lines = ["epoch \(epoch), rule \(result.rule): mean score per environment [interval], completed/expected episodes"]
        let width = 30
        lines.append("environment".padding(18) + result.miners.map { name($0.uid).padding(width) }.joined())
        for (index, environment) in result.environments.enumerated() {
            var line = environment.padding(18)
            for miner in result.miners {
                guard let estimate = miner.estimates[index] else {
                    line += "-".padding(width)
                    continue
                }
                var cell = String(format: "%.3f", estimate.mean)
                if let interval = estimate.interval { cell += String(format: " [%.2f, %.2f]", interval.lower, interval.upper) }
                cell += " \(estimate.completed)/\(estimate.expected)"
                line += cell.padding(width)
            }
            lines.append(line)
        }

        lines.append("")
        lines.append("anti-copy filter (a later miner that beats no earlier one anywhere in a subset leaves it):")
        let removed = Set(result.removals.map(\.removedUID))
        lines.append(contentsOf: ScoringReport.removalLines(result))
        for uid in removed.sorted() where !result.contributions.contains(where: { $0.uid == uid && $0.points > 0 }) {
            lines.append("  \(name(uid)) earns in no subset: filtered as a copy")
        }

        lines.append("")
        lines.append("Pareto subsets (who earns in each subset of environments, best first):")
        var frontiers: [[Int]: [EnvironmentSubset]] = [:]
        for (subset, contributions) in Dictionary(grouping: result.contributions.filter { $0.points > 0 }, by: \.subset) {
            frontiers[contributions.sorted { $0.rank < $1.rank }.map(\.uid), default: []].append(subset)
        }
        for (earners, subsets) in frontiers.sorted(by: { $0.value.count > $1.value.count || ($0.value.count == $1.value.count && $0.key.lexicographicallyPrecedes($1.key)) }) {
            let labels = subsets.sorted().map { $0.label(result.environments) }
            let shown = labels.prefix(4).joined(separator: " ") + (labels.count > 4 ? " and \(labels.count - 4) more" : "")
            lines.append("  \(earners.map(name).joined(separator: " > ")): \(subsets.count) subset\(subsets.count == 1 ? "" : "s"), \(shown)")
        }
        if frontiers.isEmpty { lines.append("  nobody earns in any subset") }

        lines.append("")
        lines.append("weights (every uid; uid 0 is the subnet owner's; u16 as set on chain):")
        for (uid, weight) in zip(result.weights.uids, result.weights.weights) {
            let chain = result.weights.chainWeight(of: uid)
            lines.append("  \(name(uid).padding(24)) \(String(format: "%.6f", weight))" + (chain > 0 ? "  u16 \(chain)" : ""))
        }
        lines.append(String(format: "  sum %.6f", result.weights.weights.reduce(0, +)))
        return lines.joined(separator: "\n") + "\n"
    }
}

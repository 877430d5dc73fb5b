import Foundation

/// Renderings of a ``ScoringResult`` for the CLI: a text report that explains every weight, and
/// the weights as JSON.
public enum ScoringReport {
    /// The result as text: per-environment estimates and the completeness gate, who the anti-copy
    /// filter removed from which subsets and why, each miner's contributions, the rule's decisions,
    /// and the weights (floats for every uid, u16 values for the chain).
    public static func text(_ result: ScoringResult) -> String {
        var lines: [String] = []
        lines.append("rule: \(result.rule)")
        lines.append("environments (\(result.environments.count)): \(result.environments.joined(separator: ", "))")

        lines.append("")
        lines.append("per-environment scores (mean [interval], completed/expected), miners in submission order:")
        for miner in result.miners {
            lines.append("  uid \(miner.uid)  hotkey \(miner.hotkey)  first submitted \(miner.firstSubmitted)")
            for (index, estimate) in miner.estimates.enumerated() {
                let name = result.environments[index]
                guard let estimate else {
                    lines.append("    \(name): no completed task (does not count)")
                    continue
                }
                var line = "    \(name): \(fixed(estimate.mean))"
                if let interval = estimate.interval {
                    line += " [\(fixed(interval.lower)), \(fixed(interval.upper))] \(methodName(estimate.method))"
                }
                line += ", \(estimate.completed)/\(estimate.expected)"
                if !estimate.passesCompleteness { line += " — below the completeness gate, does not count" }
                lines.append(line)
            }
        }

        // The subset rules explain themselves by removals and contributions, the champion rule by decisions.
        if result.decisions.isEmpty {
            lines.append("")
            lines.append("anti-copy filter (who left which subsets, and why):")
            lines.append(contentsOf: removalLines(result))
            lines.append("")
            lines.append("contributions (per subset: rank, geometric mean, points):")
            lines.append(contentsOf: contributionLines(result))
        }
        if !result.decisions.isEmpty {
            lines.append("")
            lines.append("decisions:")
            for decision in result.decisions { lines.append("  \(decision)") }
        }

        lines.append("")
        let weights = result.weights
        var header = "weights (every uid; u16 for the chain, zero entries dropped; version key \(weights.versionKey))"
        if weights.allToOwner { header += " — no miner earned anything, so all weight goes to uid 0" }
        lines.append(header + ":")
        for (uid, weight) in zip(weights.uids, weights.weights) {
            let chain = weights.chainWeight(of: uid)
            lines.append("  uid \(uid): \(String(format: "%.6f", weight))" + (chain > 0 ? "  u16 \(chain)" : ""))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The weights as JSON: `{"weights": {"<uid>": <float>, …}, "u16": {"<uid>": <int>, …}}`.
    /// `weights` holds every uid of the table plus uid 0, zeros included; `u16` holds only the
    /// non-zero entries (what the extrinsic sends). Keys ascend by uid; floats are printed with
    /// the shortest digits that read back to the same Double.
    public static func json(_ result: ScoringResult) -> String {
        let weights = result.weights
        let floats = zip(weights.uids, weights.weights).map { "\"\($0)\": \($1)" }
        let integers = zip(weights.chainUIDs, weights.chainWeights).map { "\"\($0)\": \($1)" }
        return "{\"weights\": {\(floats.joined(separator: ", "))}, \"u16\": {\(integers.joined(separator: ", "))}}"
    }

    /// Who the anti-copy filter removed from which subsets, and why, a line per (who, why).
    public static func removalLines(_ result: ScoringResult) -> [String] {
        guard !result.removals.isEmpty else { return ["  nobody was removed"] }
        var lines: [String] = []
        let removalsByUID = Dictionary(grouping: result.removals, by: \.removedUID)
        for miner in result.miners {
            guard let removals = removalsByUID[miner.uid] else { continue }
            lines.append("  uid \(miner.uid) left \(removals.count) subset\(removals.count == 1 ? "" : "s"):")
            // Group by (who, why), keeping first-seen order.
            var groups: [(by: Int, reason: DominanceReason, subsets: [EnvironmentSubset])] = []
            for removal in removals {
                if let index = groups.firstIndex(where: { $0.by == removal.byUID && $0.reason == removal.reason }) {
                    groups[index].subsets.append(removal.subset)
                } else {
                    groups.append((removal.byUID, removal.reason, [removal.subset]))
                }
            }
            for group in groups {
                let why = switch group.reason {
                case .laterNotBetterAnywhere:
                    "dominated by earlier uid \(group.by): beat it on no environment of the subset"
                case .earlierBeatenEverywhere:
                    "dominated by later uid \(group.by): beaten on every environment of the subset"
                }
                lines.append("    \(why): " + group.subsets.map { $0.label(result.environments) }.joined(separator: " "))
            }
        }
        return lines
    }

    private static func contributionLines(_ result: ScoringResult) -> [String] {
        var lines: [String] = []
        let contributionsByUID = Dictionary(grouping: result.contributions, by: \.uid)
        for miner in result.miners {
            lines.append("  uid \(miner.uid): \(fixed(miner.points)) points")
            for contribution in contributionsByUID[miner.uid] ?? [] {
                lines.append("    \(contribution.subset.label(result.environments)): rank \(contribution.rank), GM \(fixed(contribution.geometricMean)), \(fixed(contribution.points)) points")
            }
        }
        return lines
    }

    private static func methodName(_ method: EnvironmentEstimate.Method) -> String {
        switch method {
        case .jeffreys: "Jeffreys"
        case .jeffreysFromAggregate: "Jeffreys (from aggregate)"
        case .studentT: "Student-t"
        }
    }

    private static func fixed(_ value: Double) -> String {
        String(format: "%.4f", value)
    }
}

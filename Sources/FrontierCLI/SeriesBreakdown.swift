import Environments
import Foundation
import NN
import RL

/// Forecast-v0's results per series: mean CRPS, the baseline's, and the skill over the episodes
/// that forecast each series (what `frontier evaluate --env Forecast-v0` adds).
struct SeriesBreakdown {
    struct Row {
        var name: String
        var episodes = 0
        var crps = 0.0
        var baselineCRPS = 0.0
        var skill: Double { baselineCRPS > 0 ? 1 - crps / baselineCRPS : 0 }
    }

    var rows: [Row]

    /// Nil unless the episodes report `series`, `episode_crps` and `episode_baseline_crps`.
    init?(_ result: EvaluationResult, environmentID: String, options: EnvironmentOptions) throws {
        guard result.finalInfos.contains(where: { $0["episode_crps"] != nil }) else { return nil }
        let names = (try EnvironmentRegistry.builtIn.make(environmentID, options: options).unwrapped as? ForecastEnvironment)?.seriesNames ?? []
        var byName: [String: Row] = [:]
        for info in result.finalInfos {
            guard let crps = info["episode_crps"], let baseline = info["episode_baseline_crps"] else { continue }
            let index = Int(info["series"] ?? -1)
            let name = names.indices.contains(index) ? names[index] : "synthetic"
            var row = byName[name] ?? Row(name: name)
            row.episodes += 1
            row.crps += crps
            row.baselineCRPS += baseline
            byName[name] = row
        }
        rows = byName.values.sorted { $0.name < $1.name }.map { row in
            var mean = row
            mean.crps /= Double(row.episodes)
            mean.baselineCRPS /= Double(row.episodes)
            return mean
        }
    }

    /// `{"name": {"crps": …, "baseline_crps": …, "skill": …, "episodes": N}, …}`.
    var json: String {
        "{" + rows.map { row in
            "\"\(MetricsLog.escape(row.name))\": {\"baseline_crps\": \(MetricsLog.number(row.baselineCRPS)), \"crps\": \(MetricsLog.number(row.crps)), "
                + "\"episodes\": \(row.episodes), \"skill\": \(MetricsLog.number(row.skill))}"
        }.joined(separator: ", ") + "}"
    }

    var text: String {
        rows.map { String(format: "  %@: CRPS %.4f, seasonal naive %.4f, skill %+.3f over %d episodes", $0.name, $0.crps, $0.baselineCRPS, $0.skill, $0.episodes) }
            .joined(separator: "\n")
    }
}

import Evaluation
import Foundation

/// The validator's HTML page: per miner and environment the mean score with its interval and
/// completion, the weights, who the anti-copy filter removed from which subsets and why, and the
/// Pareto frontier of the suite's first two environments. Plain HTML and inline SVG, no script.
public enum LeaderboardPage {
    /// The page; `axes` chooses the Pareto plot's two environments (default: the suite's first two).
    public static func render(suite: Suite, epoch: Int64?, rows: [LeaderboardRow], result: ScoringResult?,
                              axes: (String, String)? = nil) -> String {
        let environments = suite.environments.map(\.id)
        var html = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>Frontier validator</title>
        <style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}
        th{background:#f4f4f4}td.hotkey{font-family:monospace;text-align:left}pre{background:#f8f8f8;padding:1em;overflow:auto}</style>
        </head><body>
        <h1>Frontier validator: \(escape(suite.name))</h1>

        """
        guard let epoch else {
            return html + "<p id=\"status\">No epoch has been scored yet.</p></body></html>\n"
        }
        html += "<p id=\"status\">Epoch \(epoch), rule \(escape(result?.rule ?? suite.rule.name)), \(rows.count) miners.</p>\n"
        html += "<table id=\"leaderboard\"><thead><tr><th>uid</th><th>hotkey</th>"
        for environment in environments { html += "<th>\(escape(environment))</th>" }
        html += "<th>weight</th></tr></thead><tbody>\n"
        for row in rows.sorted(by: { ($0.weight, -$0.uid) > ($1.weight, -$1.uid) }) {
            html += "<tr><td>\(row.uid)</td><td class=\"hotkey\">\(escape(String(row.hotkey.prefix(16))))…</td>"
            for environment in environments {
                if let score = row.environments[environment] {
                    let interval = score.lower.map { lower in " [\(format(lower)), \(format(score.upper ?? lower))]" } ?? ""
                    html += "<td>\(format(score.mean))\(interval)<br><small>\(score.completed)/\(score.expected)</small></td>"
                } else {
                    html += "<td>-</td>"
                }
            }
            html += "<td class=\"weight\">\(format(row.weight))</td></tr>\n"
        }
        html += "</tbody></table>\n"
        if let result {
            let chosen = axes.flatMap { environments.contains($0.0) && environments.contains($0.1) ? $0 : nil }
                ?? (environments.count >= 2 ? (environments[0], environments[1]) : nil)
            if let (x, y) = chosen, let svg = try? ParetoFrontSVG.render(result, x: x, y: y) {
                html += "<h2>Pareto frontier: \(escape(x)) and \(escape(y))</h2>\n<div id=\"pareto\">\(svg)</div>\n"
            }
            html += "<h2>How the weights came about</h2>\n<pre id=\"report\">\(escape(ScoringReport.text(result)))</pre>\n"
        }
        return html + "</body></html>\n"
    }

    static func format(_ value: Double) -> String { String(format: "%.3f", value) }

    /// Text safe inside HTML elements and attributes: the SVG's XML escaping, which also drops
    /// control characters.
    static func escape(_ text: String) -> String { ParetoFrontSVG.escape(text) }
}

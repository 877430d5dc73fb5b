import Foundation

/// An SVG picture of the Pareto frontier of a result on two environments: one point per miner that
/// passes the completeness gate on both (labelled with its uid, hotkey and scores as a tooltip),
/// the frontier drawn as the staircase bounding the dominated region, and dominated points grey.
///
/// "Dominated" here is plain Pareto dominance on the two means (another miner at least as good on
/// both and better on one), the geometry the picture shows; the anti-copy filter's decisions are
/// in ``ScoringReport``. Every text from the table (environment names, hotkeys) is XML-escaped.
public enum ParetoFrontSVG {
    /// The SVG document for environments `x` and `y` of `result`.
    public static func render(_ result: ScoringResult, x: String, y: String, width: Int = 640, height: Int = 480) throws(ScoringError) -> String {
        guard let xIndex = result.environments.firstIndex(of: x) else { throw .unknownEnvironment(x) }
        guard let yIndex = result.environments.firstIndex(of: y) else { throw .unknownEnvironment(y) }
        guard width >= 200, height >= 200, width <= 10_000, height <= 10_000 else {
            throw .invalidConfiguration(setting: "size", reason: "width and height must lie in 200...10000, got \(width)×\(height)")
        }
        struct Point {
            var uid: Int
            var hotkey: String
            var x: Double
            var y: Double
            var dominated = false
        }
        var points: [Point] = []
        var hidden: [Int] = []
        for miner in result.miners {
            guard let first = miner.estimates[xIndex], let second = miner.estimates[yIndex],
                  first.passesCompleteness, second.passesCompleteness else {
                hidden.append(miner.uid)
                continue
            }
            points.append(Point(uid: miner.uid, hotkey: miner.hotkey, x: first.mean, y: second.mean))
        }
        for index in points.indices {
            let point = points[index]
            points[index].dominated = points.contains {
                $0.x >= point.x && $0.y >= point.y && ($0.x > point.x || $0.y > point.y)
            }
        }

        let margin = 60.0
        let plotWidth = Double(width) - 2 * margin
        let plotHeight = Double(height) - 2 * margin
        // Scores lie in [0, 1], so the axes always span it: pictures of different epochs compare.
        func screenX(_ value: Double) -> String { format(margin + value * plotWidth) }
        func screenY(_ value: Double) -> String { format(Double(height) - margin - value * plotHeight) }

        var svg: [String] = []
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" font-family=\"sans-serif\" font-size=\"12\">")
        svg.append("<title>Pareto frontier: \(escape(x)) vs \(escape(y))</title>")
        svg.append("<rect width=\"\(width)\" height=\"\(height)\" fill=\"white\"/>")
        // Axes, ticks and names.
        svg.append("<line x1=\"\(screenX(0))\" y1=\"\(screenY(0))\" x2=\"\(screenX(1))\" y2=\"\(screenY(0))\" stroke=\"black\"/>")
        svg.append("<line x1=\"\(screenX(0))\" y1=\"\(screenY(0))\" x2=\"\(screenX(0))\" y2=\"\(screenY(1))\" stroke=\"black\"/>")
        for tick in stride(from: 0.0, through: 1.0, by: 0.25) {
            svg.append("<text x=\"\(screenX(tick))\" y=\"\(format(Double(height) - margin + 16))\" text-anchor=\"middle\">\(format(tick))</text>")
            svg.append("<text x=\"\(format(margin - 8))\" y=\"\(screenY(tick))\" text-anchor=\"end\" dominant-baseline=\"middle\">\(format(tick))</text>")
        }
        svg.append("<text x=\"\(format(margin + plotWidth / 2))\" y=\"\(format(Double(height) - 16))\" text-anchor=\"middle\">\(escape(x))</text>")
        svg.append("<text x=\"16\" y=\"\(format(margin + plotHeight / 2))\" text-anchor=\"middle\" transform=\"rotate(-90 16 \(format(margin + plotHeight / 2)))\">\(escape(y))</text>")

        // The frontier: sorted by x ascending (so y descending), down then right between points.
        let frontier = points.filter { !$0.dominated }.sorted { $0.x != $1.x ? $0.x < $1.x : $0.y > $1.y }
        if let first = frontier.first {
            var path = "M \(screenX(first.x)) \(screenY(first.y))"
            for point in frontier.dropFirst() {
                path += " V \(screenY(point.y)) H \(screenX(point.x))"
            }
            svg.append("<path d=\"\(path)\" fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"2\"/>")
        }
        for point in points {
            let colour = point.dominated ? "#bbbbbb" : "#1f77b4"
            let tooltip = "uid \(point.uid) (\(point.hotkey)): \(x) \(format(point.x)), \(y) \(format(point.y))\(point.dominated ? ", dominated" : "")"
            svg.append("<g><title>\(escape(tooltip))</title>"
                       + "<circle cx=\"\(screenX(point.x))\" cy=\"\(screenY(point.y))\" r=\"5\" fill=\"\(colour)\"/>"
                       + "<text x=\"\(format(margin + point.x * plotWidth + 7))\" y=\"\(format(Double(height) - margin - point.y * plotHeight - 7))\" fill=\"\(point.dominated ? "#888888" : "black")\">uid \(point.uid)</text></g>")
        }
        if !hidden.isEmpty {
            let note = "not shown (below the completeness gate on one of the two): " + hidden.map { "uid \($0)" }.joined(separator: ", ")
            svg.append("<text x=\"\(format(margin))\" y=\"20\">\(escape(note))</text>")
        }
        svg.append("</svg>")
        return svg.joined(separator: "\n") + "\n"
    }

    /// `text` with the five XML special characters replaced by entities.
    public static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            default:
                // Control characters other than tab and newline are not allowed in XML 1.0 at all.
                if let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1,
                   scalar.value < 0x20, scalar != "\t", scalar != "\n" {
                    result += "\u{FFFD}"
                } else {
                    result.append(character)
                }
            }
        }
        return result
    }

    private static func format(_ value: Double) -> String {
        String(format: "%.2f", value)
    }
}

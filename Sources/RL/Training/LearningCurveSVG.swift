import Foundation

/// Draws a learning curve, episode return against environment step, as a standalone SVG: each
/// finished episode as a faint dot, and the mean of a sliding window of episodes as a line.
public enum LearningCurveSVG {
    /// The SVG text for `episodes`, titled `title`; `window` episodes are averaged for the line.
    public static func render(_ episodes: [EpisodeRecord], title: String, window: Int = 20,
                              width: Double = 720, height: Double = 400) -> String {
        let left = 64.0, right = 16.0, top = 36.0, bottom = 44.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let maxStep = Double(max(episodes.last?.step ?? 1, 1))
        let returns = episodes.map(\.episodeReturn)
        var low = returns.min() ?? 0, high = returns.max() ?? 1
        if high - low < 1e-9 { low -= 1; high += 1 }
        func x(_ step: Int) -> Double { left + Double(step) / maxStep * plotWidth }
        func y(_ value: Double) -> Double { top + (high - value) / (high - low) * plotHeight }
        func format(_ value: Double) -> String { String(format: "%.1f", value) }

        var svg = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="sans-serif" font-size="12">
        <rect width="100%" height="100%" fill="white"/>
        <text x="\(format(width / 2))" y="20" text-anchor="middle" font-size="14">\(escape(title))</text>
        <line x1="\(format(left))" y1="\(format(top + plotHeight))" x2="\(format(left + plotWidth))" y2="\(format(top + plotHeight))" stroke="black"/>
        <line x1="\(format(left))" y1="\(format(top))" x2="\(format(left))" y2="\(format(top + plotHeight))" stroke="black"/>

        """
        for tick in 0...4 {
            let value = low + (high - low) * Double(tick) / 4
            let step = Int(maxStep * Double(tick) / 4)
            svg += "<text x=\"\(format(left - 6))\" y=\"\(format(y(value) + 4))\" text-anchor=\"end\">\(format(value))</text>\n"
            svg += "<text x=\"\(format(x(step)))\" y=\"\(format(top + plotHeight + 16))\" text-anchor=\"middle\">\(step)</text>\n"
        }
        svg += "<text x=\"\(format(left + plotWidth / 2))\" y=\"\(format(height - 8))\" text-anchor=\"middle\">environment steps</text>\n"
        svg += "<text x=\"14\" y=\"\(format(top + plotHeight / 2))\" text-anchor=\"middle\" transform=\"rotate(-90 14 \(format(top + plotHeight / 2)))\">episode return</text>\n"
        for episode in episodes {
            svg += "<circle cx=\"\(format(x(episode.step)))\" cy=\"\(format(y(episode.episodeReturn)))\" r=\"1.5\" fill=\"#9ecae1\"/>\n"
        }
        if !episodes.isEmpty {
            var points: [String] = []
            var sum = 0.0
            for (index, episode) in episodes.enumerated() {
                sum += episode.episodeReturn
                if index >= window { sum -= episodes[index - window].episodeReturn }
                let mean = sum / Double(min(index + 1, window))
                points.append("\(format(x(episode.step))),\(format(y(mean)))")
            }
            svg += "<polyline fill=\"none\" stroke=\"#08519c\" stroke-width=\"2\" points=\"\(points.joined(separator: " "))\"/>\n"
        }
        svg += "</svg>\n"
        return svg
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}

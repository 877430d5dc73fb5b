import Foundation

/// Standalone SVG plots of a study, as Optuna's `plot_optimization_history` and
/// `plot_param_importances`.
public enum StudyPlots {
    /// Each complete trial's value against its number (dots), the best value so far (a step
    /// line), and pruned trials' last intermediate values (hollow dots).
    public static func optimizationHistory(_ history: StudyHistory, title: String, width: Double = 720, height: Double = 400) -> String {
        let left = 72.0, right = 16.0, top = 36.0, bottom = 44.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let complete = history.trials.filter { $0.state == .complete && $0.value != nil }
        let pruned = history.trials.compactMap { trial -> (Int, Double)? in
            guard trial.state == .pruned, let step = trial.lastStep, let value = trial.intermediateValues[step], value.isFinite else { return nil }
            return (trial.number, value)
        }
        let all = complete.map { $0.value! } + pruned.map(\.1)
        var low = all.min() ?? 0, high = all.max() ?? 1
        if high - low < 1e-9 { low -= 1; high += 1 }
        let lastNumber = Double(max(history.trials.last?.number ?? 1, 1))
        func x(_ number: Int) -> Double { left + Double(number) / lastNumber * plotWidth }
        func y(_ value: Double) -> Double { top + (high - value) / (high - low) * plotHeight }
        var svg = header(width: width, height: height, title: title)
        svg += axes(left: left, top: top, plotWidth: plotWidth, plotHeight: plotHeight)
        for tick in 0...4 {
            let value = low + (high - low) * Double(tick) / 4
            svg += "<text x=\"\(f(left - 6))\" y=\"\(f(y(value) + 4))\" text-anchor=\"end\">\(f(value))</text>\n"
            let number = Int(lastNumber * Double(tick) / 4)
            svg += "<text x=\"\(f(x(number)))\" y=\"\(f(top + plotHeight + 16))\" text-anchor=\"middle\">\(number)</text>\n"
        }
        svg += "<text x=\"\(f(left + plotWidth / 2))\" y=\"\(f(height - 8))\" text-anchor=\"middle\">trial</text>\n"
        svg += "<text x=\"14\" y=\"\(f(top + plotHeight / 2))\" text-anchor=\"middle\" transform=\"rotate(-90 14 \(f(top + plotHeight / 2)))\">objective value</text>\n"
        for (number, value) in pruned {
            svg += "<circle cx=\"\(f(x(number)))\" cy=\"\(f(y(value)))\" r=\"3\" fill=\"none\" stroke=\"#bdbdbd\"/>\n"
        }
        var best: Double?
        var points: [String] = []
        for trial in complete {
            let value = trial.value!
            svg += "<circle cx=\"\(f(x(trial.number)))\" cy=\"\(f(y(value)))\" r=\"3\" fill=\"#6baed6\"/>\n"
            if let previous = best, !history.direction.isBetter(value, than: previous) {
                points.append("\(f(x(trial.number))),\(f(y(previous)))")
            } else {
                if let previous = best { points.append("\(f(x(trial.number))),\(f(y(previous)))") }
                best = value
                points.append("\(f(x(trial.number))),\(f(y(value)))")
            }
        }
        if !points.isEmpty {
            svg += "<polyline fill=\"none\" stroke=\"#d94801\" stroke-width=\"2\" points=\"\(points.joined(separator: " "))\"/>\n"
        }
        return svg + "</svg>\n"
    }

    /// One horizontal bar per parameter, longest first (``ParameterImportance``).
    public static func parameterImportance(_ importances: [(name: String, importance: Double)], title: String,
                                           width: Double = 720) -> String {
        let rowHeight = 24.0, top = 40.0, left = 180.0, right = 64.0
        let height = top + Double(max(importances.count, 1)) * rowHeight + 24
        var svg = header(width: width, height: height, title: title)
        if importances.isEmpty {
            svg += "<text x=\"\(f(width / 2))\" y=\"\(f(top + 16))\" text-anchor=\"middle\">not enough complete trials with differing values</text>\n"
        }
        for (row, entry) in importances.enumerated() {
            let y = top + Double(row) * rowHeight
            let length = entry.importance * (width - left - right)
            svg += "<text x=\"\(f(left - 8))\" y=\"\(f(y + 16))\" text-anchor=\"end\">\(escape(entry.name))</text>\n"
            svg += "<rect x=\"\(f(left))\" y=\"\(f(y + 4))\" width=\"\(f(length))\" height=\"\(f(rowHeight - 8))\" fill=\"#6baed6\"/>\n"
            svg += "<text x=\"\(f(left + length + 6))\" y=\"\(f(y + 16))\">\(String(format: "%.2f", entry.importance))</text>\n"
        }
        return svg + "</svg>\n"
    }

    private static func header(width: Double, height: Double, title: String) -> String {
        """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="sans-serif" font-size="12">
        <rect width="100%" height="100%" fill="white"/>
        <text x="\(f(width / 2))" y="20" text-anchor="middle" font-size="14">\(escape(title))</text>

        """
    }

    private static func axes(left: Double, top: Double, plotWidth: Double, plotHeight: Double) -> String {
        "<line x1=\"\(f(left))\" y1=\"\(f(top + plotHeight))\" x2=\"\(f(left + plotWidth))\" y2=\"\(f(top + plotHeight))\" stroke=\"black\"/>\n"
            + "<line x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(top + plotHeight))\" stroke=\"black\"/>\n"
    }

    private static func f(_ value: Double) -> String { String(format: "%.1f", value) }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}

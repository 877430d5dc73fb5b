import NN
import Tensor

/// Timing for the side-by-side benchmarks: the same method as benchmarks/peers/tensor_peers.py
/// (warm up, then the best of five repeats, each repeat running long enough to last ≥ 0.5 s).
enum Measure {
    /// Seconds per call of `body`: best of `repeats` timed repeats.
    static func secondsPerCall(repeats: Int = 5, minimumSeconds: Double = 0.5, _ body: () -> Void) -> Double {
        let clock = ContinuousClock()
        // Warm up and find how many calls fill one repeat.
        var calls = 1
        while true {
            let start = clock.now
            for _ in 0..<calls { body() }
            let elapsed = (clock.now - start).seconds
            if elapsed >= minimumSeconds / 4 {
                calls = Swift.max(1, Int(Double(calls) * minimumSeconds / elapsed))
                break
            }
            calls *= 4
        }
        var best = Double.infinity
        for _ in 0..<repeats {
            let start = clock.now
            for _ in 0..<calls { body() }
            best = Swift.min(best, (clock.now - start).seconds / Double(calls))
        }
        return best
    }
}

/// One result line, the schema report.py reads.
struct BenchmarkRow {
    var bench: String
    var value: Double
    var unit: String
    var higherIsBetter = true
    var detail = ""
    /// For time-to-solve rows: whether the task was solved within the budget.
    var solved: Bool? = nil

    var json: String {
        let solvedField = solved.map { ", \"solved\": \($0)" } ?? ""
        return "{\"bench\": \"\(bench)\", \"impl\": \"frontier\", \"value\": \(MetricsLog.number(value)), \"unit\": \"\(unit)\", "
            + "\"higher_is_better\": \(higherIsBetter), \"detail\": \"\(MetricsLog.escape(detail))\"\(solvedField)}"
    }
}

import Foundation

/// The simple forecasts a context window makes of its own future, each with a spread measured
/// on the window itself, for the `calibrated` forecaster (``ForecasterKind/calibrated``).
///
/// Candidates, in this order:
/// - naive with drift: step `h` (0-based) repeats the last value plus the median `h+1`-step
///   change inside the window;
/// - seasonal naive for each period `p` of ``periods(context:horizon:)``: step `h` repeats the
///   value `p·⌈(h+1)/p⌉` steps back plus the median change over that lag;
/// - the window's median (climatology), for series that return to their level.
///
/// The drift of the lags up to the horizon (naive's, and short periods' that share them) is shrunk
/// toward zero by its own evidence: the median change `c` becomes `c·t²/(1 + t²)`, `t = c/se`, with
/// `se` the median's standard error over the lag's non-overlapping changes, √(π/2)·σ/√((n − lag)/lag).
/// A random walk's drift estimate is mostly noise, a trend's is not (measured with the score^−4
/// prior: skill against seasonal naive +0.006 on random walks with jumps, +0.010 on the seasonal
/// family). Longer (seasonal) lags keep theirs: a trend over a season stands out less against its
/// noisier estimate, and shrinking it cost the synthetic seasonal family 0.07 of skill (measured
/// 2026-12-07).
///
/// Each candidate's spread at step `h` is the mean absolute deviation of its own in-window errors
/// (the lag's changes about their median; for the median, the values about it) times √(π/2), the
/// standard deviation of a normal law with that mean absolute deviation. Seasonal naive fitted on
/// the window, in other words, with the window's own error scale: a forecast from these numbers
/// is calibrated by construction as far as the window is typical of what follows.
///
/// Everything is scale-free: shifting and scaling the window shifts and scales locations and
/// spreads alike and leaves the features unchanged.
public enum WindowCandidates {
    /// The fewest in-window errors a lag must leave to be measured.
    public static let minimumPairs = 8
    /// The longest seasonal period tried (a year of weeks).
    public static let longestPeriod = 52

    /// The smallest context the candidates need for `horizon`: the naive lag `horizon` must
    /// leave ``minimumPairs`` errors.
    public static func minimumContext(horizon: Int) -> Int { horizon + minimumPairs }

    /// The lag of horizon step `step` (0-based) for period `period`: the nearest whole number of
    /// periods not after the origin (seasonal naive's rule).
    static func lag(step: Int, period: Int) -> Int { period * ((step + period) / period) }

    /// The seasonal periods (2 and more) whose every lag up to `horizon` leaves ``minimumPairs``
    /// errors in a window of `context`.
    public static func periods(context: Int, horizon: Int) -> [Int] {
        let longest = Swift.min(longestPeriod, context - minimumPairs)
        guard longest >= 2 else { return [] }
        return (2...longest).filter { lag(step: horizon - 1, period: $0) <= context - minimumPairs }
    }

    /// How many candidates a window of `context` offers for `horizon` steps.
    public static func count(context: Int, horizon: Int) -> Int { 2 + periods(context: context, horizon: horizon).count }

    /// How many features the network reads: one log score ratio per candidate after the first.
    /// Not the window itself: trained on a few series, a network reading the window learns those
    /// series' shapes (in-sample intervals too narrow, worse skill on unseen series than with no
    /// training at all, measured 2026-12-07); the score profile is what transfers.
    public static func featureCount(context: Int, horizon: Int) -> Int { count(context: context, horizon: horizon) - 1 }

    /// The candidates of one window.
    public struct Evaluation {
        /// `locations[h * K + c]`: candidate `c`'s forecast of step `h`, in the window's units.
        public var locations: [Double]
        /// `spreads[h * K + c]`: its standard-deviation-like spread.
        public var spreads: [Double]
        /// The network's inputs: log(score_c / score_naive) for the candidates after naive
        /// (clipped to ±4), a candidate's score being its mean spread over the horizon.
        public var features: [Double]
    }

    /// Evaluates every candidate on `window` (oldest first) for `horizon` steps, with the seasonal
    /// `periods` (from ``periods(context:horizon:)``).
    public static func evaluate(_ window: [Double], horizon: Int, periods: [Int]) -> Evaluation {
        let context = window.count
        precondition(context >= minimumContext(horizon: horizon),
                     "WindowCandidates: a window of \(context) values is too short for horizon \(horizon) (needs \(minimumContext(horizon: horizon)))")
        let count = 2 + periods.count
        var locations = [Double](repeating: 0, count: horizon * count)
        var spreads = locations
        let normalFactor = (Double.pi / 2).squareRoot()
        let floor = 1e-4
        var changes: [Double] = []
        changes.reserveCapacity(context)
        // One lag's median change and spread, shared by every candidate that uses the lag.
        var byLag: [Int: (center: Double, spread: Double)] = [:]
        func measure(lag: Int) -> (center: Double, spread: Double) {
            if let known = byLag[lag] { return known }
            changes.removeAll(keepingCapacity: true)
            for index in lag..<context { changes.append(window[index] - window[index - lag]) }
            var center = median(&changes)
            var deviation = changes.reduce(0) { $0 + Swift.abs($1 - center) } / Double(changes.count)
            if lag <= horizon && center != 0 {
                let independentChanges = Swift.max(Double(context - lag) / Double(lag), 1)
                let standardError = normalFactor * deviation * normalFactor / independentChanges.squareRoot()
                let squared = center * center
                center *= squared / (squared + standardError * standardError)
                deviation = changes.reduce(0) { $0 + Swift.abs($1 - center) } / Double(changes.count)
            }
            let result = (center, Swift.max(deviation * normalFactor, floor))
            byLag[lag] = result
            return result
        }
        var sorted = window
        let level = median(&sorted)
        let levelSpread = Swift.max(window.reduce(0) { $0 + Swift.abs($1 - level) } / Double(context) * normalFactor, floor)
        var scores = [Double](repeating: 0, count: count)
        for step in 0..<horizon {
            let row = step * count
            for candidate in 0..<(count - 1) {
                let lag = candidate == 0 ? step + 1 : lag(step: step, period: periods[candidate - 1])
                let (center, spread) = measure(lag: lag)
                locations[row + candidate] = window[context + step - lag] + center
                spreads[row + candidate] = spread
                scores[candidate] += spread
            }
            locations[row + count - 1] = level
            spreads[row + count - 1] = levelSpread
            scores[count - 1] += levelSpread
        }
        var features: [Double] = []
        features.reserveCapacity(count - 1)
        for candidate in 1..<count {
            features.append(Swift.min(Swift.max(Foundation.log(scores[candidate] / scores[0]), -4), 4))
        }
        return Evaluation(locations: locations, spreads: spreads, features: features)
    }

    /// The median of `values` (reordered in place).
    static func median(_ values: inout [Double]) -> Double {
        values.sort()
        let middle = values.count / 2
        return values.count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2
    }

    /// The standard normal quantile at `level` in (0, 1), by bisection on the normal CDF
    /// (½·erfc(−x/√2)) to machine precision.
    public static func normalQuantile(_ level: Double) -> Double {
        precondition(level > 0 && level < 1, "normalQuantile: level \(level) is outside (0, 1)")
        var low = -40.0, high = 40.0
        for _ in 0..<200 {
            let middle = (low + high) / 2
            if 0.5 * erfc(-middle / 2.0.squareRoot()) < level { low = middle } else { high = middle }
            if high - low < 1e-15 { break }
        }
        return (low + high) / 2
    }
}

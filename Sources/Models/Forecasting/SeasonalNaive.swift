import Tensor

/// The seasonal-naive forecaster, made probabilistic: the point forecast repeats the value one
/// season earlier (the last value for non-seasonal series), and its quantiles add the empirical
/// quantiles of that forecast's errors on the training part, per horizon step. The baseline a
/// forecaster's skill is measured against.
public struct SeasonalNaive: Sendable {
    /// Observations per season (1: plain naive).
    public let seasonLength: Int
    /// `residualQuantiles[h][q]`: error quantile `q` at horizon step `h`.
    public let residualQuantiles: [[Double]]

    /// Fits the error quantiles on `values[..<trainingEnd]`.
    public init(values: [Double], trainingEnd: Int, seasonLength: Int, horizon: Int, quantiles: [Double]) {
        self.seasonLength = Swift.max(1, seasonLength)
        var perStep: [[Double]] = []
        for step in 0..<horizon {
            var errors: [Double] = []
            let lag = SeasonalNaive.lag(step: step, seasonLength: self.seasonLength)
            for origin in lag...Swift.max(lag, trainingEnd - step - 1) where origin + step < trainingEnd {
                errors.append(values[origin + step] - values[origin + step - lag])
            }
            errors.sort()
            perStep.append(quantiles.map { SeasonalNaive.empirical(errors, $0) })
        }
        residualQuantiles = perStep
    }

    /// How far back the repeated value lies for horizon step `step` (0-based): the nearest whole
    /// number of seasons not after the forecast origin.
    static func lag(step: Int, seasonLength: Int) -> Int {
        seasonLength * ((step + seasonLength) / seasonLength)
    }

    /// Quantile `level` of sorted `values`, by linear interpolation (NumPy's default).
    static func empirical(_ sorted: [Double], _ level: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let position = level * Double(sorted.count - 1)
        let low = Int(position.rounded(.down))
        let high = Swift.min(low + 1, sorted.count - 1)
        let fraction = position - Double(low)
        return sorted[low] + (sorted[high] - sorted[low]) * fraction
    }

    /// Forecast quantiles `[horizon][quantile]` for the origin `origin` (first unseen index).
    public func forecast(values: [Double], origin: Int) -> [[Double]] {
        residualQuantiles.enumerated().map { step, quantiles in
            let point = values[origin + step - SeasonalNaive.lag(step: step, seasonLength: seasonLength)]
            return quantiles.map { point + $0 }
        }
    }
}

/// The continuous ranked probability score of a forecast given by quantiles, approximated by
/// the quantile score: CRPS ≈ (2/Q) Σ_q ρ_τq(y − ŷ_q), with ρ_τ(u) = u(τ − 1[u < 0]) (Gneiting &
/// Raftery 2007; Gasthaus et al. 2019). Lower is better; for a point forecast it is |y − ŷ|.
public func quantileCRPS(forecast: [Double], levels: [Double], observation: Double) -> Double {
    check(forecast.count == levels.count, "quantileCRPS: \(forecast.count) quantiles for \(levels.count) levels")
    var total = 0.0
    for (value, level) in zip(forecast, levels) {
        let error = observation - value
        total += error * (level - (error < 0 ? 1 : 0))
    }
    return 2 * total / Double(levels.count)
}

import Tensor

/// More training series from few: transforms of a series' training part that give plausible
/// series of other shapes and frequencies, so a forecaster trained on a handful of series meets
/// more than their particular trend and season.
///
/// From the training part (never the held-out end), the variants are: the series and its first
/// differences (a trending level becomes a stationary rate: inflation from a price index, growth
/// from GDP); each of those subsampled every 1, 2, 4 and 13 steps (weekly data becomes two-weekly,
/// four-weekly and quarterly: a season of 52 becomes 26, 13 and 4); and each of those as is,
/// negated and reversed in time. A variant shorter than `minimumCount`, or constant, is dropped.
/// Scaling needs no variant: windows are scaled by their own mean and spread.
public enum ForecastAugmentation {
    /// The subsampling steps.
    public static let strides = [1, 2, 4, 13]

    /// The variants of `values` (the series itself first), each at least `minimumCount` long.
    public static func variants(of values: [Double], minimumCount: Int) -> [[Double]] {
        var bases = [values]
        if values.count > 1 { bases.append(zip(values.dropFirst(), values).map { $0 - $1 }) }
        var result: [[Double]] = []
        for base in bases {
            for stride in strides {
                let sampled = Swift.stride(from: 0, to: base.count, by: stride).map { base[$0] }
                guard sampled.count >= minimumCount, let first = sampled.first, sampled.contains(where: { $0 != first }) else { continue }
                result.append(sampled)
                result.append(sampled.map { -$0 })
                result.append(sampled.reversed())
            }
        }
        return result
    }

    /// Training windows of `series` for `setup`: every origin of its training part, or with
    /// `augment`, every origin of every variant of the training part.
    public static func trainingWindows(_ series: TimeSeries, _ setup: ForecastSetup, augment: Bool) -> ForecastWindows {
        guard augment else { return ForecastWindows.training(series, setup) }
        let part = Array(series.values[..<setup.trainingEnd(count: series.count)])
        var inputs: [Tensor] = [], targets: [Tensor] = [], scales: [(mean: Double, spread: Double)] = []
        for variant in variants(of: part, minimumCount: setup.context + setup.horizon + 16) {
            let windows = ForecastWindows(values: variant, origins: Array(setup.context...(variant.count - setup.horizon)),
                                          context: setup.context, horizon: setup.horizon)
            inputs.append(windows.inputs)
            targets.append(windows.targets)
            scales += windows.scales
        }
        return ForecastWindows(inputs: Tensor.concatenate(inputs, axis: 0), targets: Tensor.concatenate(targets, axis: 0), scales: scales)
    }
}

import Checkpoint
import Foundation
import NN
import Testing
import Tensor
@testable import Models

@Suite("The calibrated forecaster's window candidates")
struct WindowCandidatesTests {
    @Test("sizes: the periods a context can hold, the candidates, the features and the smallest context")
    func sizes() {
        #expect(WindowCandidates.minimumContext(horizon: 4) == 12)
        // Context 32, horizon 4: lags must stay within 32 − 8 = 24. Period 2 reaches lag 4 at the
        // last step, period 3 lag 6, periods 4…24 lag p; 25 and more do not fit.
        #expect(WindowCandidates.periods(context: 32, horizon: 4) == Array(2...24))
        #expect(WindowCandidates.count(context: 32, horizon: 4) == 25)
        #expect(WindowCandidates.featureCount(context: 32, horizon: 4) == 24)
        #expect(QuantileForecaster.calibratedOutputs(context: 32, horizon: 4) == 4 * 27)
        // Context 12, horizon 4: lags up to 4. Period 2 reaches lag 4, period 4 lag 4; period 3
        // would need lag 6 at the last step.
        #expect(WindowCandidates.periods(context: 12, horizon: 4) == [2, 4])
        // A year of weeks is the longest period tried.
        #expect(WindowCandidates.periods(context: 200, horizon: 1).last == 52)
        #expect(WindowCandidates.periods(context: 9, horizon: 1) == [])
    }

    @Test("naive with drift: the last value plus the (shrunk) median change; its spread is the changes' mean absolute deviation × √(π/2)")
    func naiveValues() {
        // Changes alternate +1, +3, six ones and five threes: median 1, deviations 0 and 2.
        var window = [10.0]
        for index in 0..<11 { window.append(window.last! + (index % 2 == 0 ? 1 : 3)) }
        let evaluation = WindowCandidates.evaluate(window, horizon: 1, periods: [])
        #expect(evaluation.locations.count == 2 && evaluation.spreads.count == 2)
        // The drift 1 is shrunk by its evidence (see the shrinkage test): the median's standard
        // error over 11 changes is √(π/2)·σ/√11, σ = (10/11)·√(π/2).
        let standardError = (Double.pi / 2) * (10.0 / 11) / 11.0.squareRoot()
        let drift = 1 / (1 + standardError * standardError)
        #expect(Swift.abs(evaluation.locations[0] - (window.last! + drift)) < 1e-12)
        // The spread is measured about the shrunk drift: six changes lie 1 − drift below it, five
        // lie 3 − drift above it.
        let expected = (6 * (1 - drift) + 5 * (3 - drift)) / 11 * (Double.pi / 2).squareRoot()
        #expect(Swift.abs(evaluation.spreads[0] - expected) < 1e-12)
        // The median candidate: the window's median (12 values: the mean of the 6th and 7th).
        let sorted = window.sorted()
        #expect(evaluation.locations[1] == (sorted[5] + sorted[6]) / 2)
        // One feature: log(score_median / score_naive), the scores being the spreads.
        #expect(evaluation.features.count == 1)
        #expect(Swift.abs(evaluation.features[0] - Foundation.log(evaluation.spreads[1] / expected)) < 1e-12)
    }

    @Test("on a line every change-based candidate is exact with the floor spread; on a season, its period's candidate is")
    func exactCandidates() {
        let line = (0..<20).map { 5 + 2 * Double($0) }
        let periods = WindowCandidates.periods(context: 20, horizon: 3)
        let count = 2 + periods.count
        let onLine = WindowCandidates.evaluate(line, horizon: 3, periods: periods)
        for step in 0..<3 {
            for candidate in 0..<(count - 1) {
                #expect(Swift.abs(onLine.locations[step * count + candidate] - (line.last! + 2 * Double(step + 1))) < 1e-9)
                #expect(onLine.spreads[step * count + candidate] == 1e-4)
            }
            #expect(onLine.locations[step * count + count - 1] == (line[9] + line[10]) / 2)
        }
        // Period 4 with a drift of 1 a season: seasonal naive of period 4 is exact, naive is not.
        let pattern = [1.0, 5, 2, 8]
        let seasonal = (0..<24).map { pattern[$0 % 4] + Double($0 / 4) }
        let seasonalPeriods = WindowCandidates.periods(context: 24, horizon: 4)
        let index = 1 + seasonalPeriods.firstIndex(of: 4)!
        let k = 2 + seasonalPeriods.count
        let onSeason = WindowCandidates.evaluate(seasonal, horizon: 4, periods: seasonalPeriods)
        for step in 0..<4 {
            #expect(onSeason.locations[step * k + index] == pattern[step] + 6)
            #expect(onSeason.spreads[step * k + index] == 1e-4)
            // Naive's lags 1, 2, 3 cross the pattern; at the last step its lag is the period.
            #expect(step == 3 ? onSeason.spreads[step * k] == 1e-4 : onSeason.spreads[step * k] > 1)
        }
        // Its log score ratio against naive is clipped at −4; period 8 (also exact) too.
        #expect(onSeason.features[index - 1] == -4)
        #expect(onSeason.features[seasonalPeriods.firstIndex(of: 8)!] == -4)
    }

    @Test("the drift of lags up to the horizon is shrunk by its own evidence: kept on a clear trend, cut on a driftless walk")
    func driftShrinkage() {
        var generator = PhiloxGenerator(seed: 9)
        func normal() -> Double {
            let u = 1 - generator.nextDouble(), v = generator.nextDouble()
            return (-2 * Foundation.log(u)).squareRoot() * Foundation.cos(2 * Double.pi * v)
        }
        let periods = WindowCandidates.periods(context: 64, horizon: 2)
        // The shrunk 1-step drift, as the documentation gives it, from the raw changes.
        func expectedDrift(_ window: [Double]) -> (raw: Double, shrunk: Double) {
            var changes = (1..<64).map { window[$0] - window[$0 - 1] }
            let raw = WindowCandidates.median(&changes)
            let deviation = changes.reduce(0) { $0 + Swift.abs($1 - raw) } / 63
            let standardError = (Double.pi / 2) * deviation / 63.0.squareRoot()
            return (raw, raw * raw * raw / (raw * raw + standardError * standardError))
        }
        // A driftless walk: the raw median change is noise, and part of it goes.
        var level = 0.0
        let walk = (0..<64).map { _ in level += normal(); return level }
        let onWalk = WindowCandidates.evaluate(walk, horizon: 2, periods: periods)
        let (raw, shrunk) = expectedDrift(walk)
        #expect(Swift.abs((onWalk.locations[0] - walk[63]) - shrunk) < 1e-12)
        #expect(Swift.abs(shrunk) < Swift.abs(raw) && shrunk * raw > 0)
        // A clear trend (steps of 1 ± 0.1): its drift stays.
        let trend = (0..<64).map { Double($0) + 0.1 * normal() }
        let onTrend = WindowCandidates.evaluate(trend, horizon: 2, periods: periods)
        let (trendRaw, trendShrunk) = expectedDrift(trend)
        #expect(Swift.abs((onTrend.locations[0] - trend[63]) - trendShrunk) < 1e-12)
        #expect(Swift.abs(trendShrunk - trendRaw) < 1e-3 * trendRaw)
        // A seasonal lag beyond the horizon keeps its raw median change.
        let index = 1 + periods.firstIndex(of: 12)!
        var seasonal = (12..<64).map { trend[$0] - trend[$0 - 12] }
        #expect(onTrend.locations[index] == trend[64 - 12] + WindowCandidates.median(&seasonal))
    }

    @Test("shifting and scaling a window shifts and scales locations and spreads and leaves the features alone")
    func scaleFree() {
        var generator = PhiloxGenerator(seed: 4)
        let window = (0..<30).map { Foundation.sin(Double($0) / 3) * 4 + generator.nextDouble() }
        let periods = WindowCandidates.periods(context: 30, horizon: 2)
        let base = WindowCandidates.evaluate(window, horizon: 2, periods: periods)
        let moved = WindowCandidates.evaluate(window.map { 7 * $0 - 300 }, horizon: 2, periods: periods)
        for (a, b) in zip(base.locations, moved.locations) { #expect(Swift.abs(7 * a - 300 - b) < 1e-9) }
        for (a, b) in zip(base.spreads, moved.spreads) { #expect(Swift.abs(7 * a - b) < 1e-9) }
        for (a, b) in zip(base.features, moved.features) { #expect(Swift.abs(a - b) < 1e-9) }
    }

    @Test("the normal quantile and the median")
    func helpers() {
        #expect(Swift.abs(WindowCandidates.normalQuantile(0.5)) < 1e-15)
        #expect(Swift.abs(WindowCandidates.normalQuantile(0.975) - 1.959963984540054) < 1e-12)
        #expect(Swift.abs(WindowCandidates.normalQuantile(0.1) + 1.2815515655446004) < 1e-12)
        var odd = [3.0, 1, 2], even = [4.0, 1, 3, 2]
        #expect(WindowCandidates.median(&odd) == 2 && WindowCandidates.median(&even) == 2.5)
    }
}

@Suite("Training-set augmentation of forecasting series")
struct ForecastAugmentationTests {
    @Test("variants: the series and its differences, subsampled, each as is, negated and reversed; short or constant ones dropped")
    func variants() {
        func sequence(_ count: Int, _ term: (Int) -> Int) -> [Double] { (0..<count).map { Double(term($0)) } }
        let squares = sequence(40) { $0 * $0 }
        let variants = ForecastAugmentation.variants(of: squares, minimumCount: 10)
        // Series: strides 1, 2, 4 keep 40, 20, 10 values; 13 keeps 4 (dropped). Differences
        // (2t + 1, 39 values): 39, 20, 10 kept, 3 dropped. Three transforms each.
        #expect(variants.count == 18)
        let negated: [Double] = squares.map { -$0 }, reversed: [Double] = squares.reversed()
        #expect(variants[0] == squares)
        #expect(variants[1] == negated)
        #expect(variants[2] == reversed)
        #expect(variants[3] == sequence(20) { 4 * $0 * $0 })
        #expect(variants[6] == sequence(10) { 16 * $0 * $0 })
        #expect(variants[9] == sequence(39) { 2 * $0 + 1 })
        #expect(variants[12] == sequence(20) { 4 * $0 + 1 })
        #expect(variants[15] == sequence(10) { 8 * $0 + 1 })
        // A line's differences are constant: only the line's own strides remain.
        let line = (0..<40).map { 3 * Double($0) }
        #expect(ForecastAugmentation.variants(of: line, minimumCount: 10).count == 9)
        #expect(ForecastAugmentation.variants(of: line, minimumCount: 41).isEmpty)
    }

    @Test("augmented training windows come from the training part only and start with the unaugmented ones")
    func trainingWindows() throws {
        // The test part (the last 20%) is far off: a window that read it would show it.
        let values: [Double] = (0..<200).map { (index: Int) -> Double in
            let base = Foundation.sin(Double(index) / 2) * 10 + Double(index % 5)
            return index >= 160 ? base + 1e6 : base
        }
        let series = try TimeSeries(name: "s", timestamps: (0..<200).map(String.init), values: values)
        let setup = ForecastSetup(context: 12, horizon: 3, quantiles: [0.1, 0.5, 0.9])
        let plain = ForecastWindows.training(series, setup)
        #expect(ForecastAugmentation.trainingWindows(series, setup, augment: false).inputs.doubles == plain.inputs.doubles)
        let augmented = ForecastAugmentation.trainingWindows(series, setup, augment: true)
        let part = Array(values[..<160])
        let expected = ForecastAugmentation.variants(of: part, minimumCount: 12 + 3 + 16).reduce(0) { $0 + $1.count - 12 - 3 + 1 }
        #expect(augmented.inputs.shape == [expected, 12] && augmented.targets.shape == [expected, 3] && augmented.scales.count == expected)
        #expect(Array(augmented.inputs.doubles[..<plain.inputs.doubles.count]) == plain.inputs.doubles)
        #expect(augmented.scales.allSatisfy { Swift.abs($0.mean) < 1000 })
    }
}

@Suite("The calibrated forecaster's structure and refusals")
struct CalibratedForecasterStructureTests {
    @Test("untrained, its median is the prior mixture: weights ∝ score^−6 from the window's own backtest, naive favoured")
    func priorMixture() {
        var generator = PhiloxGenerator(seed: 2)
        let model = QuantileForecaster(kind: .calibrated, context: 12, horizon: 2, quantiles: [0.25, 0.5, 0.75], hidden: 8, using: &generator)
        let window = (0..<12).map { Foundation.cos(Double($0)) + Double($0) / 4 }
        let output = noGrad { model(Tensor(shape: [1, 12], doubles: window).converted(to: .float32)).doubles }
        let periods = WindowCandidates.periods(context: 12, horizon: 2)
        let count = 2 + periods.count
        // The candidates of the window as the network sees it (float32).
        let seen = window.map { Double(Float($0)) }
        let candidates = WindowCandidates.evaluate(seen, horizon: 2, periods: periods)
        // Logits: log(K − 1) + 1.5 for naive, −6·log(score_c / score_naive) for the others.
        #expect(QuantileForecaster.calibratedNaiveBonus == 1.5 && QuantileForecaster.calibratedSharpness == 6)
        let logits = [Foundation.log(Double(count - 1)) + 1.5] + candidates.features.map { -6 * $0 }
        let total = logits.reduce(0) { $0 + Foundation.exp($1) }
        let weights = logits.map { Foundation.exp($0) / total }
        for step in 0..<2 {
            let location = (0..<count).reduce(0) { $0 + weights[$1] * candidates.locations[step * count + $1] }
            let spread = (0..<count).reduce(0) { $0 + weights[$1] * candidates.spreads[step * count + $1] }
            #expect(Swift.abs(output[step * 3 + 1] - location) < 1e-4)
            // The quartiles lie ±0.6745 spreads away.
            #expect(Swift.abs(output[step * 3 + 2] - output[step * 3 + 1] - 0.6744897501960817 * spread) < 1e-4)
            #expect(Swift.abs(output[step * 3 + 1] - output[step * 3] - 0.6744897501960817 * spread) < 1e-4)
        }
        // On a season the exact period takes nearly all the weight.
        let pattern = [1.0, 5, 2, 8]
        let seasonal = (0..<24).map { pattern[$0 % 4] }
        let seasonalModel = QuantileForecaster(kind: .calibrated, context: 24, horizon: 4, quantiles: [0.5], hidden: 8, using: &generator)
        let median = noGrad { seasonalModel(Tensor(shape: [1, 24], doubles: seasonal).converted(to: .float32)).doubles }
        for step in 0..<4 { #expect(Swift.abs(median[step] - pattern[step]) < 1e-3, "step \(step): \(median[step])") }
    }

    @Test("a context too short for the candidates is a thrown error from training and from a bundle's architecture, not a trap")
    func refusals() throws {
        var config = ForecastTrainingConfig()
        config.kind = .calibrated
        config.setup = ForecastSetup(context: 11, horizon: 4)
        let series = try SharedData.series("us_cpi_quarterly")
        #expect(throws: ForecastError.invalidConfig("the calibrated kind needs a context of at least 12 for horizon 4, got 11")) {
            try ForecastExperiment.run(series, config: config)
        }
        #expect(throws: ForecastError.self) { try ForecastExperiment.runPooled([series], config: config) }
        let architecture = try Architecture(kind: "quantile_forecaster", configuration: QuantileForecaster.Configuration(
            kind: .calibrated, context: 11, horizon: 4, quantiles: [0.5], hidden: 4))
        do {
            _ = try ModelFactory.build(architecture)
            Issue.record("a calibrated forecaster with context 11 and horizon 4 was built")
        } catch let BundleError.invalidArchitecture(kind, reason) {
            #expect(kind == "quantile_forecaster" && reason.contains("at least 12"))
        }
        // The smallest context works.
        let smallest = try Architecture(kind: "quantile_forecaster", configuration: QuantileForecaster.Configuration(
            kind: .calibrated, context: 12, horizon: 4, quantiles: [0.5], hidden: 4))
        #expect(try ModelFactory.build(smallest) is QuantileForecaster)
    }
}

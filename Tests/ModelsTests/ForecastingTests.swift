import Testing
import Tensor
import TestSupport
@testable import Models

/// The shared datasets (../shared/datasets/forecasting beside the repository).
enum SharedData {
    static var forecastingDirectory: String {
        let here = #filePath.split(separator: "/").dropLast(3).joined(separator: "/")
        return "/" + here + "/../shared/datasets/forecasting"
    }
    static func series(_ name: String) throws -> TimeSeries { try TimeSeries.load(path: forecastingDirectory + "/\(name).csv") }
}

@Suite("Forecasting data")
struct ForecastingDataTests {
    @Test("CSV parsing reads timestamps and values")
    func parses() throws {
        let series = try TimeSeries.parse(csv: "timestamp,value\n2001-Q1,1.5\n2001-Q2, 2\n\n", name: "s")
        #expect(series.timestamps == ["2001-Q1", "2001-Q2"] && series.values == [1.5, 2])
        #expect(series.frequency == .quarterly)
    }

    @Test("malformed CSV is refused with the line named")
    func malformed() {
        #expect(throws: ForecastError.invalidSeries("s", "line 1 is \"t,v\", expected the header \"timestamp,value\"")) {
            try TimeSeries.parse(csv: "t,v\n1,2", name: "s")
        }
        #expect(throws: ForecastError.invalidSeries("s", "line 3: \"x\" is not a finite number")) {
            try TimeSeries.parse(csv: "timestamp,value\n1,2\n2,x", name: "s")
        }
        #expect(throws: ForecastError.invalidSeries("s", "line 2: \"nan\" is not a finite number")) {
            try TimeSeries.parse(csv: "timestamp,value\n1,nan", name: "s")
        }
        #expect(throws: ForecastError.invalidSeries("s", "line 2 has 3 fields, expected 2: \"1,2,3\"")) {
            try TimeSeries.parse(csv: "timestamp,value\n1,2,3", name: "s")
        }
        #expect(throws: ForecastError.self) { try TimeSeries.load(path: "/nonexistent/file.csv") }
    }

    @Test("frequencies of the shared datasets")
    func frequencies() throws {
        #expect(try SharedData.series("co2_weekly").frequency == .weekly)
        #expect(try SharedData.series("sunspots_yearly").frequency == .yearly)
        #expect(try SharedData.series("us_cpi_quarterly").frequency == .quarterly)
        #expect(Frequency.infer(from: ["2020-01", "2020-02"]) == .monthly)
        #expect(Frequency.infer(from: ["2020-02-28", "2020-02-29"]) == .daily)
        #expect(Frequency.infer(from: ["2020-01-31", "2020-02-29"]) == .monthly)
    }

    @Test("windows are scaled by their own context and map back exactly")
    func windows() {
        let values = (0..<40).map { 100 + 3 * Double($0) }
        let windows = ForecastWindows(values: values, origins: [10, 20], context: 10, horizon: 4)
        #expect(windows.inputs.shape == [2, 10] && windows.targets.shape == [2, 4])
        let (mean, spread) = windows.scales[1]
        #expect(Swift.abs(mean - (100 + 3 * 14.5)) < 1e-9)
        let target = windows.targets.doubles[4] * spread + mean
        #expect(Swift.abs(target - values[20]) < 1e-3)
    }

    @Test("seasonal naive is exact on a periodic series and its CRPS is then zero")
    func seasonalNaive() {
        let values = (0..<60).map { Double([3, 1, 4, 1, 5][$0 % 5]) }
        let levels = [0.1, 0.5, 0.9]
        let naive = SeasonalNaive(values: values, trainingEnd: 45, seasonLength: 5, horizon: 7, quantiles: levels)
        let forecast = naive.forecast(values: values, origin: 45)
        for step in 0..<7 {
            #expect(forecast[step] == [values[45 + step], values[45 + step], values[45 + step]])
        }
        #expect(SeasonalNaive.lag(step: 0, seasonLength: 5) == 5 && SeasonalNaive.lag(step: 5, seasonLength: 5) == 10)
        #expect(SeasonalNaive.lag(step: 3, seasonLength: 1) == 4)
    }

    @Test("quantile CRPS: a point forecast scores its absolute error; wider misses score more")
    func crps() {
        #expect(Swift.abs(quantileCRPS(forecast: [2, 2, 2], levels: [0.25, 0.5, 0.75], observation: 5) - 3) < 1e-12)
        let sharp = quantileCRPS(forecast: [4.9, 5, 5.1], levels: [0.1, 0.5, 0.9], observation: 5)
        let vague = quantileCRPS(forecast: [0, 5, 10], levels: [0.1, 0.5, 0.9], observation: 5)
        #expect(sharp < vague && sharp >= 0)
    }

    @Test("setups that do not fit the series are refused")
    func setups() throws {
        let series = try SharedData.series("us_cpi_quarterly")
        #expect(throws: ForecastError.self) { try ForecastSetup(context: 190).resolved(for: series) }
        #expect(throws: ForecastError.self) { try ForecastSetup(quantiles: [0.5, 0.2]).resolved(for: series) }
        #expect(try ForecastSetup().resolved(for: series).context == 24)
        #expect(try ForecastSetup().resolved(for: SharedData.series("co2_weekly")).context == 104)
    }
}

@Suite("Forecasters trained for real")
struct ForecasterTrainingTests {
    static func config(_ kind: ForecasterKind, epochs: Int = 40) -> ForecastTrainingConfig {
        var config = ForecastTrainingConfig()
        config.kind = kind
        config.training.epochs = epochs
        return config
    }

    @Test("with the default training, the MLP forecaster beats seasonal naive on most shared series")
    func mlpSkill() throws {
        let names = ["co2_weekly", "sunspots_yearly", "us_cpi_quarterly", "us_realgdp_quarterly", "us_unemployment_quarterly"]
        var skills: [String: Double] = [:]
        for name in names {
            let report = try ForecastExperiment.run(try SharedData.series(name), config: ForecastTrainingConfig()).report
            #expect(report.testOrigins > 0 && report.crps.isFinite)
            skills[name] = report.skill
        }
        let positive = skills.values.filter { $0 > 0 }.count
        #expect(positive >= 4, "skill per series: \(skills)")
    }

    @Test("the GRU forecaster learns and beats seasonal naive on a seasonal series")
    func gruSkill() throws {
        let report = try ForecastExperiment.run(try SharedData.series("us_unemployment_quarterly"), config: Self.config(.gru, epochs: 30)).report
        #expect((report.skill ?? -1) > 0, "CRPS \(report.crps) vs naive \(report.baselineCRPS)")
    }

    @Test("training is reproducible bit for bit")
    func reproducible() throws {
        let series = try SharedData.series("us_cpi_quarterly")
        let first = try ForecastExperiment.run(series, config: Self.config(.mlp, epochs: 5)).report
        let second = try ForecastExperiment.run(series, config: Self.config(.mlp, epochs: 5)).report
        #expect(first.crps == second.crps && first.epochs == second.epochs)
    }
}

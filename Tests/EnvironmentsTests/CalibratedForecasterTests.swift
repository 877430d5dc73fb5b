import Checkpoint
import Environments
import Foundation
import Models
import RL
import Tensor
import Testing

/// The claim of the calibrated forecaster at small scale: trained briefly on a few shipped series,
/// it beats seasonal naive on series it never saw, and it does so as a bundle evaluated by
/// Forecast-v0, the way a validator scores it.
@Suite("Calibrated forecaster on unseen series")
struct CalibratedForecasterTests {
    /// Pooled training on three shipped series; the fourth real one and the synthetic families
    /// stay unseen.
    static func train() throws -> QuantileForecaster {
        let names = ["sunspots_yearly", "us_cpi_quarterly", "us_unemployment_quarterly"]
        let series = try names.map { try TimeSeries.load(path: ForecastTests.dataFolder + "/\($0).csv") }
        var config = ForecastTrainingConfig()
        config.kind = .calibrated
        config.setup = ForecastSetup(context: 64, horizon: 4, quantiles: (1...9).map { Double($0) / 10 })
        config.hidden = 32
        // Brief and gentle, as in the measured protocol: longer training overfits the few series.
        config.learningRate = 1e-4
        config.training.epochs = 5
        return try ForecastExperiment.runPooled(series, config: config).model
    }

    /// Forecast-v0's skill, 1 − Σcrps/Σbaseline over `episodes` episodes.
    static func skill(_ policy: LoadedPolicy, on environment: any Environment, episodes: Int) throws -> Double {
        let result = try PolicyEvaluation.evaluate(policy, on: environment, episodes: episodes, seed: 1000)
        let crps = result.finalInfos.map { $0["episode_crps"]! }.reduce(0, +)
        let baseline = result.finalInfos.map { $0["episode_baseline_crps"]! }.reduce(0, +)
        return 1 - crps / baseline
    }

    @Test("trained on three shipped series, its bundle reloads to the same forecasts and beats seasonal naive on unseen series in Forecast-v0")
    func unseenSkill() throws {
        let model = try Self.train()
        let folder = try Self.folder(holding: "us_realgdp_quarterly")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("calibrated-\(UUID().uuidString).h5").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try BundleWriter.write(CheckpointBundle(entries: [try BundleEntry(name: "pooled-calibrated", module: model)]), to: path)
        let bundle = try BundleReader.read(path)
        let entry = try #require(bundle.entries.first)
        #expect(entry.architecture.kind == "quantile_forecaster")

        // The same forecasts before and after the round trip, on windows of every shape.
        var generator = PhiloxGenerator(seed: 5)
        var values: [Double] = []
        for index in 0..<(16 * 64) {
            let wave = Foundation.sin(Double(index % 64) * Double(1 + index / 64) / 5)
            values.append(wave + generator.nextDouble())
        }
        let windows = Tensor(shape: [16, 64], doubles: values).converted(to: .float32)
        let registry = EnvironmentRegistry.builtIn
        let real = try registry.make(ForecastEnvironment.id, options: EnvironmentOptions(values: ["context": 64], strings: [
            "data": folder]))
        let policy = try registry.loadPolicy(entry, for: ForecastEnvironment.id, environment: real)
        let loaded = try #require(policy.policy as? ForecasterPolicy).forecaster
        let before = noGrad { model.eval(); return model(windows).scalars }
        #expect(noGrad { loaded(windows).scalars } == before)

        // Unseen: a real series it never trained on, and synthetic autoregressive series.
        let gdp = try Self.skill(policy, on: real, episodes: 100)
        #expect(gdp > 0, "skill on us_realgdp_quarterly \(gdp)")
        for family in ["ar"] {
            let synthetic = try registry.make(ForecastEnvironment.id, options: EnvironmentOptions(values: ["context": 64], strings: ["synthetic": family]))
            let skill = try Self.skill(try registry.loadPolicy(entry, for: ForecastEnvironment.id, environment: synthetic), on: synthetic, episodes: 100)
            #expect(skill > 0, "skill on synthetic \(family) series \(skill)")
        }
    }

    /// A fresh folder holding one shipped series, so Forecast-v0 draws only that one.
    static func folder(holding name: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("unseen-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: ForecastTests.dataFolder + "/\(name).csv", toPath: folder + "/\(name).csv")
        return folder
    }
}

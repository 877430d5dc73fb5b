import Environments
import Foundation
import RL
import Tensor
import Testing

@Suite("Forecast-v0: probabilistic forecasting scored by CRPS and skill")
struct ForecastTests {
    static let dataFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/datasets/forecasting").path

    /// Plays one episode with forecasts of the window mean (zeros in scaled units) and a fixed spread.
    static func play(_ environment: any Environment, seed: UInt64, spread: Float = 1) -> (rewards: [Double], infos: [[String: Double]], observations: [[Float]]) {
        guard case let .box(box) = environment.actionSpace else { return ([], [], []) }
        var observations = [environment.reset(seed: seed).observation]
        var rewards: [Double] = [], infos: [[String: Double]] = []
        let count = box.elementCount
        while true {
            let action = (0..<count).map { Float($0 % 9 - 4) * spread / 4 }
            let transition = environment.step(.continuous(action))
            rewards.append(transition.reward)
            infos.append(transition.info.values)
            observations.append(transition.observation)
            if transition.isDone { break }
        }
        return (rewards, infos, observations)
    }

    @Test("an episode is a function of its seed; rewards are minus the CRPS; the last step reports skill and its score")
    func episodes() throws {
        let environment = try ForecastEnvironment(options: ["steps": 6])
        let first = Self.play(environment, seed: 3), again = Self.play(environment, seed: 3), other = Self.play(environment, seed: 4)
        #expect(first.observations == again.observations && first.rewards == again.rewards)
        #expect(first.observations != other.observations)
        #expect(first.rewards.count == 6)
        for (reward, info) in zip(first.rewards, first.infos) { #expect(reward == -(info["crps"] ?? .nan)) }
        let last = try #require(first.infos.last)
        let crps = first.infos.map { $0["crps"]! }.reduce(0, +), baseline = first.infos.map { $0["baseline_crps"]! }.reduce(0, +)
        #expect(abs(last["skill"]! - (1 - crps / baseline)) < 1e-12)
        #expect(abs(last["score"]! - min(1, max(0, (1 + last["skill"]!) / 2))) < 1e-12)
        #expect(ForecastEnvironment.defaultMetadata.scoreMapping?.score(-1, finalInfo: last) == last["score"])
        for observation in first.observations { #expect(environment.observationSpace.contains(observation: observation)) }
    }

    @Test("a forecast of what happens has zero CRPS and skill 1; a far-off one scores 0")
    func scoreBounds() throws {
        // A straight line: the seasonal-naive forecast is off by the slope, the truth is exact.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("forecast-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let line = "timestamp,value\n" + (0..<200).map { "\($0),\(Double($0) * 2 + Double($0 % 3))" }.joined(separator: "\n")
        try line.write(toFile: folder + "/line.csv", atomically: true, encoding: .utf8)
        let environment = try ForecastEnvironment(options: EnvironmentOptions(values: ["steps": 3, "horizon": 1, "quantiles": 1, "context": 8],
                                                                              strings: ["data": folder]))
        let far = Self.play(environment, seed: 1, spread: 4000)
        #expect(far.infos.last?["score"] == 0)
        #expect(far.infos.last?["series"] == 0)
    }

    @Test("a folder of CSV files: series drawn by seed, the held-out end only in the test split")
    func folderAndSplits() throws {
        var seenSeries = Set<Double>()
        let environment = try ForecastEnvironment(options: EnvironmentOptions(values: ["quantiles": 19], strings: ["data": Self.dataFolder, "split": "test"]))
        #expect(environment.seriesNames == ["co2_weekly", "sunspots_yearly", "us_cpi_quarterly", "us_realgdp_quarterly", "us_unemployment_quarterly"])
        for seed in 0..<40 as Range<UInt64> { seenSeries.insert(Self.play(environment, seed: seed).infos.last!["series"]!) }
        #expect(seenSeries.count >= 4)
        #expect(try ForecastEnvironment(options: EnvironmentOptions(values: [:], strings: ["data": Self.dataFolder, "split": "train"])).seriesNames.count == 5)
    }

    @Test("bad options are refused by name: split, levels, a missing folder, a folder without CSV files, series too short")
    func options() throws {
        func refuses(_ options: EnvironmentOptions, _ option: String) {
            do {
                _ = try ForecastEnvironment(options: options)
                Issue.record("accepted \(options)")
            } catch let EnvironmentError.invalidOption(_, name, _) {
                #expect(name == option)
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
        refuses(EnvironmentOptions(values: [:], strings: ["split": "validation"]), "split")
        refuses(EnvironmentOptions(values: [:], strings: ["levels": "0.9,0.1"]), "levels")
        refuses(EnvironmentOptions(values: [:], strings: ["data": "/nonexistent-folder"]), "data")
        refuses(EnvironmentOptions(values: [:], strings: ["data": FileManager.default.temporaryDirectory.path + "/no-csv-\(UUID().uuidString)"]), "data")
        refuses(EnvironmentOptions(values: ["steps": 5000], strings: ["data": Self.dataFolder]), "data")
        refuses(EnvironmentOptions(values: ["context": 32], strings: ["synthetic": "chaos"]), "synthetic")
        refuses(["data": 3], "data")
    }

    @Test("every synthetic kind is seeded and finite, and AR coefficients from partial autocorrelations are stationary")
    func synthetic() {
        for kind in SyntheticSeriesKind.allCases {
            var first = PhiloxGenerator(seed: 9), second = PhiloxGenerator(seed: 9)
            let a = kind.generate(length: 500, using: &first), b = kind.generate(length: 500, using: &second)
            #expect(a.values == b.values && a.values.count == 500)
            #expect(a.values.allSatisfy { $0.isFinite })
        }
        // AR(1) keeps its coefficient; AR(2) from (0.5, 0.3): φ1 = 0.5 − 0.3·0.5 = 0.35, φ2 = 0.3.
        #expect(SyntheticSeriesKind.stationaryCoefficients([0.5]) == [0.5])
        let two = SyntheticSeriesKind.stationaryCoefficients([0.5, 0.3])
        #expect(abs(two[0] - 0.35) < 1e-12 && abs(two[1] - 0.3) < 1e-12)
    }
}

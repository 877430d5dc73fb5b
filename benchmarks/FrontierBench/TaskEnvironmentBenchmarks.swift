import Environments
import Foundation
import RL
import Tensor

/// Steps per second of the subnet's task environments, single-threaded, as `make` returns them:
/// random actions from the action space (drawn up front), reset at each episode's end. No peer
/// exists for these tasks; the bar is 100k steps/s.
enum TaskEnvironmentBenchmarks {
    static func stepsPerSecond(_ id: String, options: EnvironmentOptions = [:]) -> Double {
        let environment = try! EnvironmentRegistry.builtIn.make(id, options: options)
        var generator = PhiloxGenerator(seed: 0)
        let actions = (0..<1024).map { _ in environment.actionSpace.sample(using: &generator) }
        _ = environment.reset(seed: 0)
        var index = 0
        var sink = 0.0
        let seconds = Measure.secondsPerCall {
            for _ in 0..<1_000 {
                let transition = environment.step(actions[index & 1023])
                index += 1
                sink += transition.reward
                if transition.isDone { _ = environment.reset() }
            }
        }
        precondition(sink.isFinite)
        return 1_000 / seconds
    }

    static func rows() -> [BenchmarkRow] {
        let forecastData = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/datasets/forecasting").path
        return [
            BenchmarkRow(bench: "env/sat_steps", value: stepsPerSecond("SAT-v0"), unit: "steps/s",
                         detail: "SAT-v0 defaults (n = 20, ratio 4, k = 3, 200 flips), random flips; bar 100k"),
            BenchmarkRow(bench: "env/sat_steps_n200", value: stepsPerSecond("SAT-v0", options: ["variables": 200]), unit: "steps/s",
                         detail: "SAT-v0 with 200 variables"),
            BenchmarkRow(bench: "env/forecast_steps", value: stepsPerSecond("Forecast-v0"), unit: "steps/s",
                         detail: "Forecast-v0 defaults (a new synthetic series every 12 steps), random quantiles; bar 100k"),
            BenchmarkRow(bench: "env/forecast_steps_data", value: stepsPerSecond("Forecast-v0", options: EnvironmentOptions(values: [:], strings: ["data": forecastData])),
                         unit: "steps/s", detail: "Forecast-v0 on the five shipped series"),
        ]
    }
}

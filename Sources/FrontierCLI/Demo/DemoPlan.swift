import Evaluation
import RL

/// What the demo trains and how the embedded validator scores it: the embedded defaults of
/// `frontier demo`, in a full version (minutes, most of it training) and a quick one (seconds,
/// for tests and a first look).
struct DemoPlan {
    /// One control task of the generalist: the environment and its training steps (nil: the
    /// tuned preset's `total_steps`).
    struct ControlTask {
        var id: String
        var steps: Int?
    }

    /// The generalist's tasks, trained one after another with PPO into one bundle.
    var controlTasks: [ControlTask]
    /// The specialist's short runs on control tasks, beside its forecaster.
    var specialistSideTasks: [ControlTask]
    /// Epochs of the forecasting specialist's pooled training.
    var forecasterEpochs: Int
    /// Episodes per environment in the epoch, every miner playing the same ones.
    var episodes: [String: Int]
    /// The near-copy's noise: each parameter gets Gaussian noise of this many times its tensor's
    /// root mean square, enough to change every weight (and so the weight hash) but hardly what
    /// the policy does. 1% was too much: on an AVX-512 machine the noisy MountainCar policy
    /// scored 0.74 against the original's 0.67 over the same seeds, so the copy earned 40% of
    /// the weight (2026-12-07). 0.01% still moves every float32 weight by hundreds of ulps;
    /// MountainCar's long episodes can still flip a near-tie action (0.708 against 0.698 in one
    /// run), well inside the intervals the anti-copy filter compares.
    var copyNoise: Double

    /// The forecaster's shape, which the suite's Forecast-v0 options must match.
    static let forecastContext = 32, forecastHorizon = 4, forecastQuantiles = 19

    /// Minutes on two cores: every control task to its preset's length.
    static let full = DemoPlan(
        controlTasks: ["CartPole-v1", "Acrobot-v1", "MountainCar-v0", "Pendulum-v1"].map { ControlTask(id: $0, steps: nil) },
        specialistSideTasks: [ControlTask(id: "CartPole-v1", steps: 16_384), ControlTask(id: "Acrobot-v1", steps: 32_768)],
        forecasterEpochs: 80,
        episodes: ["CartPole-v1": 64, "Acrobot-v1": 32, "MountainCar-v0": 32, "Pendulum-v1": 32, "Forecast-v0": 128],
        copyNoise: 1e-4)

    /// Seconds: short runs that still give every miner a score (`--quick`, and the demo's test).
    static let quick = DemoPlan(
        controlTasks: [ControlTask(id: "CartPole-v1", steps: 8_192), ControlTask(id: "Acrobot-v1", steps: 8_192),
                       ControlTask(id: "MountainCar-v0", steps: 4_096), ControlTask(id: "Pendulum-v1", steps: 4_096)],
        specialistSideTasks: [ControlTask(id: "CartPole-v1", steps: 2_048), ControlTask(id: "Acrobot-v1", steps: 2_048)],
        forecasterEpochs: 2,
        episodes: ["CartPole-v1": 8, "Acrobot-v1": 4, "MountainCar-v0": 4, "Pendulum-v1": 4, "Forecast-v0": 16],
        copyNoise: 1e-4)

    /// The validator's suite: the control tasks and Forecast-v0 on the held-out end of each
    /// series in `forecastData` (synthetic series when nil), with the default rule.
    func suite(forecastData: String?) -> Suite {
        var environments = controlTasks.map { Suite.Environment(id: $0.id, episodes: episodes[$0.id] ?? 8) }
        let text: [String: String] = forecastData.map { ["data": $0, "split": "test"] } ?? ["synthetic": "mixed"]
        environments.append(Suite.Environment(
            id: "Forecast-v0",
            options: ["context": Double(Self.forecastContext), "horizon": Double(Self.forecastHorizon), "quantiles": Double(Self.forecastQuantiles)],
            textOptions: text, episodes: episodes["Forecast-v0"] ?? 16))
        return Suite(name: "frontier demo", environments: environments)
    }
}

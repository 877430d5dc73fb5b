import Dispatch
import Foundation
import Environments
import RL
import Tensor

/// Frontier's side of the reinforcement-learning rows (benchmarks/peers/rl_peers.py has the
/// peers and the protocol in its docstring).
enum RLBenchmarks {
    /// Raw CartPole-v1 steps/s: one environment as `make` returns it (with its time limit),
    /// random actions drawn from the action space every step, reset when an episode ends.
    static func cartPoleSteps() -> BenchmarkRow {
        // The id is registered, so making it cannot fail.
        let environment = try! EnvironmentRegistry.builtIn.make("CartPole-v1")
        var generator = PhiloxGenerator(seed: 0)
        _ = environment.reset(seed: 0)
        let space = environment.actionSpace
        var sink: Float = 0
        let seconds = Measure.secondsPerCall {
            for _ in 0..<1_000 {
                let transition = environment.step(space.sample(using: &generator))
                sink += transition.observation[0]
                if transition.isDone { sink += environment.reset().observation[0] }
            }
        }
        precondition(sink.isFinite)
        return BenchmarkRow(bench: "rl/cartpole_steps", value: 1_000 / seconds, unit: "steps/s",
                            detail: "make(\"CartPole-v1\") with TimeLimit, actionSpace.sample() per step")
    }

    /// One seed of the time-to-solve protocol: PPO with `frontier train`'s CartPole defaults,
    /// evaluated (10 deterministic episodes, seeds seed+1000…) whenever the step count crosses
    /// a multiple of 5,000; the clock excludes evaluation.
    static func ppoTimeToSolve(seed: UInt64, budget: Int = 100_000) -> (seconds: Double, steps: Int?, best: Double) {
        var config = try! LearnerFactory.configuration(PPOConfig.self, environmentID: "CartPole-v1", registry: .builtIn).config
        // FRONTIER_PPO_OVERRIDES='{"epochs": 10}' tries other hyperparameters (snake_case keys).
        if let text = ProcessInfo.processInfo.environment["FRONTIER_PPO_OVERRIDES"],
           let overrides = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] {
            config = try! ConfigLoading.merge(config, overrides: overrides)
        }
        let ppo = try! PPO(config: config, seed: seed) { _ in try! EnvironmentRegistry.builtIn.make("CartPole-v1") }
        let evaluationEnvironment = try! EnvironmentRegistry.builtIn.make("CartPole-v1")
        var nextEvaluation = 5_000
        var trainingNanoseconds: UInt64 = 0
        var solvedAt: Int?
        var best = -Double.infinity
        var resumed = DispatchTime.now().uptimeNanoseconds
        ppo.train(totalSteps: budget, hooks: TrainingHooks(shouldStop: { progress in
            guard progress.step >= nextEvaluation else { return false }
            // The clock stops while the policy is evaluated.
            trainingNanoseconds += DispatchTime.now().uptimeNanoseconds - resumed
            while nextEvaluation <= progress.step { nextEvaluation += 5_000 }
            let policy = LoadedPolicy(policy: ppo.model, observationStatistics: nil, environmentID: "CartPole-v1")
            let result = try! PolicyEvaluation.evaluate(policy, on: evaluationEnvironment, episodes: 10, seed: seed + 1_000)
            best = max(best, result.mean)
            resumed = DispatchTime.now().uptimeNanoseconds
            if result.mean >= 475 {
                solvedAt = progress.step
                return true
            }
            return false
        }))
        if solvedAt == nil { trainingNanoseconds += DispatchTime.now().uptimeNanoseconds - resumed }
        let seconds = Double(trainingNanoseconds) / 1e9
        return (seconds, solvedAt, best)
    }

    /// The PPO rows: per seed, the median, steps to solve and seeds solved.
    static func ppoRows(seeds: [UInt64] = [0, 1, 2]) -> [BenchmarkRow] {
        var rows: [BenchmarkRow] = []
        var results: [(seconds: Double, steps: Int?, best: Double)] = []
        for seed in seeds {
            let result = ppoTimeToSolve(seed: seed)
            results.append(result)
            rows.append(BenchmarkRow(bench: "rl/ppo_cartpole_time_to_solve_seed\(seed)", value: result.seconds, unit: "s",
                                     higherIsBetter: false,
                                     detail: "steps to solve \(result.steps.map(String.init) ?? "—"), best eval mean \(result.best)",
                                     solved: result.steps != nil))
        }
        let order = results.indices.sorted { results[$0].seconds < results[$1].seconds }
        let median = results[order[order.count / 2]]
        rows.append(BenchmarkRow(bench: "rl/ppo_cartpole_time_to_solve", value: median.seconds, unit: "s", higherIsBetter: false,
                                 detail: "median of seeds \(seeds), 8 envs, evaluation excluded", solved: median.steps != nil))
        let steps = results.compactMap(\.steps).sorted()
        if !steps.isEmpty {
            rows.append(BenchmarkRow(bench: "rl/ppo_cartpole_steps_to_solve", value: Double(steps[steps.count / 2]), unit: "steps",
                                     higherIsBetter: false, detail: "median over solved seeds"))
        }
        rows.append(BenchmarkRow(bench: "rl/ppo_cartpole_seeds_solved", value: Double(steps.count), unit: "seeds",
                                 detail: "of \(seeds.count)"))
        return rows
    }
}

extension RLBenchmarks {
    /// The quality bars: train with `frontier train`'s defaults for the environment, then
    /// evaluate 100 deterministic episodes (seeds 10,000…) and report the mean return, with
    /// the training time in the detail.
    static func qualityRows() -> [BenchmarkRow] {
        var rows: [BenchmarkRow] = []
        for (bench, algorithm, id) in [("rl/ppo_acrobot_return", Algorithm.ppo, "Acrobot-v1"),
                                       ("rl/ppo_pendulum_return", .ppo, "Pendulum-v1"),
                                       ("rl/dqn_cartpole_return", .dqn, "CartPole-v1")] {
            let (learner, steps) = try! LearnerFactory.make(algorithm, environmentID: id, registry: .builtIn, seed: 0)
            let summary = learner.train(totalSteps: steps, hooks: TrainingHooks())
            let policy = LoadedPolicy(policy: learner.policy, observationStatistics: learner.observationStatistics,
                                      observationClip: learner.observationClip, environmentID: id)
            let result = try! PolicyEvaluation.evaluate(policy, on: try! EnvironmentRegistry.builtIn.make(id), episodes: 100,
                                                   seed: 10_000)
            let interval = result.confidenceInterval95
            rows.append(BenchmarkRow(
                bench: bench, value: result.mean, unit: "return",
                detail: String(format: "seed 0, %d steps in %.1f s; 100 episodes: std %.1f, 95%% CI [%.1f, %.1f]",
                               summary.steps, summary.seconds, result.standardDeviation, interval.lowerBound,
                               interval.upperBound)))
        }
        return rows
    }
}

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

    /// The same loop through ``Environment/step(_:into:)``: one transition kept across steps,
    /// the observation written into its array (the C loop's peer: no array handed out per step).
    static func cartPoleStepsInPlace() -> BenchmarkRow {
        // The id is registered, so making it cannot fail.
        let environment = try! EnvironmentRegistry.builtIn.make("CartPole-v1")
        var generator = PhiloxGenerator(seed: 0)
        var transition = Transition(observation: environment.reset(seed: 0).observation, reward: 0,
                                    terminated: false, truncated: false)
        let space = environment.actionSpace
        var sink: Float = 0
        let seconds = Measure.secondsPerCall {
            for _ in 0..<1_000 {
                environment.step(space.sample(using: &generator), into: &transition)
                sink += transition.observation[0]
                if transition.isDone { sink += environment.reset().observation[0] }
            }
        }
        precondition(sink.isFinite)
        return BenchmarkRow(bench: "rl/cartpole_steps_in_place", value: 1_000 / seconds, unit: "steps/s",
                            detail: "make(\"CartPole-v1\") with TimeLimit, step(_:into:) reusing one Transition, actionSpace.sample() per step")
    }

    /// Batched CartPole-v1 steps/s on one thread: ``CartPoleBatch`` of `count` environments,
    /// a random action per environment each step (64 actions from each 64-bit Philox draw),
    /// same-step autoreset. The peers: gymnax's vmapped CartPole and a C loop.
    static func cartPoleBatchedSteps(count: Int = 4_096) -> BenchmarkRow {
        let batch = try! CartPoleBatch(count: count)
        batch.reset(seed: 0)
        var generator = PhiloxGenerator(seed: 0)
        var actions = [Int](repeating: 0, count: count)
        var sink: Float = 0
        let seconds = Measure.secondsPerCall {
            actions.withUnsafeMutableBufferPointer { actions in
                var bits: UInt64 = 0
                for index in actions.indices {
                    if index % 64 == 0 { bits = generator.next() }
                    actions[index] = Int(truncatingIfNeeded: (bits >> UInt64(index % 64)) & 1)
                }
            }
            try! batch.step(actions)
            sink += batch.observations[0]
        }
        precondition(sink.isFinite)
        return BenchmarkRow(bench: "rl/cartpole_batched_\(count)_steps", value: Double(count) / seconds, unit: "steps/s",
                            detail: "CartPoleBatch(count: \(count)): float64 dynamics bit-equal to Gymnasium's, float32 observations, "
                                + "random actions, same-step autoreset; one call = one step of all \(count); 1 thread")
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

extension RLBenchmarks {
    /// PPO with PureJaxRL's CartPole-v1 hyperparameters for 500,000 steps on one thread, beside
    /// benchmarks/peers/purejaxrl_ppo.py: 4 copies × 128 steps, 4 epochs of 4 minibatches, Adam
    /// (ε 1e-5) at 2.5e-4 annealed, gradient norm 0.5, γ 0.99, λ 0.95, clip 0.2 (not annealed,
    /// also on the value loss), entropy 0.01, 64-64 tanh. PureJaxRL weighs ½·MSE by 0.5, so the
    /// value coefficient on Frontier's plain MSE is 0.25. One difference stays: Frontier
    /// bootstraps truncated episodes, PureJaxRL treats them as terminated.
    static func pureJaxRLConfig() -> PPOConfig {
        var config = PPOConfig()
        config.onPolicy = OnPolicyConfig(environmentCount: 4, rolloutSteps: 128, learningRate: 2.5e-4, annealLearningRate: true,
                                         gamma: 0.99, gaeLambda: 0.95, normalizeAdvantages: true, entropyCoefficient: 0.01,
                                         valueCoefficient: 0.25, maxGradientNorm: 0.5, hiddenSizes: [64, 64], activation: .tanh)
        config.minibatchCount = 4
        config.epochs = 4
        config.adamEpsilon = 1e-5
        config.clipRange = 0.2
        config.annealClipRange = false
        config.clipValueLoss = true
        return config
    }

    /// Training seconds and the last 100 episodes' mean return per seed, and their medians.
    static func pureJaxRLRows(seeds: [UInt64] = [0, 1, 2], steps: Int = 500_000) -> [BenchmarkRow] {
        var rows: [BenchmarkRow] = []
        var results: [(seconds: Double, meanReturn: Double)] = []
        for seed in seeds {
            let ppo = try! PPO(config: pureJaxRLConfig(), seed: seed) { _ in try! EnvironmentRegistry.builtIn.make("CartPole-v1") }
            let clock = ContinuousClock(), start = clock.now
            let summary = ppo.train(totalSteps: steps)
            let seconds = (clock.now - start).seconds
            let meanReturn = summary.recentMeanReturn ?? 0
            results.append((seconds, meanReturn))
            let detail = "seed \(seed), PureJaxRL's hyperparameters, \(summary.steps) steps, 1 thread"
            rows.append(BenchmarkRow(bench: "rl/ppo_cartpole_500k_train_seconds_seed\(seed)", value: seconds, unit: "s",
                                     higherIsBetter: false, detail: detail))
            rows.append(BenchmarkRow(bench: "rl/ppo_cartpole_500k_return_seed\(seed)", value: meanReturn, unit: "return",
                                     detail: detail + "; mean return of the last 100 training episodes"))
        }
        func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
        rows.append(BenchmarkRow(bench: "rl/ppo_cartpole_500k_train_seconds", value: median(results.map(\.seconds)), unit: "s",
                                 higherIsBetter: false, detail: "median over seeds \(seeds); no compile step"))
        rows.append(BenchmarkRow(bench: "rl/ppo_cartpole_500k_return", value: median(results.map(\.meanReturn)), unit: "return",
                                 detail: "median over seeds \(seeds)"))
        return rows
    }
}

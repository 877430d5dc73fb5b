import AutoML
import Environments
import Foundation
import RL

/// AutoML rows of `make bench`: TPE's best value on Branin and Hartmann-6 (median over seeds
/// 0–4, after 50 and 200 trials) and its overhead per trial, against Optuna's TPESampler with
/// its defaults (benchmarks/peers/automl_peers.py, same functions, same seeds, same counts);
/// and ASHA against random search with full budgets on PPO for CartPole-v1.
enum AutoMLBenchmarks {
    /// Branin–Hoo on [−5, 10] × [0, 15]; minimum 0.397887.
    static func branin(_ x1: Double, _ x2: Double) -> Double {
        let b = 5.1 / (4 * Double.pi * Double.pi), c = 5 / Double.pi, t = 1 / (8 * Double.pi)
        let inner = x2 - b * x1 * x1 + c * x1 - 6
        return inner * inner + 10 * (1 - t) * cos(x1) + 10
    }

    /// Hartmann-6 on [0, 1]⁶; minimum −3.32237.
    static func hartmann6(_ x: [Double]) -> Double {
        let alpha = [1.0, 1.2, 3.0, 3.2]
        let a: [[Double]] = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
        let p: [[Double]] = [[1312, 1696, 5569, 124, 8283, 5886], [2329, 4135, 8307, 3736, 1004, 9991],
                             [2348, 1451, 3522, 2883, 3047, 6650], [4047, 8828, 8732, 5743, 1091, 381]]
        var total = 0.0
        for i in 0..<4 {
            var exponent = 0.0
            for j in 0..<6 { exponent += a[i][j] * (x[j] - p[i][j] * 1e-4) * (x[j] - p[i][j] * 1e-4) }
            total += alpha[i] * exp(-exponent)
        }
        return -total
    }

    static var objectives: [(name: String, objective: (AutoML.Trial) throws -> Double)] { [
        ("branin", { trial in branin(try trial.suggestFloat("x1", -5, 10), try trial.suggestFloat("x2", 0, 15)) }),
        ("hartmann6", { trial in hartmann6(try (0..<6).map { try trial.suggestFloat("x\($0)", 0, 1) }) }),
    ] }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    /// Best values after 50 and 200 trials, median over seeds 0–4 (the bar), and seconds
    /// per trial; with `suffix`, rows named `…_best50<suffix>` over other seeds (a check of how
    /// much five seeds' medians move), without the timing row.
    /// `optunaSettings` runs Frontier's TPE with Optuna's constants (`TPESampler.Configuration.optuna`)
    /// instead of its own defaults: rows `…<suffix>_optuna_settings`, Frontier-only, to show what
    /// the departures buy.
    static func tpeRows(seeds: [UInt64] = [0, 1, 2, 3, 4], suffix: String = "", optunaSettings: Bool = false) -> [BenchmarkRow] {
        let suffix = suffix + (optunaSettings ? "_optuna_settings" : "")
        var rows: [BenchmarkRow] = []
        for (name, objective) in objectives {
            var best50: [Double] = [], best200: [Double] = [], secondsPerTrial: [Double] = []
            for seed in seeds {
                var bestSoFar = Double.infinity
                let sampler = optunaSettings ? TPESampler(.optuna(seed: seed)) : TPESampler(seed: seed)
                let study = try! AutoML.Study(sampler: sampler)
                let start = ContinuousClock.now
                for number in 0..<200 {
                    let trial = try! study.ask()
                    let value = try! objective(trial)
                    try! study.tell(trial, value: value)
                    bestSoFar = min(bestSoFar, value)
                    if number == 49 { best50.append(bestSoFar) }
                }
                secondsPerTrial.append((ContinuousClock.now - start).seconds / 200)
                best200.append(bestSoFar)
            }
            let configuration = optunaSettings ? TPESampler.Configuration.optuna() : TPESampler.Configuration()
            let constants = "\(configuration.eiCandidates) candidates, bandwidth floor ×\(configuration.bandwidthFloor), γ ≤ \(configuration.goodLimit)"
            let detail = (optunaSettings ? "TPE with Optuna 5.0's settings (" : "TPE defaults (multivariate, 10 start-up trials, ")
                + constants + "), seeds \(seeds.first!)–\(seeds.last!): "
            rows.append(BenchmarkRow(bench: "automl/tpe_\(name)_best50\(suffix)", value: median(best50), unit: "best value", higherIsBetter: false,
                                     detail: detail + best50.map { String(format: "%.4f", $0) }.joined(separator: ", ")))
            rows.append(BenchmarkRow(bench: "automl/tpe_\(name)_best200\(suffix)", value: median(best200), unit: "best value", higherIsBetter: false,
                                     detail: detail + best200.map { String(format: "%.4f", $0) }.joined(separator: ", ")))
            guard suffix.isEmpty else { continue }
            // The objective costs nanoseconds: this is the sampler's and the study's time.
            rows.append(BenchmarkRow(bench: "automl/tpe_\(name)_ms_per_trial", value: median(secondsPerTrial) * 1e3, unit: "ms", higherIsBetter: false,
                                     detail: "ask + tell over 200 trials, in-memory study, median of the seeds"))
        }
        return rows
    }

    /// ASHA against random search with full budgets on the same `configurations` PPO
    /// configurations (the same random sampler and seed draw the same ones): steps spent and
    /// whether a configuration reached a mean evaluation return of 475.
    static func ashaRows(configurations: Int = 27, budget: Int = 50_000, seed: UInt64 = 0) -> [BenchmarkRow] {
        let interval = budget / 9
        func search(pruner: any Pruner, stopAtReturn: Double?) -> (steps: Int, solvedBy: Int?, stepsToSolve: Int?, solvedCount: Int) {
            let study = try! AutoML.Study(direction: .maximize, sampler: RandomSampler(seed: seed), pruner: pruner)
            let runner = RLTrialRunner(environmentID: "CartPole-v1", registry: .builtIn, budget: budget,
                                       evaluationInterval: interval, evaluationEpisodes: 5, stopAtReturn: stopAtReturn, seed: seed)
            var steps = 0, firstSolved: Int?, stepsToSolve: Int?, solved = 0
            for _ in 0..<configurations {
                let trial = try! study.ask(PPOSearchSpace.standard)
                guard let outcome = try? runner.run(trial, parameters: trial.parameters) else {
                    try! study.tell(trial, state: .failed)
                    continue
                }
                steps += outcome.steps
                let reached = study.reported(atLeast: 475, trial: trial.number)
                if reached {
                    solved += 1
                    if firstSolved == nil { (firstSolved, stepsToSolve) = (trial.number, steps) }
                }
                if outcome.pruned { try! study.tell(trial, state: .pruned) } else { try! study.tell(trial, value: outcome.value ?? -1) }
            }
            return (steps, firstSolved, stepsToSolve, solved)
        }
        let random = search(pruner: NopPruner(), stopAtReturn: nil)
        let asha = search(pruner: ASHAPruner(minimumResource: interval, reductionFactor: 3), stopAtReturn: 475)
        let detail = "\(configurations) PPO configurations from PPO's standard space (random sampler, seed \(seed)), \(budget)-step budgets, "
            + "evaluations every \(interval) steps (5 episodes)"
        return [
            BenchmarkRow(bench: "automl/cartpole_random_full_budget_steps", value: Double(random.steps), unit: "steps", higherIsBetter: false,
                         detail: detail + "; \(random.solvedCount) configurations reached 475, the first was trial \(random.solvedBy.map(String.init) ?? "none")",
                         solved: random.solvedBy != nil),
            BenchmarkRow(bench: "automl/cartpole_asha_steps", value: Double(asha.steps), unit: "steps", higherIsBetter: false,
                         detail: detail + "; ASHA η=3 from the first evaluation, trials stop at 475; \(asha.solvedCount) reached 475, the first was trial "
                             + "\(asha.solvedBy.map(String.init) ?? "none") after \(asha.stepsToSolve.map(String.init) ?? "-") steps in all; "
                             + String(format: "ratio to random search: %.3f", Double(asha.steps) / Double(max(random.steps, 1))),
                         solved: asha.solvedBy != nil),
        ]
    }
}

extension AutoML.Study {
    /// Whether trial `number` reported an evaluation mean of at least `threshold`.
    func reported(atLeast threshold: Double, trial number: Int) -> Bool {
        ((try? trials())?.first { $0.number == number }?.intermediateValues.values.contains { $0 >= threshold }) ?? false
    }
}

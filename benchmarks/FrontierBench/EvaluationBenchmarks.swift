import Checkpoint
import Environments
import Evaluation
import Foundation
import RL
import Tensor

/// Frontier's evaluation rows: episodes per second of a policy on every built-in environment
/// (an untrained 64-64 actor-critic, deterministic actions, one thread and all threads), and the
/// time to score 256 miners × 8 environments. No peer runs the same pipeline, so these rows have
/// none.
enum EvaluationBenchmarks {
    static func rows() -> [BenchmarkRow] {
        var rows: [BenchmarkRow] = []
        let registry = EnvironmentRegistry.builtIn
        for entry in registry.all where entry.metadata.scoreMapping != nil {
            let id = entry.metadata.id
            // The ids are registered, so making them cannot fail.
            let environment = try! registry.make(id)
            var generator = PhiloxGenerator(seed: 0)
            let policy = ActorCritic(.init(observationSize: environment.observationSpace.flatSize, actionSpace: environment.actionSpace),
                                     using: &generator)
            let bundle = CheckpointBundle(entries: [try! PolicyBundle.entry(environmentID: id, policy: policy,
                                                                            observationSpace: environment.observationSpace,
                                                                            observationStatistics: nil, metadata: [:])])
            let episodes = 64
            let suite = Suite(name: "bench", environments: [.init(id: id, episodes: episodes)])
            for threads in [1, TensorRuntime.onlineProcessorCount] {
                let evaluator = BundleEvaluator(registry: registry, threads: threads)
                var steps = 0
                let seconds = Measure.secondsPerCall(minimumSeconds: 1) {
                    steps = try! evaluator.evaluate(bundle, suite: suite, seed: 1).environments[0].episodes.reduce(0) { $0 + $1.length }
                }
                rows.append(BenchmarkRow(bench: "eval/\(id)_episodes\(threads == 1 ? "_1thread" : "")", value: Double(episodes) / seconds,
                                         unit: "episodes/s", detail: "\(threads) thread\(threads == 1 ? "" : "s"), untrained 64-64 actor-critic, "
                                         + "\(Double(steps) / Double(episodes)) steps per episode"))
            }
        }
        rows.append(scoringRow())
        return rows
    }

    /// 256 miners × 8 environments × 200 per-task scores through `affine-subsets`.
    static func scoringRow() -> BenchmarkRow {
        var random = SplitMix64(seed: 3)
        let environments = (0..<8).map { "env\($0)" }
        var table = ScoreTable(environments: environments, tasks: Array(repeating: (0..<200).map(String.init), count: 8))
        for uid in 1...256 {
            try! table.addMiner(uid: uid, hotkey: "h\(uid)", firstSubmitted: Int64(uid))
            let skill = Double(random.next() % 1000) / 1000
            for environment in environments {
                var scores: [String: Double] = [:]
                for task in 0..<200 where random.next() % 20 != 0 {
                    scores[String(task)] = Double(random.next() % 1000) / 1000 < skill ? 1 : 0
                }
                try! table.setTaskScores(uid: uid, environment: environment, scores: scores)
            }
        }
        let seconds = Measure.secondsPerCall(minimumSeconds: 2) { _ = try! AffineSubsetsRule().score(table) }
        return BenchmarkRow(bench: "eval/score_256x8", value: seconds, unit: "s (lower is better)", higherIsBetter: false,
                            detail: "affine-subsets, 200 pass/fail tasks per environment, 95% completed, with intervals")
    }
}

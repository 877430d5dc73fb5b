import ArgumentParser
import Checkpoint
import Environments
import Evaluation
import Foundation
import NN
import RL
import Tensor

extension Frontier {
    /// `frontier evaluate`: plays bundles' policies, either on one environment (`--env`: the
    /// return's mean, deviation and interval) or on a suite (`--suite`: per-environment scores
    /// with intervals, the same tasks for every bundle).
    struct Evaluate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Evaluate bundles on one environment (--env) or on a suite of them (--suite): scores with 95% intervals.")

        @Argument(help: "Checkpoint bundles (.h5); with --env exactly one.")
        var bundles: [String]

        @Option(help: "Environment id: play this one environment (the bundle must hold an entry for it).")
        var env: String?

        @Option(help: "A suite.yaml: play every environment of it (docs/scoring.md).")
        var suite: String?

        @Flag(help: "With --suite: the built-in suite of every registered environment that declares a score.")
        var builtInSuite = false

        @Option(name: .customLong("option"), help: "With --env: an environment option key=value (repeatable).")
        var options: [String] = []

        @Option(help: "With --env: episodes to play (episode i starts from reset(seed: seed + i)).")
        var episodes = 10

        @Option(help: "The seed (with --suite: the epoch seed every task's seed derives from).")
        var seed: UInt64 = 0

        @Flag(help: "Sample actions (seeded) instead of taking the most likely one.")
        var stochastic = false

        @Option(help: "With --suite: threads playing tasks side by side (results do not depend on it).")
        var threads = TensorRuntime.onlineProcessorCount

        @Option(help: "With --suite: also write every episode's result as JSON here, for `frontier weights`.")
        var results: String?

        @Flag(help: "Print JSON instead of text.")
        var json = false

        func validate() throws {
            guard !bundles.isEmpty else { throw ValidationError("give at least one bundle") }
            let modes = [env != nil, suite != nil, builtInSuite].filter { $0 }.count
            guard modes == 1 else { throw ValidationError("give one of --env ID, --suite FILE or --built-in-suite") }
            if env == nil && !options.isEmpty { throw ValidationError("--option goes with --env; a suite names its options") }
            do { _ = try EnvironmentOptions(pairs: options) } catch { throw ValidationError("--option: \(error)") }
            if env != nil {
                guard bundles.count == 1 else { throw ValidationError("--env evaluates one bundle; use --suite for several") }
                guard episodes > 0 else { throw ValidationError("--episodes must be positive, got \(episodes)") }
                guard results == nil else { throw ValidationError("--results goes with --suite") }
            }
            guard threads > 0, threads <= 1024 else { throw ValidationError("--threads must lie in 1...1024, got \(threads)") }
        }

        func run() throws {
            // Bundles may come from strangers: a child `frontier inspect` reads each file first (see
            // IsolatedBundleReader), so a file that crashes libhdf5 cannot take this process down.
            let checker = SelfExecutable.url
            if let env {
                let bundle = try SingleEnvironmentEvaluation.readBundle(bundles[0], checker: checker)
                let result = try SingleEnvironmentEvaluation.evaluate(
                    bundle: bundle, bundlePath: bundles[0], environmentID: env, options: try EnvironmentOptions(pairs: options),
                    registry: .builtIn, episodes: episodes,
                    seed: seed, deterministic: !stochastic)
                let perSeries = try SeriesBreakdown(result, environmentID: env, options: try EnvironmentOptions(pairs: options))
                if json {
                    print(perSeries.map { String(result.json.dropLast()) + ", \"series\": " + $0.json + "}" } ?? result.json)
                } else {
                    let interval = result.confidenceInterval95
                    print(String(format: "%@: mean return %.3f ± %.3f (std), 95%% interval [%.3f, %.3f] over %d episodes, seed %llu",
                                 env, result.mean, result.standardDeviation, interval.lowerBound, interval.upperBound,
                                 result.episodes, result.seed))
                    if let perSeries { print(perSeries.text) }
                }
                return
            }
            let chosen = try suite.map { try SuiteFile.read($0) } ?? Suite.builtIn(registry: .builtIn)
            try chosen.validate(against: .builtIn)
            if let results { try OutputPath.prepare([.init(option: "--results", path: results)], inputs: bundles + (suite.map { [$0] } ?? [])) }
            let evaluator = BundleEvaluator(registry: .builtIn, threads: threads, deterministic: !stochastic)
            var submissions: [EvaluatedSubmission] = []
            for (index, path) in bundles.enumerated() {
                let bundle = try SingleEnvironmentEvaluation.readBundle(path, checker: checker)
                let evaluation = try evaluator.evaluate(bundle, suite: chosen, seed: seed)
                // Miners are numbered from 1 in the order given (uid 0 is the subnet owner's), and
                // that order stands for submission time.
                submissions.append(EvaluatedSubmission(uid: index + 1, hotkey: bundle.hotkey ?? path,
                                                       firstSubmitted: Int64(index), evaluation: evaluation))
            }
            let stored = EvaluationResults(suite: chosen, seed: seed, submissions: submissions)
            if let results { try stored.json().write(to: URL(fileURLWithPath: results), options: .atomic) }
            print(json ? SuiteReport.json(stored, paths: bundles) : SuiteReport.text(stored, suite: chosen, paths: bundles))
        }
    }
}

/// How `frontier evaluate --suite` prints results.
enum SuiteReport {
    static func text(_ results: EvaluationResults, suite: Suite, paths: [String]) -> String {
        var lines = ["suite \(TerminalText.escaped(suite.name)) (rule \(suite.rule.name)), epoch seed \(results.seed), "
                     + "\(suite.environments.count) environments"]
        for (submission, path) in zip(results.submissions, paths) {
            lines.append("")
            lines.append("\(TerminalText.escaped(path))  uid \(submission.uid), weights \(submission.evaluation.weightHash.prefix(16))…")
            lines.append("  " + "environment".padding(18) + "score  " + "95% interval".padding(17) + "completed  mean return  failures")
            for results in submission.evaluation.environments {
                let summary = EnvironmentSummary(results)
                let interval = summary.interval.map { "[\($0.lower.formatted(digits: 3)), \($0.upper.formatted(digits: 3))]" } ?? "-"
                let failures = summary.failures.sorted { $0.key.rawValue < $1.key.rawValue }
                    .map { "\($0.value) \($0.key.rawValue.replacingOccurrences(of: "_", with: " "))" }.joined(separator: ", ")
                lines.append("  " + summary.environment.padding(18) + summary.meanScore.formatted(digits: 3).padding(7)
                             + interval.padding(17) + "\(summary.completed)/\(summary.expected)".padding(11)
                             + (summary.meanReturn.map { $0.formatted(digits: 2) } ?? "-").padding(13) + (failures.isEmpty ? "-" : failures))
            }
        }
        return lines.joined(separator: "\n")
    }

    static func json(_ results: EvaluationResults, paths: [String]) -> String {
        let number = MetricsLog.number
        let bundles = zip(results.submissions, paths).map { submission, path in
            let environments = submission.evaluation.environments.map { results in
                let summary = EnvironmentSummary(results)
                let interval = summary.interval.map { "[\(number($0.lower)), \(number($0.upper))]" } ?? "null"
                let failures = summary.failures.sorted { $0.key.rawValue < $1.key.rawValue }
                    .map { "\"\($0.key.rawValue)\": \($0.value)" }.joined(separator: ", ")
                return "{\"ci95\": \(interval), \"completed\": \(summary.completed), \"environment\": \"\(MetricsLog.escape(summary.environment))\", "
                    + "\"expected\": \(summary.expected), \"failures\": {\(failures)}, \"mean_return\": \(summary.meanReturn.map(number) ?? "null"), "
                    + "\"mean_score\": \(number(summary.meanScore))}"
            }
            return "{\"bundle\": \"\(MetricsLog.escape(path))\", \"environments\": [\(environments.joined(separator: ", "))], "
                + "\"uid\": \(submission.uid), \"weights_sha256\": \"\(submission.evaluation.weightHash)\"}"
        }
        return "{\"bundles\": [\(bundles.joined(separator: ", "))], \"seed\": \(results.seed)}"
    }
}

extension Algorithm: ExpressibleByArgument {}

import ArgumentParser
import Checkpoint
import Environments
import Foundation
import NN
import RL
import Tensor

extension Frontier {
    /// `frontier train`: trains a policy on a registered environment and writes a bundle, the
    /// metrics as JSON lines and the learning curve as SVG.
    struct Train: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Train a policy (PPO, DQN or A2C) on a registered environment.")

        @Option(help: "Environment id (see `frontier env list`).")
        var env: String

        @Option(help: "Algorithm: ppo, dqn or a2c.")
        var algo: Algorithm = .ppo

        @Option(help: "Environment steps to train for (default: the config's total_steps).")
        var steps: Int?

        @Option(help: "Seed of networks, sampling and environments.")
        var seed: UInt64 = 0

        @Option(help: "YAML file overriding hyperparameters by snake_case key (e.g. learning_rate: 0.001).")
        var config: String?

        @Option(help: "Where to write the bundle (default: Checkpoints/<env>-<algo>-seed<seed>.h5).")
        var out: String?

        @Option(help: "Where to write metrics as JSON lines (default: beside the bundle, .metrics.jsonl).")
        var metrics: String?

        @Option(help: "Where to write the learning curve (default: beside the bundle, .svg).")
        var curve: String?

        @Option(help: "Threads stepping the environment copies (1: serial, reproducible either way).")
        var threads = 1

        @Flag(help: "No live progress line.")
        var quiet = false

        @Option(help: "Refuse configs whose estimated memory exceeds this many GiB.")
        var memoryLimit: Double = Double(MemoryEstimate.defaultLimit) / Double(1 << 30)

        func validate() throws {
            if let steps, steps <= 0 { throw ValidationError("--steps must be positive, got \(steps)") }
            guard threads > 0 else { throw ValidationError("--threads must be positive, got \(threads)") }
            try MemoryLimitOption.validate(memoryLimit)
        }

        func run() throws {
            // Policy networks are small: one thread is fastest, and it makes the same seed give
            // the same curve (a multi-threaded BLAS may sum in a different order).
            BLASRuntime.setThreadCount(1)
            TensorRuntime.intraOpThreads = 1
            let bundlePath = out ?? "Checkpoints/\(env)-\(algo.rawValue)-seed\(seed).h5"
            let base = bundlePath.hasSuffix(".h5") ? String(bundlePath.dropLast(3)) : bundlePath
            let metricsPath = metrics ?? base + ".metrics.jsonl"
            let curvePath = curve ?? base + ".svg"
            // Every output is checked before the config is read or a network made.
            try OutputPath.prepare([.init(option: "--out", path: bundlePath), .init(option: "--metrics", path: metricsPath),
                                    .init(option: "--curve", path: curvePath)], inputs: config.map { [$0] } ?? [])
            let configFile = try config.map(ConfigFile.read)
            let made: (learner: any Learner, totalSteps: Int)
            do {
                made = try LearnerFactory.make(
                    algo, environmentID: env, registry: .builtIn, defaults: TunedHyperparameters.defaults(for: env),
                    overrides: configFile?.values ?? [:], seed: seed, threads: threads,
                    memoryLimit: MemoryLimitOption.bytes(memoryLimit))
            } catch let error as TrainingError {
                throw configFile?.locate(error) ?? ValidationError("\(error)")
            }
            let learner = made.learner
            let requestedSteps = steps ?? made.totalSteps
            let totalSteps = learner.plannedSteps(for: requestedSteps)
            if totalSteps != requestedSteps {
                FileHandle.standardError.write(Data("note: \(learner.stepGranularityReason): \(requestedSteps) steps requested, \(totalSteps) will be trained\n".utf8))
            }
            // A fresh metrics file per run: appending to an old run's lines would mix two curves.
            guard FileManager.default.createFile(atPath: metricsPath, contents: nil) else {
                throw ValidationFailure("cannot create the metrics file \(metricsPath)")
            }
            var bar = ProgressBar(total: totalSteps, enabled: !quiet)
            let hooks = TrainingHooks(metrics: try MetricsLog.file(metricsPath), onProgress: { progress in
                bar.update(done: progress.step, status: progress.statusLine)
            })
            let summary = learner.train(totalSteps: totalSteps, hooks: hooks)
            bar.finish()
            if let failure = summary.failure {
                throw ValidationFailure("training stopped after \(summary.steps) steps: \(env)'s \(failure); no bundle was written")
            }

            let observationSpace = try RL.EnvironmentRegistry.builtIn.make(env).observationSpace
            let entry = try PolicyBundle.entry(
                environmentID: env, policy: learner.policy, observationSpace: observationSpace,
                observationStatistics: learner.observationStatistics, observationClip: learner.observationClip,
                metadata: [
                    "algorithm": algo.rawValue, "hyperparameters": learner.configurationJSON, "seed": "\(seed)",
                    "steps": "\(summary.steps)", "episodes": "\(summary.episodes.count)",
                    "environment_version": "\(EnvironmentRegistry.builtIn.entry(env)?.metadata.version ?? 0)",
                    "frontier_version": VersionReport.version,
                ])
            try BundleWriter.write(CheckpointBundle(entries: [entry]), to: bundlePath)
            let title = "\(env) — \(algo.rawValue.uppercased()), seed \(seed)"
            try LearningCurveSVG.render(summary.episodes, title: title).write(toFile: curvePath, atomically: true, encoding: .utf8)
            let mean = summary.recentMeanReturn.map { String(format: "%.2f", $0) } ?? "n/a"
            print("trained \(algo.rawValue) on \(env): \(summary.steps) steps in \(String(format: "%.2f", summary.seconds)) s "
                  + "(\(Int(Double(summary.steps) / max(summary.seconds, 1e-9))) steps/s), \(summary.episodes.count) episodes, "
                  + "mean return of the last 100: \(mean)")
            print("bundle: \(bundlePath)\nmetrics: \(metricsPath)\ncurve: \(curvePath)")
        }
    }
}

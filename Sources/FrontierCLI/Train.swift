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

        @Option(help: "Environment id (see `frontier env list`); taken from the bundle with --resume.")
        var env: String?

        @Option(name: .customLong("option"), help: "An environment option key=value (repeatable); stored in the bundle.")
        var options: [String] = []

        @Option(help: "Algorithm: ppo, dqn or a2c (default: ppo).")
        var algo: Algorithm?

        @Option(help: "Environment steps to train for (default: the config file's total_steps, else the environment's preset; with --resume, the rest of the run's plan).")
        var steps: Int?

        @Option(help: "Seed of networks, sampling and environments (default: 0).")
        var seed: UInt64?

        @Option(help: "Continue the PPO run saved in this bundle, bit-identically to an uninterrupted run; --steps then counts the steps added.")
        var resume: String?

        @Option(help: "Evaluate the policy deterministically every this many environment steps, on seeds apart from training's.")
        var evalEvery: Int?

        @Option(help: "Episodes per evaluation.")
        var evalEpisodes = 10

        @Option(help: "Stop at the first evaluation whose mean return is at least this, keeping that policy (needs --eval-every).")
        var stopAtReturn: Double?

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
            if resume != nil {
                for (given, option) in [(env != nil, "--env"), (algo != nil, "--algo"), (seed != nil, "--seed"), (config != nil, "--config"),
                                        (!options.isEmpty, "--option")] where given {
                    throw ValidationError("\(option) comes from the bundle when resuming; leave it out")
                }
            } else if env == nil {
                throw ValidationError("--env is required (or --resume BUNDLE)")
            }
            if let evalEvery, evalEvery <= 0 { throw ValidationError("--eval-every must be positive, got \(evalEvery)") }
            guard evalEpisodes > 0 else { throw ValidationError("--eval-episodes must be positive, got \(evalEpisodes)") }
            if stopAtReturn != nil && evalEvery == nil { throw ValidationError("--stop-at-return needs --eval-every") }
            if let stopAtReturn, !stopAtReturn.isFinite { throw ValidationError("--stop-at-return must be a finite number") }
            guard threads > 0 else { throw ValidationError("--threads must be positive, got \(threads)") }
            try MemoryLimitOption.validate(memoryLimit)
            do { _ = try EnvironmentOptions(pairs: options) } catch { throw ValidationError("--option: \(error)") }
        }

        func run() throws {
            // Policy networks are small: one thread is fastest, and it makes the same seed give
            // the same curve (a multi-threaded BLAS may sum in a different order).
            BLASRuntime.setThreadCount(1)
            TensorRuntime.intraOpThreads = 1
            let resumed = try resume.map(readResumedEntry)
            let env = resumed?.name ?? self.env!
            // Checked in validate(); a resumed run takes the options it was trained with.
            let environmentOptions = try EnvironmentOptions(pairs: resumed.map { RunResumption.optionPairs($0.metadata[RunResumption.optionsKey]) } ?? options)
            let algoName = resumed?.metadata["algorithm"] ?? (algo ?? .ppo).rawValue
            let seedValue = resumed.flatMap { $0.metadata["seed"].flatMap(UInt64.init) } ?? seed ?? 0
            let bundlePath = out ?? defaultBundlePath(env: env, algorithm: algoName, seed: seedValue)
            let base = bundlePath.hasSuffix(".h5") ? String(bundlePath.dropLast(3)) : bundlePath
            let metricsPath = metrics ?? base + ".metrics.jsonl"
            let curvePath = curve ?? base + ".svg"
            // Every output is checked before the config is read or a network made.
            try OutputPath.prepare([.init(option: "--out", path: bundlePath), .init(option: "--metrics", path: metricsPath),
                                    .init(option: "--curve", path: curvePath)], inputs: (config.map { [$0] } ?? []) + (resume.map { [$0] } ?? []))
            let learner: any Learner
            let algorithm: Algorithm
            let requestedSteps: Int
            if let resumed {
                let restored: (learner: any ResumableLearner, algorithm: Algorithm, seed: UInt64)
                do {
                    restored = try RunResumption.restore(resumed, registry: .builtIn,
                                                         threads: threads, memoryLimit: MemoryLimitOption.bytes(memoryLimit))
                } catch {
                    throw ValidationFailure("\(resume!): \(error)")
                }
                let done = restored.learner.completedSteps
                let planned = restored.learner.scheduleHorizon ?? done
                guard steps != nil || planned > done else {
                    throw ValidationFailure("\(resume!): the run is complete (\(done) of \(planned) steps); give --steps to extend it")
                }
                requestedSteps = steps ?? planned - done
                // Extending past the plan stretches the schedule to the new end from here on.
                if done + requestedSteps > planned { restored.learner.scheduleHorizon = done + requestedSteps }
                (learner, algorithm) = (restored.learner, restored.algorithm)
            } else {
                let configFile = try config.map(ConfigFile.read)
                let made: (learner: any Learner, totalSteps: Int)
                do {
                    made = try LearnerFactory.make(
                        algo ?? .ppo, environmentID: env, options: environmentOptions, registry: .builtIn,
                        overrides: configFile?.values ?? [:], seed: seedValue, threads: threads,
                        memoryLimit: MemoryLimitOption.bytes(memoryLimit))
                } catch let error as TrainingError {
                    throw configFile?.locate(error) ?? ValidationError("\(error)")
                }
                (learner, algorithm) = (made.learner, algo ?? .ppo)
                requestedSteps = steps ?? made.totalSteps
            }
            let totalSteps = learner.plannedSteps(for: requestedSteps)
            if totalSteps != requestedSteps {
                FileHandle.standardError.write(Data("note: \(learner.stepGranularityReason): \(requestedSteps) steps requested, \(totalSteps) will be trained\n".utf8))
            }
            // A fresh run plans its schedules over the steps it trains, as before; recording the
            // plan lets a bundle written early (--stop-at-return) be resumed to it.
            if resumed == nil, let resumable = learner as? any ResumableLearner { resumable.scheduleHorizon = totalSteps }
            // A fresh metrics file per run: appending to an old run's lines would mix two curves.
            guard FileManager.default.createFile(atPath: metricsPath, contents: nil) else {
                throw ValidationFailure("cannot create the metrics file \(metricsPath)")
            }
            let metricsLog = try MetricsLog.file(metricsPath)
            var bar = ProgressBar(total: totalSteps, enabled: !quiet)
            let startStep = (learner as? any ResumableLearner)?.completedSteps ?? 0
            let evaluation = try evalEvery.map { interval in
                PeriodicEvaluation(interval: interval, episodes: evalEpisodes, seed: PeriodicEvaluation.defaultSeed(trainingSeed: seedValue),
                                   stopAtReturn: stopAtReturn, environment: try RL.EnvironmentRegistry.builtIn.make(env, options: environmentOptions), startStep: startStep)
            }
            var evaluationFailure: PolicyEvaluationError?
            let hooks = TrainingHooks(metrics: metricsLog, onProgress: { progress in
                bar.update(done: progress.step - startStep, status: progress.statusLine)
            }, shouldStop: evaluation.map { $0.hook(for: learner, metrics: metricsLog, onFailure: { evaluationFailure = $0 }) })
            let summary = learner.train(totalSteps: totalSteps, hooks: hooks)
            bar.finish()
            if let failure = summary.failure {
                throw ValidationFailure("training stopped after \(summary.steps) steps: \(env)'s \(failure); no bundle was written")
            }
            if let evaluationFailure {
                throw ValidationFailure("an evaluation after \(summary.steps) steps failed: \(evaluationFailure); no bundle was written")
            }

            var entry = try PolicyEntry.make(environmentID: env, options: environmentOptions, learner: learner, algorithm: algorithm,
                                             seed: seedValue, summary: summary)
            if let resumable = learner as? any ResumableLearner {
                if let saved = RunResumption.save(resumable) {
                    entry.metadata[RunResumption.stateKey] = saved.state
                    entry.optimizerState = saved.optimizer
                } else {
                    FileHandle.standardError.write(Data("note: the run's state is too large to store; this bundle cannot be resumed\n".utf8))
                }
            }
            try BundleWriter.write(CheckpointBundle(entries: [entry]), to: bundlePath)
            let title = "\(env) — \(algorithm.rawValue.uppercased()), seed \(seedValue)"
            try LearningCurveSVG.render(summary.episodes, title: title).write(toFile: curvePath, atomically: true, encoding: .utf8)
            let mean = summary.recentMeanReturn.map { String(format: "%.2f", $0) } ?? "n/a"
            print("trained \(algorithm.rawValue) on \(env): \(summary.steps) steps in \(String(format: "%.2f", summary.seconds)) s "
                  + "(\(Int(Double(summary.steps - startStep) / max(summary.seconds, 1e-9))) steps/s), \(summary.episodes.count) episodes, "
                  + "mean return of the last 100: \(mean)")
            if let evaluation, let last = evaluation.evaluations.last {
                print("evaluations: \(evaluation.evaluations.count), last at step \(last.step): mean return \(String(format: "%.2f", last.result.mean))"
                      + (evaluation.solvedAtStep.map { " — solved (≥ \(stopAtReturn!)) at step \($0)" } ?? ""))
            }
            print("bundle: \(bundlePath)\nmetrics: \(metricsPath)\ncurve: \(curvePath)")
        }

        /// `Checkpoints/<env>-<algo>-seed<seed>.h5`, or beside the resumed bundle with the step it
        /// continues from (the input itself is never overwritten).
        private func defaultBundlePath(env: String, algorithm: String, seed: UInt64) -> String {
            guard let resume else { return "Checkpoints/\(env)-\(algorithm)-seed\(seed).h5" }
            let base = resume.hasSuffix(".h5") ? String(resume.dropLast(3)) : resume
            return base + "-resumed.h5"
        }

        /// The one entry of the bundle to resume (read through the checked reader).
        private func readResumedEntry(_ path: String) throws -> BundleEntry {
            let bundle: CheckpointBundle
            do {
                bundle = try BundleReader.read(path)
            } catch {
                throw ValidationFailure("\(path): \(error)")
            }
            guard bundle.entries.count == 1, let entry = bundle.entries.first else {
                throw ValidationFailure("\(path): a resumable bundle holds one training run, this one holds \(bundle.entries.count) entries")
            }
            return entry
        }
    }
}

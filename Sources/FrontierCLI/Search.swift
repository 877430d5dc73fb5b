import ArgumentParser
import AutoML
import Checkpoint
import Environments
import Foundation
import NN
import RL
import Tensor

extension Frontier {
    /// `frontier search`: tunes an RL trainer's hyperparameters with TPE and ASHA on the
    /// evaluations `frontier train --eval-every` makes, in a study that can live in SQLite (and
    /// so resume after a crash and take several worker processes).
    struct Search: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Tune an RL trainer's hyperparameters (TPE sampling, ASHA pruning on periodic evaluations).")

        @Option(help: "Environment id to tune an RL trainer on.")
        var env: String?

        @Option(name: .customLong("option"), help: "With --env: an environment option key=value (repeatable); every trial trains and is evaluated with it, and the best bundle stores it.")
        var options: [String] = []

        @Option(help: "Tune a supervised model instead: forecaster (give the series CSVs as arguments).")
        var model: ModelChoice?

        @Argument(help: "With --model forecaster: CSV files with a timestamp,value header.")
        var series: [String] = []

        @Option(help: "Algorithm: ppo (a2c and dqn need --space).")
        var algo: Algorithm = .ppo

        @Option(help: "Finished trials the study should hold when the search ends (with --study, earlier runs' trials count).")
        var trials = 20

        @Option(help: "Environment steps per trial at most (default: the environment's preset's total_steps, else the algorithm's).")
        var budget: Int?

        @Option(help: "Search space YAML (default: PPO's standard space).")
        var space: String?

        @Option(help: "SQLite file (or postgresql:// URL) holding the study, so it resumes and can be shared by several processes (machines, with PostgreSQL).")
        var study: String?

        @Option(help: "The study's name inside --study.")
        var studyName = "search"

        @Option(help: "Seed of the sampler and of every trial's training.")
        var seed: UInt64 = 0

        @Option(help: "Steps between evaluations, ASHA's first rung (default: budget / 9, so rungs at 1/9, 1/3 and all of it).")
        var evalEvery: Int?

        @Option(help: "Episodes per evaluation.")
        var evalEpisodes = 5

        @Option(help: "A trial stops, complete, at the first evaluation whose mean return reaches this.")
        var stopAtReturn: Double?

        @Option(help: "Pruner: asha, median, hyperband or none.")
        var pruner: PrunerChoice = .asha

        @Option(help: "Prefix of the outputs: PREFIX.best.yaml, PREFIX.best.h5, PREFIX.history.svg, PREFIX.importance.svg (default: Checkpoints/search-<env>-<algo>).")
        var out: String?

        @Flag(help: "No table of trials.")
        var quiet = false

        enum PrunerChoice: String, ExpressibleByArgument, CaseIterable {
            case asha, median, hyperband, none
        }

        enum ModelChoice: String, ExpressibleByArgument, CaseIterable {
            case forecaster
        }

        func validate() throws {
            guard (env == nil) != (model == nil) else { throw ValidationError("give either --env ID (an RL trainer) or --model forecaster SERIES.csv…") }
            if model != nil && series.isEmpty { throw ValidationError("--model forecaster needs at least one series CSV") }
            if env != nil && !series.isEmpty { throw ValidationError("series CSVs go with --model forecaster, not --env") }
            if env == nil && !options.isEmpty { throw ValidationError("--option sets an environment's options; it goes with --env") }
            do { _ = try EnvironmentOptions(pairs: options) } catch { throw ValidationError("--option: \(error)") }
            guard trials > 0 else { throw ValidationError("--trials must be positive, got \(trials)") }
            if let budget, budget <= 0 { throw ValidationError("--budget must be positive, got \(budget)") }
            if let evalEvery, evalEvery <= 0 { throw ValidationError("--eval-every must be positive, got \(evalEvery)") }
            guard evalEpisodes > 0 else { throw ValidationError("--eval-episodes must be positive, got \(evalEpisodes)") }
            if algo != .ppo && space == nil { throw ValidationError("--algo \(algo.rawValue) needs a --space file (the standard space is PPO's)") }
        }

        /// The four outputs.
        typealias Paths = (yaml: String, bundle: String, history: String, importance: String)

        func run() throws {
            BLASRuntime.setThreadCount(1)
            TensorRuntime.intraOpThreads = 1
            let prefix = out ?? (env.map { "Checkpoints/search-\($0)-\(algo.rawValue)" } ?? "Checkpoints/search-forecaster")
            let paths = (yaml: prefix + ".best.yaml", bundle: prefix + ".best.h5", history: prefix + ".history.svg", importance: prefix + ".importance.svg")
            try OutputPath.prepare([.init(option: "--out (config)", path: paths.yaml), .init(option: "--out (bundle)", path: paths.bundle),
                                    .init(option: "--out (history)", path: paths.history), .init(option: "--out (importance)", path: paths.importance)],
                                   inputs: (space.map { [$0] } ?? []) + (study.map { Self.isURL($0) ? [] : [$0] } ?? []) + series)
            if let env {
                try runRL(env: env, paths: paths)
            } else {
                try runForecaster(paths: paths)
            }
        }

        /// The search space from --space, or `standard`.
        func loadSpace(standard: SearchSpace) throws -> SearchSpace {
            do {
                return try space.map(SearchSpaceYAML.load) ?? standard
            } catch {
                throw ValidationFailure("the search space \(error)")
            }
        }

        /// The study in --study (stale trials of dead processes marked failed) or in memory.
        func openStudy(direction: StudyDirection, pruner: any Pruner) throws -> AutoML.Study {
            let storage: any StudyStorage
            if let study {
                storage = Self.isURL(study) ? try PostgresStorage(url: study) : try SQLiteStorage(path: study)
            } else {
                storage = InMemoryStorage()
            }
            let opened = try AutoML.Study(name: studyName, direction: direction, sampler: TPESampler(seed: seed), pruner: pruner, storage: storage)
            if let sqlite = storage as? SQLiteStorage {
                let stale = try sqlite.failStaleTrials(studyID: opened.id)
                if !stale.isEmpty { print("marked failed: trials \(stale.map(String.init).joined(separator: ", ")) (their processes are gone)") }
            }
            return opened
        }

        /// Writes the two plots and prints the totals.
        func finish(_ search: AutoML.Study, title: String, paths: Paths, bestWritten: Double?, valueName: String) throws {
            let history = try search.history()
            try StudyPlots.optimizationHistory(history, title: title).write(toFile: paths.history, atomically: true, encoding: .utf8)
            try StudyPlots.parameterImportance(ParameterImportance.evaluate(history), title: title + ": parameter importance")
                .write(toFile: paths.importance, atomically: true, encoding: .utf8)
            let counts = Dictionary(grouping: history.trials, by: \.state).mapValues(\.count)
            print("trials: \(counts[.complete] ?? 0) complete, \(counts[.pruned] ?? 0) pruned, \(counts[.failed] ?? 0) failed")
            if let best = history.bestTrial {
                print("best: trial \(best.number), \(valueName) \(String(format: "%.4g", best.value!))")
                if bestWritten == best.value { print("config: \(paths.yaml)\nbundle: \(paths.bundle)") }
            }
            print("history: \(paths.history)\nimportance: \(paths.importance)")
        }

        private func runRL(env: String, paths: Paths) throws {
            let searchSpace = try loadSpace(standard: PPOSearchSpace.standard)
            let trialBudget = try budget ?? LearnerFactory.totalSteps(algo, environmentID: env, registry: .builtIn)
            let interval = evalEvery ?? max(1, trialBudget / 9)
            // Checked in validate(); making the environment once names a bad id or option before any trial.
            let environmentOptions = try EnvironmentOptions(pairs: options)
            _ = try RL.EnvironmentRegistry.builtIn.make(env, options: environmentOptions)
            let chosenPruner: any Pruner
            switch pruner {
            case .asha: chosenPruner = ASHAPruner(minimumResource: interval, reductionFactor: 3)
            case .median: chosenPruner = MedianPruner()
            case .hyperband: chosenPruner = HyperbandPruner(minimumResource: interval, maximumResource: trialBudget)
            case .none: chosenPruner = NopPruner()
            }
            let search = try openStudy(direction: .maximize, pruner: chosenPruner)
            let runner = RLTrialRunner(environmentID: env, options: environmentOptions, algorithm: algo, registry: .builtIn, budget: trialBudget,
                                       evaluationInterval: interval, evaluationEpisodes: evalEpisodes, stopAtReturn: stopAtReturn, seed: seed)
            let table = TrialTable(parameters: searchSpace.parameters.map(\.name), enabled: !quiet)
            table.printHeader()
            // A bundle is written when a trial beats every trial the study holds (earlier runs' too).
            var bestValue = try search.bestTrial()?.value
            var writtenValue: Double?
            while try search.trials().filter({ $0.state.isFinished }).count < trials {
                let trial = try search.ask(searchSpace)
                let start = DispatchTime.now()
                let outcome: RLTrialRunner.Outcome
                do {
                    outcome = try runner.run(trial, parameters: trial.parameters)
                } catch let error as StudyError {
                    throw ValidationFailure("\(error)")
                } catch {
                    try search.tell(trial, state: .failed)
                    table.printRow(number: trial.number, state: .failed, value: nil, steps: 0, seconds: Self.seconds(since: start),
                                   parameters: trial.parameters, note: "\(error)")
                    continue
                }
                let state: TrialState
                if outcome.failure != nil || outcome.value == nil {
                    state = .failed
                    try search.tell(trial, state: .failed)
                } else if outcome.pruned {
                    state = .pruned
                    try search.tell(trial, state: .pruned)
                } else {
                    state = .complete
                    try search.tell(trial, value: outcome.value!)
                }
                table.printRow(number: trial.number, state: state, value: outcome.value, steps: outcome.steps,
                               seconds: Self.seconds(since: start), parameters: trial.parameters,
                               note: outcome.failure ?? (outcome.solved ? "solved" : ""))
                if state == .complete, let value = outcome.value, bestValue.map({ value > $0 }) ?? true {
                    bestValue = value
                    writtenValue = value
                    try writeBest(env: env, options: environmentOptions, trial: trial, outcome: outcome, paths: paths, budget: trialBudget)
                }
            }
            let totalSteps = try search.trials().reduce(0) { $0 + ($1.lastStep ?? 0) }
            print("\(totalSteps) environment steps evaluated over all trials")
            try finish(search, title: "\(env) — \(algo.rawValue.uppercased()) search", paths: paths, bestWritten: writtenValue,
                       valueName: "mean evaluation return")
        }

        /// The best trial's config (as `frontier train --config` reads it) and bundle.
        private func writeBest(env: String, options environmentOptions: EnvironmentOptions, trial: AutoML.Trial, outcome: RLTrialRunner.Outcome, paths: Paths, budget: Int) throws {
            var parameters = trial.parameters
            parameters["total_steps"] = .int(budget)
            let optionFlags = environmentOptions.pairs.map { " --option \($0)" }.joined()
            let comment = "frontier search --env \(env)\(optionFlags) --algo \(algo.rawValue): trial \(trial.number), "
                + "mean evaluation return \(String(format: "%.2f", outcome.value ?? .nan)) after \(outcome.steps) steps\n"
                + "train with: frontier train --env \(env)\(optionFlags) --algo \(algo.rawValue) --seed \(seed) --config \(paths.yaml)"
            try TrialConfig.yaml(parameters, comment: comment).write(toFile: paths.yaml, atomically: true, encoding: .utf8)
            let learner = outcome.learner
            var metadata = ["algorithm": algo.rawValue, "hyperparameters": learner.configurationJSON, "seed": "\(seed)",
                            "steps": "\(outcome.steps)", "search_trial": "\(trial.number)", "frontier_version": VersionReport.version]
            // As `frontier train` records them, so `frontier evaluate` and `--resume` rebuild the same environment.
            metadata[RunResumption.optionsKey] = RunResumption.storedOptions(environmentOptions)
            let entry = try PolicyBundle.entry(
                environmentID: env, policy: learner.policy,
                observationSpace: try RL.EnvironmentRegistry.builtIn.make(env, options: environmentOptions).observationSpace,
                observationStatistics: learner.observationStatistics, observationClip: learner.observationClip, metadata: metadata)
            try BundleWriter.write(CheckpointBundle(entries: [entry]), to: paths.bundle)
        }

        /// Whether --study names a PostgreSQL server rather than an SQLite file.
        static func isURL(_ location: String) -> Bool {
            location.hasPrefix("postgresql://") || location.hasPrefix("postgres://")
        }

        static func seconds(since start: DispatchTime) -> Double {
            Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        }
    }
}

/// The live table of `frontier search`: one row per finished trial, printed as it finishes.
struct TrialTable {
    let parameters: [String]
    let enabled: Bool
    /// What the resource column counts (environment steps, epochs).
    var resource = "steps"

    func printHeader() {
        guard enabled else { return }
        print("trial".padding(7) + "state".padding(10) + "value".padding(10) + resource.padding(9) + "seconds".padding(9) + "parameters")
        fflush(nil)
    }

    func printRow(number: Int, state: TrialState, value: Double?, steps: Int, seconds: Double,
                  parameters values: [String: ParameterValue], note: String) {
        guard enabled else { return }
        let shown = parameters.compactMap { name in values[name].map { "\(name)=\(Self.short($0))" } }.joined(separator: " ")
        print(String(number).padding(7) + state.rawValue.padding(10) + (value.map { String(format: "%.2f", $0) } ?? "-").padding(10)
              + String(steps).padding(9) + String(format: "%.1f", seconds).padding(9) + shown + (note.isEmpty ? "" : "  (\(note))"))
        fflush(nil)
    }

    static func short(_ value: ParameterValue) -> String {
        if case let .double(number) = value { return String(format: "%.3g", number) }
        return "\(value)"
    }
}

import ArgumentParser
import Environments
import Foundation
import Tensor

extension Frontier.DSL {
    /// `frontier dsl solve TASKS.jsonl --time-limit SECONDS`.
    struct Solve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Search for a program fitting each task's visible examples; report hidden passes and solve rates by length.")

        enum SolverName: String, ExpressibleByArgument, CaseIterable {
            case bfs, guided
        }

        @Argument(help: "A JSON Lines task file.")
        var tasks: String

        @Option(help: "Seconds allowed per task.")
        var timeLimit: Double

        @Option(help: "bfs (plain breadth-first enumeration) or guided (network-guided, with equivalence pruning).")
        var solver: SolverName = .guided

        @Option(help: "Guide weights written by `frontier dsl train-guide` (default: the shipped guide).")
        var guide: String?

        @Option(help: "Tasks solved at once, each on one thread.")
        var jobs: Int = 1

        @Option(help: "Longest program tried.")
        var maxLength: Int = 5

        @Flag(help: "Print one JSON object instead of text.")
        var json = false

        func validate() throws {
            guard timeLimit > 0 && timeLimit <= 86_400 else { throw ValidationError("--time-limit must be in (0, 86400] seconds") }
            guard (1...256).contains(jobs) else { throw ValidationError("--jobs must be 1...256") }
            guard (1...10).contains(maxLength) else { throw ValidationError("--max-length must be 1...10") }
            if guide != nil && solver != .guided { throw ValidationError("--guide applies to --solver guided only") }
        }

        func run() throws {
            let loaded = try DSLTaskFile.read(path: tasks)
            let chosen: any DSLSolver
            switch solver {
            case .bfs: chosen = BreadthFirstSolver(maximumLength: maxLength)
            case .guided:
                var weights = GuideWeights.shipped
                if let guide {
                    let text = try String(contentsOfFile: guide, encoding: .utf8)
                    weights = try GuideWeights(encoded: text)
                }
                chosen = GuidedSolver(guide: weights, maximumLength: maxLength)
            }
            let quiet = json
            let report = DSLSolveReport.run(chosen, on: loaded, timeLimit: timeLimit, jobs: jobs) { outcome in
                guard !quiet else { return }
                let program = outcome.result.program.map { $0.lines.joined(separator: "; ") } ?? "none found"
                let status = outcome.isSolved ? "solved" : outcome.result.program == nil ? (outcome.result.timedOut ? "timeout" : "none") : "overfit"
                print(String(format: "%@  length %d  %@  hidden %d/%d  %.3f s  %@", outcome.id, outcome.length, status,
                             outcome.hiddenPassed, outcome.hiddenCount, outcome.result.seconds, program))
            }
            if json {
                print(report.json)
                return
            }
            print("\nsolver \(report.solver), \(timeLimit) s per task, \(jobs) job\(jobs == 1 ? "" : "s")")
            print("| length | tasks | solved | fits visible only | solve rate |")
            print("|---|---|---|---|---|")
            for row in report.byLength {
                print("| \(row.length) | \(row.tasks) | \(row.solved) | \(row.found - row.solved) | "
                      + String(format: "%.0f%%", 100 * Double(row.solved) / Double(row.tasks)) + " |")
            }
            let solved = report.outcomes.filter(\.isSolved).count
            print("| all | \(report.outcomes.count) | \(solved) | | " + String(format: "%.1f%%", 100 * report.solveRate) + " |")
        }
    }

    /// `frontier dsl train-guide`: trains the guided solver's network on generated tasks.
    struct TrainGuide: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "train-guide",
            abstract: "Train the guided solver's network on generated tasks and write its weights (base64 text).")

        @Option(help: "The weights file to write.")
        var out: String?

        @Option(help: "Also write the weights as the Swift source the library ships (Environments/DeepCoder/Guide/ShippedGuideData.swift).")
        var swiftSource: String?

        @Option(help: "Training tasks (an even mix of lengths 1-5).")
        var tasks: Int = GuideTraining.Configuration().taskCount

        @Option(help: "Passes over the tasks.")
        var epochs: Int = GuideTraining.Configuration().epochs

        @Option(help: "Seed of the training tasks and initialisation (keep it apart from evaluation seeds).")
        var seed: UInt64 = GuideTraining.Configuration().seed

        func validate() throws {
            guard out != nil || swiftSource != nil else { throw ValidationError("give --out, --swift-source or both") }
            guard (10...10_000_000).contains(tasks) else { throw ValidationError("--tasks must be 10...10000000") }
            guard (1...1_000).contains(epochs) else { throw ValidationError("--epochs must be 1...1000") }
        }

        func run() throws {
            var outputs: [OutputPath.Output] = []
            if let out { outputs.append(.init(option: "--out", path: out)) }
            if let swiftSource { outputs.append(.init(option: "--swift-source", path: swiftSource)) }
            try OutputPath.prepare(outputs)
            var configuration = GuideTraining.Configuration()
            configuration.taskCount = tasks
            configuration.epochs = epochs
            configuration.seed = seed
            let start = ContinuousClock.now
            let weights = GuideTraining.train(configuration) { report in
                print(String(format: "epoch %d  loss %.4f", report.epoch, report.loss))
            }
            let text = weights.encoded
            if let out { try (text + "\n").write(toFile: out, atomically: true, encoding: .utf8) }
            if let swiftSource {
                let source = """
                    // Generated by `frontier dsl train-guide --swift-source` (tasks \(tasks), epochs \(epochs), seed \(seed)).
                    // Do not edit; see Environments/DeepCoder/README.md.
                    enum ShippedGuideData {
                        static let base64 = "\(text)"
                    }

                    """
                try source.write(toFile: swiftSource, atomically: true, encoding: .utf8)
            }
            print(String(format: "trained in %.1f s", (ContinuousClock.now - start).seconds)
                  + "; wrote " + outputs.map(\.path).joined(separator: " and "))
        }
    }
}

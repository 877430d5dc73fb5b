import ArgumentParser
import Evaluation
import Foundation

extension Frontier {
    /// `frontier weights`: scores stored evaluation results or a plain score table through a
    /// scoring rule and prints the weight vector (floats and the u16 values a chain takes).
    struct Weights: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Turn evaluation results or a score table into weights through a scoring rule.")

        @Argument(help: "Results written by `frontier evaluate --suite … --results FILE`.")
        var results: String?

        @Option(help: "A CSV score table instead: uid,hotkey,first_submitted,env,score,completed,expected or uid,hotkey,first_submitted,env,task,score.")
        var scores: String?

        @Option(help: "A suite.yaml whose rule, constants and weight settings to use.")
        var suite: String?

        @Option(help: "The scoring rule: affine-subsets, statistical or champion (overrides the suite's).")
        var rule: String?

        @Option(help: "Draw the Pareto frontier of two environments, ENV_X,ENV_Y, as SVG into --svg.")
        var pareto: String?

        @Option(help: "Where to write the Pareto frontier SVG.")
        var svg: String?

        @Flag(help: "Print {\"weights\": {uid: float}, \"u16\": {uid: int}} instead of the report.")
        var json = false

        func validate() throws {
            guard (results == nil) != (scores == nil) else { throw ValidationError("give a RESULTS file or --scores FILE.csv, one of them") }
            guard (pareto == nil) == (svg == nil) else { throw ValidationError("--pareto ENV_X,ENV_Y and --svg FILE go together") }
            if let rule, ScoringRules.rule(named: rule) == nil {
                throw ValidationError("unknown rule '\(rule)'; the rules are \(ScoringRules.names.joined(separator: ", "))")
            }
        }

        func run() throws {
            var settings = try suite.map { try SuiteFile.read($0) }
            if let rule {
                if settings == nil { settings = Suite(name: "command line", environments: []) }
                settings!.rule = SuiteRule(name: rule, constants: settings!.rule.name == rule ? settings!.rule.constants : [:])
            }
            let table: ScoreTable
            if let scores {
                table = try ScoreTableCSV.read(contentsOf: URL(fileURLWithPath: scores))
            } else {
                table = try EvaluationResults.read(path: results!).scoreTable()
            }
            let scoringRule = try (settings?.rule ?? SuiteRule()).make(scoring: settings?.scoring ?? SubsetScoringConfiguration())
            let result = try scoringRule.score(table)
            if let pareto, let svg {
                let axes = pareto.split(separator: ",").map(String.init)
                guard axes.count == 2 else { throw ValidationError("--pareto takes two environment ids, ENV_X,ENV_Y") }
                try OutputPath.prepare([.init(option: "--svg", path: svg)], inputs: [results, scores, suite].compactMap { $0 })
                try ParetoFrontSVG.render(result, x: axes[0], y: axes[1]).write(toFile: svg, atomically: true, encoding: .utf8)
            }
            print(json ? ScoringReport.json(result) : ScoringReport.text(result))
        }
    }

    /// `frontier scoring`: tools to study the scoring rules.
    struct Scoring: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Study the scoring rules.", subcommands: [Simulate.self])
    }
}

extension Frontier.Scoring {
    /// `frontier scoring simulate`: miners of known skill, per-task scores drawn, every rule
    /// scored many times: how often a later equal-skill miner takes weight, and how often a
    /// better one is recognised, beside a one-sided paired z-test's power on the same draws.
    struct Simulate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Simulate miners of known skill: false takeovers by equal copies, recognition of better miners.")

        @Option(help: "A rule to simulate (repeatable; default: all three).")
        var rule: [String] = []

        @Option(help: "Tasks per environment (repeatable).")
        var tasks: [Int] = [200, 1000]

        @Option(help: "Trials per setting.")
        var trials = 500

        @Option(help: "Environments.")
        var environments = 8

        @Option(help: "How much better the better miner is on every environment.")
        var advantage = 0.05

        @Flag(help: "Continuous scores in [0, 1] instead of pass/fail.")
        var continuous = false

        @Option(help: "Seed of the draws.")
        var seed: UInt64 = 0

        func validate() throws {
            for name in rule where ScoringRules.rule(named: name) == nil {
                throw ValidationError("unknown rule '\(name)'; the rules are \(ScoringRules.names.joined(separator: ", "))")
            }
            guard !tasks.isEmpty, tasks.allSatisfy({ (2...100_000).contains($0) }) else { throw ValidationError("--tasks must lie in 2...100000") }
            guard (1...100_000).contains(trials) else { throw ValidationError("--trials must lie in 1...100000") }
            guard (1...16).contains(environments) else { throw ValidationError("--environments must lie in 1...16") }
        }

        func run() throws {
            let rules = (rule.isEmpty ? ScoringRules.names : rule).compactMap(ScoringRules.rule(named:))
            var configuration = ScoringSimulation.Configuration()
            configuration.environmentCount = environments
            configuration.taskCounts = tasks
            configuration.trials = trials
            configuration.advantage = advantage
            configuration.seed = seed
            if continuous { configuration.scoreKind = .continuous(concentration: 8) }
            let outcomes = try ScoringSimulation.run(rules: rules, configuration: configuration)
            print("\(environments) environments, \(trials) trials, \(continuous ? "continuous" : "pass/fail") scores, "
                  + "better miner +\(advantage) on every environment")
            print("rule".padding(16) + "tasks".padding(8) + "equal copy takes weight  better recognised  paired z-test power  ratio")
            for outcome in outcomes {
                let ratio = outcome.referencePower > 0 ? outcome.recognitionRate / outcome.referencePower : 0
                print(outcome.rule.padding(16) + String(outcome.taskCount).padding(8)
                      + "\((outcome.falseTakeoverRate * 100).formatted(digits: 2))%".padding(25)
                      + "\((outcome.recognitionRate * 100).formatted(digits: 1))%".padding(18)
                      + "\((outcome.referencePower * 100).formatted(digits: 1))%".padding(21) + ratio.formatted(digits: 2))
            }
        }
    }
}

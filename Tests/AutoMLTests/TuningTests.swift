import Environments
import Models
import Tensor
import Foundation
import RL
import SafeYAML
import Testing
@testable import AutoML

@Suite struct TuningTests {
    @Test func everyDrawFromThePPOSpaceIsAValidPPOConfig() throws {
        let study = try Study(direction: .maximize, sampler: RandomSampler(seed: 4))
        for _ in 0..<50 {
            let trial = try study.ask(PPOSearchSpace.standard)
            let config = try ConfigLoading.merge(PPOConfig(), overrides: TrialConfig.overrides(trial.parameters))
            try config.validate()
            try study.tell(trial, value: 0)
        }
    }

    @Test func theBestConfigYAMLReadsBackAsTheSameConfig() throws {
        let parameters: [String: ParameterValue] = [
            "learning_rate": .double(1e-5), "entropy_coefficient": .double(1.2028976820878964e-05), "gamma": .double(0.98),
            "epochs": .int(11), "rollout_steps": .int(128), "normalize_observations": .bool(true), "activation": .string("relu"),
        ]
        let text = TrialConfig.yaml(parameters, comment: "best trial\nsecond line")
        #expect(text.hasPrefix("# best trial\n# second line\n"))
        #expect(text.contains("learning_rate: 1.0e-05\n"))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("best-\(UUID().uuidString).yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let entries = try BoundedYAML.loadMapping(path: path)
        let values = Dictionary(uniqueKeysWithValues: entries.map { ($0.key, $0.value.plain) })
        let fromFile = try ConfigLoading.merge(PPOConfig(), overrides: values)
        let direct = try ConfigLoading.merge(PPOConfig(), overrides: TrialConfig.overrides(parameters))
        #expect(fromFile == direct)
        #expect(fromFile.learningRate == 1e-5 && fromFile.entropyCoefficient == 1.2028976820878964e-05)
    }

    @Test func importanceFindsTheParameterTheValueDependsOn() throws {
        let study = try Study(sampler: RandomSampler(seed: 8))
        try study.optimize(trials: 80) { trial in
            let x = try trial.suggestFloat("x", 0, 1)
            _ = try trial.suggestFloat("noise", 0, 1)
            let kind = try trial.suggestCategorical("kind", ["a", "b"])
            return 10 * x + (kind == "a" ? 1 : 0)
        }
        let importances = ParameterImportance.evaluate(try study.history())
        #expect(importances.map(\.name) == ["x", "kind", "noise"])
        #expect(abs(importances.reduce(0) { $0 + $1.importance } - 1) < 1e-9)
        #expect(importances[0].importance > 0.8)
    }

    @Test func plotsDrawEveryTrial() throws {
        let study = try Study(direction: .maximize, sampler: RandomSampler(seed: 2))
        try study.optimize(trials: 6) { trial in
            let x = try trial.suggestFloat("x", 0, 1)
            try trial.report(x, step: 1)
            if trial.number == 3 { throw TrialPruned() }
            return x
        }
        let history = try study.history()
        let svg = StudyPlots.optimizationHistory(history, title: "a <study>")
        #expect(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>\n"))
        #expect(svg.components(separatedBy: "fill=\"#6baed6\"").count - 1 == 5, "one filled dot per complete trial")
        #expect(svg.components(separatedBy: "fill=\"none\" stroke=\"#bdbdbd\"").count - 1 == 1, "one hollow dot per pruned trial")
        #expect(svg.contains("a &lt;study&gt;") && svg.contains("<polyline"))
        let bars = StudyPlots.parameterImportance(ParameterImportance.evaluate(history), title: "importance")
        #expect(bars.contains(">x</text>") && bars.contains("<rect x="))
    }

    @Test func rlTrialsReportEachEvaluationAndStopWhenPruned() throws {
        struct AlwaysPrune: Pruner {
            func shouldPrune(trial: FrozenTrial, history: StudyHistory) -> Bool { true }
        }
        let runner = RLTrialRunner(environmentID: "CartPole-v1", registry: .builtIn,
                                   budget: 4096, evaluationInterval: 1024, evaluationEpisodes: 2, seed: 3)
        let parameters: [String: ParameterValue] = ["rollout_steps": .int(32), "epochs": .int(2)]
        let kept = try Study(direction: .maximize, sampler: RandomSampler(seed: 1))
        let trial = try kept.ask()
        let full = try runner.run(trial, parameters: parameters)
        #expect(!full.pruned && full.steps == 4096)
        #expect(try kept.trials()[0].intermediateValues.keys.sorted() == [1024, 2048, 3072, 4096])
        #expect(full.value == (try kept.trials()[0].intermediateValues[4096]))

        let pruning = try Study(direction: .maximize, sampler: RandomSampler(seed: 1), pruner: AlwaysPrune())
        let short = try runner.run(try pruning.ask(), parameters: parameters)
        #expect(short.pruned && short.steps == 1024)
        #expect(try pruning.trials()[0].intermediateValues.keys.sorted() == [1024])
    }
}

@Suite struct ForecasterTuningTests {
    /// A seasonal series with noise, long enough for training, validation and test parts.
    static func series() throws -> TimeSeries {
        var generator = PhiloxGenerator(seed: 5)
        let lines = (0..<240).map { index in
            let value = 10 + 3 * sin(Double(index) * 2 * Double.pi / 12) + 0.3 * generator.nextNormal()
            return "\(2000 + index / 12)-\(String(format: "%02d", index % 12 + 1)),\(value)"
        }
        return try TimeSeries.parse(csv: "timestamp,value\n" + lines.joined(separator: "\n"), name: "seasonal")
    }

    @Test func parametersMapOntoTheConfigAndUnknownOnesAreRefused() throws {
        let tuning = ForecasterTuning(series: [try Self.series()])
        let config = try tuning.config(["kind": .string("gru"), "gru_hidden": .int(24), "learning_rate": .double(0.005)])
        #expect(config.kind == .gru && config.hidden == 24 && config.learningRate == Float(0.005))
        #expect(throws: TuningError.self) { try tuning.config(["dropout": .double(0.1)]) }
        #expect(throws: TuningError.self) { try tuning.config(["kind": .string("lstm")]) }
    }

    @Test func aSearchComparesValidationLossesAndDrawsOnlyTheActiveWidth() throws {
        var base = ForecastTrainingConfig()
        base.training.epochs = 5
        let tuning = ForecasterTuning(series: [try Self.series()], base: base)
        let study = try Study(direction: .minimize, sampler: TPESampler(seed: 1))
        for _ in 0..<4 {
            let trial = try study.ask(ForecasterTuning.standardSpace)
            let kind = try #require(trial.parameters["kind"]?.stringValue)
            #expect(Set(trial.parameters.keys) == ["kind", "learning_rate", kind == "gru" ? "gru_hidden" : "mlp_hidden"])
            let outcome = try tuning.run(trial.parameters)
            #expect(outcome.value.isFinite && outcome.value > 0)
            #expect(outcome.value == outcome.models[0].report.validationLoss)
            try study.tell(trial, value: outcome.value)
        }
        #expect(try study.trials().allSatisfy { $0.state == .complete })
    }
}

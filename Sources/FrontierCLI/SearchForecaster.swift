import AutoML
import Checkpoint
import Foundation
import Models

extension Frontier.Search {
    /// `frontier search --model forecaster SERIES.csv…`: TPE over the forecaster's kind, width
    /// (conditional on the kind) and learning rate, minimising the mean validation pinball loss;
    /// the best trial's forecasters (one per series) become the bundle, and the config is printed
    /// as the `frontier fit forecast` command that retrains it.
    func runForecaster(paths: Paths) throws {
        let searchSpace = try loadSpace(standard: ForecasterTuning.standardSpace)
        let loaded = try series.map { try TimeSeries.load(path: $0) }
        var base = ForecastTrainingConfig()
        base.training.seed = seed
        let tuning = ForecasterTuning(series: loaded, base: base)
        let search = try openStudy(direction: .minimize, pruner: NopPruner())
        let table = TrialTable(parameters: searchSpace.parameters.map(\.name), enabled: !quiet, resource: "epochs")
        table.printHeader()
        var bestValue = try search.bestTrial()?.value
        var writtenValue: Double?
        while try search.trials().filter({ $0.state.isFinished }).count < trials {
            let trial = try search.ask(searchSpace)
            let start = DispatchTime.now()
            let outcome: ForecasterTuning.Outcome
            do {
                outcome = try tuning.run(trial.parameters)
            } catch {
                try search.tell(trial, state: .failed)
                table.printRow(number: trial.number, state: .failed, value: nil, steps: 0, seconds: Self.seconds(since: start),
                               parameters: trial.parameters, note: "\(error)")
                continue
            }
            try search.tell(trial, value: outcome.value)
            let epochs = outcome.models.reduce(0) { $0 + $1.report.epochs }
            table.printRow(number: trial.number, state: .complete, value: outcome.value, steps: epochs, seconds: Self.seconds(since: start),
                           parameters: trial.parameters, note: "")
            if bestValue.map({ outcome.value < $0 }) ?? true {
                bestValue = outcome.value
                writtenValue = outcome.value
                try writeBest(trial: trial, outcome: outcome, config: try tuning.config(trial.parameters), paths: paths)
            }
        }
        try finish(search, title: "forecaster search on \(loaded.map(\.name).joined(separator: ", "))", paths: paths,
                   bestWritten: writtenValue, valueName: "mean validation pinball loss")
    }

    private func writeBest(trial: AutoML.Trial, outcome: ForecasterTuning.Outcome, config: ForecastTrainingConfig, paths: Paths) throws {
        let command = "frontier fit forecast \(series.joined(separator: " ")) --kind \(config.kind.rawValue) --hidden \(config.hidden) "
            + "--learning-rate \(config.learningRate) --seed \(seed)"
        let comment = "frontier search --model forecaster: trial \(trial.number), mean validation pinball loss "
            + "\(String(format: "%.5g", outcome.value))\nretrain with: \(command)"
        try TrialConfig.yaml(trial.parameters, comment: comment).write(toFile: paths.yaml, atomically: true, encoding: .utf8)
        let entries = try outcome.models.map { result in
            try BundleEntry(
                name: "\(result.report.series)-\(config.kind.rawValue)", module: result.model, optimizerState: result.optimizerState,
                observationSpace: "{\"context\": \(result.report.setup.context), \"scaling\": \"context mean and standard deviation\"}",
                actionSpace: "{\"horizon\": \(result.report.setup.horizon), \"quantiles\": \(result.report.setup.quantiles)}",
                metadata: ["task": "forecast", "series": result.report.series, "algorithm": "adam+pinball", "seed": String(seed),
                           "epochs": String(result.report.epochs), "crps": String(result.report.crps),
                           "baseline_crps": String(result.report.baselineCRPS), "search_trial": String(trial.number)])
        }
        try BundleWriter.write(CheckpointBundle(entries: entries), to: paths.bundle)
    }
}

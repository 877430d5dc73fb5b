import ArgumentParser
import Models
import NN
import Tensor

extension Frontier {
    /// `frontier fit`: trains the small models of the Models module from the command line.
    struct Fit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Train small models: quantile forecasters on time series, a character-level Transformer.",
            subcommands: [Forecast.self])
    }
}

extension Frontier.Fit {
    /// `frontier fit forecast`: trains a forecaster per series and reports CRPS and skill
    /// against the seasonal-naive baseline on each series' last 20%.
    struct Forecast: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Train quantile forecasters (MLP or GRU) on timestamp,value CSV series.")

        @Argument(help: "CSV files with a timestamp,value header (oldest first).")
        var series: [String]

        @Option(help: "Network: mlp or gru.")
        var kind: ForecasterKind = .mlp

        @Option(help: "Observations per context window (0: two seasons, at least 24).")
        var context = 0

        @Option(help: "Steps forecast at once.")
        var horizon = 4

        @Option(help: "Hidden width.")
        var hidden = 64

        @Option(help: "Training epochs at most (early stopping may end sooner).")
        var epochs = 80

        @Option(help: "Seed of initialisation, split and batch order.")
        var seed: UInt64 = 0

        @Option(help: "Append per-step metrics as JSON lines to this file.")
        var metrics: String?

        func validate() throws {
            guard !series.isEmpty else { throw ValidationError("give at least one series CSV") }
            guard context >= 0, horizon > 0, hidden > 0, epochs > 0 else {
                throw ValidationError("--context must be ≥ 0 and --horizon, --hidden, --epochs positive")
            }
        }

        func run() throws {
            var config = ForecastTrainingConfig()
            config.kind = kind
            config.setup.context = context
            config.setup.horizon = horizon
            config.hidden = hidden
            config.training.epochs = epochs
            config.training.seed = seed
            let log = try metrics.map { try MetricsLog.file($0) } ?? .discard
            print("series".padding(28) + "model  context  CRPS        naive CRPS  skill    80% cover  epochs  seconds")
            for path in series {
                let data = try TimeSeries.load(path: path)
                let (_, report) = try ForecastExperiment.run(data, config: config, metrics: log, showsProgress: true)
                print(ForecastTable.row(report))
            }
        }
    }
}

extension ForecasterKind: ExpressibleByArgument {}

/// Fixed-width rows for forecast reports.
enum ForecastTable {
    static func row(_ r: ForecastReport) -> String {
        r.series.padding(28) + r.kind.rawValue.padding(7) + String(r.setup.context).padding(9)
            + format(r.crps).padding(12) + format(r.baselineCRPS).padding(12) + format(r.skill, digits: 3).padding(9)
            + (r.coverage80.map { format($0, digits: 2) } ?? "-").padding(11) + String(r.epochs).padding(8)
            + format(r.trainingSeconds, digits: 1)
    }

    static func format(_ value: Double, digits: Int = 5) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        return "\(rounded)"
    }
}

extension String {
    func padding(_ width: Int) -> String { self + String(repeating: " ", count: Swift.max(1, width - count)) }
}

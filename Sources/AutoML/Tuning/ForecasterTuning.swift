import Models
import NN

/// Tuning the quantile forecasters (`frontier search --model forecaster`): a trial trains one
/// forecaster per series with its parameters and scores the mean, over the series, of the best
/// validation pinball loss (windows held out of each series' training part; the test part that
/// `frontier fit forecast` reports CRPS on stays unseen until the best trial is chosen).
public struct ForecasterTuning {
    /// The series, each trained on separately.
    public var series: [TimeSeries]
    /// Everything the search does not tune.
    public var base: ForecastTrainingConfig
    /// Refuse runs estimated above this many bytes.
    public var memoryLimit: Int

    /// A tuning of `base` on `series`.
    public init(series: [TimeSeries], base: ForecastTrainingConfig = ForecastTrainingConfig(), memoryLimit: Int = MemoryEstimate.defaultLimit) {
        precondition(!series.isEmpty, "ForecasterTuning: give at least one series")
        self.series = series
        self.base = base
        self.memoryLimit = memoryLimit
    }

    /// The default space: the network kind, a width for each kind (conditional on it), and the
    /// learning rate.
    public static var standardSpace: SearchSpace {
        do {
            return try SearchSpace([
                ParameterDefinition("kind", .categorical([.string(ForecasterKind.mlp.rawValue), .string(ForecasterKind.gru.rawValue)])),
                ParameterDefinition("mlp_hidden", .int(low: 16, high: 256, log: true), when: Condition(parent: "kind", values: [.string("mlp")])),
                ParameterDefinition("gru_hidden", .int(low: 8, high: 128, log: true), when: Condition(parent: "kind", values: [.string("gru")])),
                ParameterDefinition("learning_rate", .float(low: 1e-4, high: 1e-2, log: true)),
            ])
        } catch {
            preconditionFailure("ForecasterTuning.standardSpace is invalid: \(error)")
        }
    }

    /// `base` with a trial's parameters applied (`kind`, `mlp_hidden`/`gru_hidden` or `hidden`,
    /// `learning_rate`, `epochs`); unknown names are an error, not ignored.
    public func config(_ parameters: [String: ParameterValue]) throws -> ForecastTrainingConfig {
        var config = base
        for (name, value) in parameters.sorted(by: { $0.key < $1.key }) {
            switch (name, value) {
            case let ("kind", .string(text)):
                guard let kind = ForecasterKind(rawValue: text) else { throw TuningError("kind '\(text)' is not mlp or gru") }
                config.kind = kind
            case let ("mlp_hidden", .int(width)), let ("gru_hidden", .int(width)), let ("hidden", .int(width)):
                config.hidden = width
            case let ("learning_rate", .double(rate)):
                config.learningRate = Float(rate)
            case let ("epochs", .int(epochs)):
                config.training.epochs = epochs
            default:
                throw TuningError("parameter '\(name)' = \(value) is not one a forecaster takes (kind, mlp_hidden, gru_hidden, hidden, learning_rate, epochs)")
            }
        }
        return config
    }

    /// What one trial did.
    public struct Outcome {
        /// The mean best validation loss over the series.
        public var value: Double
        /// The trained forecasters with their reports and optimiser states, one per series.
        public var models: [(model: QuantileForecaster, report: ForecastReport, optimizerState: StateDict)]
    }

    /// Trains a forecaster per series with `parameters`.
    public func run(_ parameters: [String: ParameterValue]) throws -> Outcome {
        let config = try config(parameters)
        var models: [(model: QuantileForecaster, report: ForecastReport, optimizerState: StateDict)] = []
        var total = 0.0
        for data in series {
            let result = try ForecastExperiment.run(data, config: config, memoryLimit: memoryLimit)
            guard let loss = result.report.validationLoss else {
                throw TuningError("\(data.name) is too short to hold out validation windows")
            }
            total += loss
            models.append(result)
        }
        return Outcome(value: total / Double(series.count), models: models)
    }
}

/// A trial's parameters do not fit what is tuned.
public struct TuningError: Error, CustomStringConvertible, Sendable {
    /// What is wrong.
    public var description: String
    /// An error.
    public init(_ description: String) { self.description = description }
}

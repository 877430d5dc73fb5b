import NN
import Tensor

/// Settings of one forecaster's training on one series.
public struct ForecastTrainingConfig: Sendable, Codable, Equatable {
    /// The network family.
    public var kind: ForecasterKind = .mlp
    /// Task sizes (context 0: derived from the series' season).
    public var setup = ForecastSetup()
    /// Hidden width.
    public var hidden = 64
    /// Train on ``ForecastAugmentation``'s variants of each training part (differenced,
    /// subsampled, negated, reversed) as well as the part itself.
    public var augment = false
    /// Adam's learning rate.
    public var learningRate: Float = 1e-3
    /// The training loop's settings (epochs, batch, validation split, patience, seed, …).
    public var training: TrainingConfig = {
        var config = TrainingConfig()
        config.epochs = 80
        config.batchSize = 64
        config.validationFraction = 0.15
        config.patience = 10
        return config
    }()

    /// The defaults.
    public init() {}
}

extension ForecastTrainingConfig {
    /// Throws when the kind cannot serve `setup` (the calibrated kind needs a context of at least
    /// the horizon plus ``WindowCandidates/minimumPairs``).
    func checkKind(_ setup: ForecastSetup) throws(ForecastError) {
        let minimum = WindowCandidates.minimumContext(horizon: setup.horizon)
        if kind == .calibrated && setup.context < minimum {
            throw .invalidConfig("the calibrated kind needs a context of at least \(minimum) for horizon \(setup.horizon), got \(setup.context)")
        }
    }
}

/// How a trained forecaster did on a series' test part.
public struct ForecastReport: Sendable, Codable, Equatable {
    public var series: String
    public var kind: ForecasterKind
    /// The setup actually used (context resolved).
    public var setup: ForecastSetup
    /// Mean CRPS of the forecaster over every test origin and horizon step (series units).
    public var crps: Double
    /// The same for the seasonal-naive baseline.
    public var baselineCRPS: Double
    /// 1 − crps / baselineCRPS: positive when the forecaster beats the baseline. Undefined (nil),
    /// never a number, when the baseline's CRPS is zero (a test part the naive forecast gets
    /// exactly) or either CRPS is not finite.
    public var skill: Double? {
        guard crps.isFinite, baselineCRPS.isFinite, baselineCRPS > 0 else { return nil }
        return 1 - crps / baselineCRPS
    }
    /// Share of test observations inside the forecaster's central 80% interval (when the levels
    /// include 0.1 and 0.9).
    public var coverage80: Double?
    /// Forecast origins evaluated.
    public var testOrigins: Int
    /// Epochs trained (early stopping may end sooner).
    public var epochs: Int
    /// Training time in seconds.
    public var trainingSeconds: Double
    /// The best mean pinball loss on the validation windows held out of the training part (what
    /// a hyperparameter search should compare: the test part must stay unseen).
    public var validationLoss: Double? = nil
}

/// Trains a quantile forecaster on the first part of a series and scores it on the rest.
public enum ForecastExperiment {
    /// Trains, then evaluates every test origin. Deterministic for a given config.
    ///
    /// Constant series are refused, and so is a run whose estimated memory (``memoryEstimate(_:config:setup:)``)
    /// exceeds `memoryLimit` bytes, before anything is allocated.
    public static func run(
        _ series: TimeSeries, config: ForecastTrainingConfig, metrics: MetricsLog = .discard, showsProgress: Bool = false,
        memoryLimit: Int = MemoryEstimate.defaultLimit
    ) throws -> (model: QuantileForecaster, report: ForecastReport, optimizerState: StateDict) {
        let setup = try config.setup.resolved(for: series)
        try config.checkKind(setup)
        if let first = series.values.first, series.values.allSatisfy({ $0 == first }) {
            throw ForecastError.invalidSeries(series.name, "every value is \(first); a constant series has nothing to forecast and no skill to measure")
        }
        try memoryEstimate(series, config: config, setup: setup).check(limit: memoryLimit, what: "training a forecaster on \(series.name)")
        var generator = PhiloxGenerator(seed: config.training.seed, stream: 10)
        let model = QuantileForecaster(kind: config.kind, context: setup.context, horizon: setup.horizon,
                                       quantiles: setup.quantiles, hidden: config.hidden, using: &generator)
        let windows = ForecastAugmentation.trainingWindows(series, setup, augment: config.augment)
        let data = try SupervisedDataset(inputs: windows.inputs, targets: windows.targets)
        var optimizer = Adam(learningRate: config.learningRate)
        let levels = setup.quantiles
        let training = try Trainer(config: config.training, metrics: metrics, showsProgress: showsProgress)
            .fit(model, optimizer: &optimizer, data: data) { inputs, targets in
                Loss.pinball(model(inputs), targets, quantiles: levels)
            }
        let report = evaluate(model, on: series, setup: setup)
        return (model, ForecastReport(
            series: series.name, kind: config.kind, setup: setup, crps: report.crps, baselineCRPS: report.baselineCRPS,
            coverage80: report.coverage80, testOrigins: report.origins, epochs: training.epochs.count,
            trainingSeconds: training.seconds, validationLoss: training.bestValidationLoss), optimizer.stateDict())
    }

    /// The memory training on `series` needs: the windows (inputs and targets, with the dataset's
    /// and the batches' copies) and the network with its gradients and Adam's moments.
    public static func memoryEstimate(_ series: TimeSeries, config: ForecastTrainingConfig, setup: ForecastSetup) -> MemoryEstimate {
        var estimate = MemoryEstimate()
        let outputs = setup.horizon.multipliedSaturating(setup.quantiles.count)
        let rowWidth = setup.context.addingSaturating(setup.horizon).addingSaturating(outputs)
        // Augmented: two bases, strides 1, 2, 4, 13 (1.83× the length), three transforms each: under 11×.
        estimate.add("training windows", count: series.count.multipliedSaturating(config.augment ? 11 : 1), bytesEach: rowWidth.multipliedSaturating(4 * 3))
        let hidden = config.hidden
        let parameters: Int
        switch config.kind {
        case .mlp, .residual: parameters = MemoryEstimate.mlpParameters([setup.context, hidden, hidden, outputs])
        case .calibrated:
            parameters = MemoryEstimate.mlpParameters([WindowCandidates.featureCount(context: setup.context, horizon: setup.horizon), hidden, hidden,
                                                       QuantileForecaster.calibratedOutputs(context: setup.context, horizon: setup.horizon)])
        case .gru: parameters = hidden.multipliedSaturating(hidden.addingSaturating(2)).multipliedSaturating(6)
            .addingSaturating(MemoryEstimate.mlpParameters([hidden, outputs]))
        }
        estimate.add("network, gradients and optimiser state", count: parameters, bytesEach: 4 * 4)
        let batchRows = config.training.batchSize.multipliedSaturating(config.kind == .gru ? setup.context : 1)
        estimate.add("activations", count: batchRows, bytesEach: hidden.multipliedSaturating(2 * 4 * 4 * (config.kind == .gru ? 4 : 1)))
        return estimate
    }

    /// Scores `model` and the seasonal-naive baseline on every test origin of `series`.
    public static func evaluate(_ model: QuantileForecaster, on series: TimeSeries, setup: ForecastSetup)
        -> (crps: Double, baselineCRPS: Double, coverage80: Double?, origins: Int) {
        let (windows, origins) = ForecastWindows.test(series, setup)
        let predictions = noGrad { () -> [Float] in
            model.eval()
            return model(windows.inputs).scalars
        }
        let baseline = SeasonalNaive(values: series.values, trainingEnd: setup.trainingEnd(count: series.count),
                                     seasonLength: series.frequency.seasonLength, horizon: setup.horizon, quantiles: setup.quantiles)
        let q = setup.quantiles.count
        let lower = setup.quantiles.firstIndex { Swift.abs($0 - 0.1) < 1e-9 }
        let upper = setup.quantiles.firstIndex { Swift.abs($0 - 0.9) < 1e-9 }
        var modelTotal = 0.0
        var baselineTotal = 0.0
        var covered = 0
        var scored = 0
        for (index, origin) in origins.enumerated() {
            let (mean, spread) = windows.scales[index]
            let naive = baseline.forecast(values: series.values, origin: origin)
            for step in 0..<setup.horizon {
                let offset = (index * setup.horizon + step) * q
                // Back to series units; sorting removes quantile crossing.
                let forecast = (0..<q).map { mean + spread * Double(predictions[offset + $0]) }.sorted()
                let observation = series.values[origin + step]
                modelTotal += quantileCRPS(forecast: forecast, levels: setup.quantiles, observation: observation)
                baselineTotal += quantileCRPS(forecast: naive[step], levels: setup.quantiles, observation: observation)
                if let lower, let upper, forecast[lower] <= observation, observation <= forecast[upper] { covered += 1 }
                scored += 1
            }
        }
        let coverage = lower != nil && upper != nil ? Double(covered) / Double(scored) : nil
        return (modelTotal / Double(scored), baselineTotal / Double(scored), coverage, origins.count)
    }
}

import NN
import Tensor

extension ForecastExperiment {
    /// Trains one forecaster on the training windows of every series together (a global model,
    /// as DeepAR and N-BEATS train: instance-scaled windows make series of any level and scale
    /// comparable; every window weighs the same, so long series weigh more), then reports each series' test CRPS against its
    /// seasonal-naive baseline.
    ///
    /// The setup must fix the context (`context` > 0): one network reads one window length.
    /// Deterministic for a given config.
    public static func runPooled(
        _ series: [TimeSeries], config: ForecastTrainingConfig, metrics: MetricsLog = .discard, showsProgress: Bool = false,
        memoryLimit: Int = MemoryEstimate.defaultLimit
    ) throws -> (model: QuantileForecaster, reports: [ForecastReport], optimizerState: StateDict) {
        guard !series.isEmpty else { throw ForecastError.invalidConfig("pooled training needs at least one series") }
        guard config.setup.context > 0 else {
            throw ForecastError.invalidConfig("pooled training needs an explicit context (one network reads one window length)")
        }
        var setups: [ForecastSetup] = []
        var estimate = MemoryEstimate()
        for data in series {
            if let first = data.values.first, data.values.allSatisfy({ $0 == first }) {
                throw ForecastError.invalidSeries(data.name, "every value is \(first); a constant series has nothing to forecast")
            }
            let setup = try config.setup.resolved(for: data)
            try config.checkKind(setup)
            setups.append(setup)
            for part in memoryEstimate(data, config: config, setup: setup).parts { estimate.add(part.name + " (\(data.name))", count: part.bytes, bytesEach: 1) }
        }
        try estimate.check(limit: memoryLimit, what: "training one forecaster on \(series.count) series")
        let setup = setups[0]
        var generator = PhiloxGenerator(seed: config.training.seed, stream: 10)
        let model = QuantileForecaster(kind: config.kind, context: setup.context, horizon: setup.horizon,
                                       quantiles: setup.quantiles, hidden: config.hidden, using: &generator)
        let windows = zip(series, setups).map { ForecastAugmentation.trainingWindows($0, $1, augment: config.augment) }
        let data = try SupervisedDataset(inputs: Tensor.concatenate(windows.map(\.inputs), axis: 0),
                                         targets: Tensor.concatenate(windows.map(\.targets), axis: 0))
        var optimizer = Adam(learningRate: config.learningRate)
        let levels = setup.quantiles
        let training = try Trainer(config: config.training, metrics: metrics, showsProgress: showsProgress)
            .fit(model, optimizer: &optimizer, data: data) { inputs, targets in
                Loss.pinball(model(inputs), targets, quantiles: levels)
            }
        let reports = zip(series, setups).map { data, setup in
            let scored = evaluate(model, on: data, setup: setup)
            return ForecastReport(series: data.name, kind: config.kind, setup: setup, crps: scored.crps, baselineCRPS: scored.baselineCRPS,
                                  coverage80: scored.coverage80, testOrigins: scored.origins, epochs: training.epochs.count,
                                  trainingSeconds: training.seconds, validationLoss: training.bestValidationLoss)
        }
        return (model, reports, optimizer.stateDict())
    }
}

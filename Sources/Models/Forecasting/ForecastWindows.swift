import Tensor

/// The sizes of a forecasting task on one series.
public struct ForecastSetup: Sendable, Codable, Equatable {
    /// Observations the model sees before each forecast.
    public var context: Int
    /// Steps forecast at once.
    public var horizon: Int
    /// Quantile levels forecast, increasing, inside (0, 1).
    public var quantiles: [Double]
    /// Share of the series, at its end, held out for evaluation.
    public var testFraction: Double

    /// A setup; `context` 0 means "derive it": two seasons, at least 24 observations.
    public init(context: Int = 0, horizon: Int = 4, quantiles: [Double] = ForecastSetup.defaultQuantiles, testFraction: Double = 0.2) {
        self.context = context
        self.horizon = horizon
        self.quantiles = quantiles
        self.testFraction = testFraction
    }

    /// Nineteen levels from 0.05 to 0.95.
    public static let defaultQuantiles = (1...19).map { Double($0) / 20 }

    /// The setup with a derived context for `series`, checked against its length.
    public func resolved(for series: TimeSeries) throws(ForecastError) -> ForecastSetup {
        var setup = self
        if setup.context == 0 { setup.context = Swift.max(24, 2 * series.frequency.seasonLength) }
        guard setup.context > 0, setup.horizon > 0 else {
            throw .invalidConfig("context and horizon must be positive, got \(setup.context) and \(setup.horizon)")
        }
        guard !setup.quantiles.isEmpty, setup.quantiles.allSatisfy({ $0 > 0 && $0 < 1 }),
              zip(setup.quantiles, setup.quantiles.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw .invalidConfig("quantile levels must increase strictly inside (0, 1), got \(setup.quantiles)")
        }
        guard setup.testFraction > 0, setup.testFraction < 0.5 else {
            throw .invalidConfig("testFraction must lie in (0, 0.5), got \(setup.testFraction)")
        }
        let trainEnd = setup.trainingEnd(count: series.count)
        guard trainEnd - setup.context - setup.horizon >= 16 else {
            throw .invalidSeries(series.name, "\(series.count) observations leave fewer than 16 training windows for context \(setup.context) and horizon \(setup.horizon)")
        }
        guard series.count - trainEnd >= setup.horizon else {
            throw .invalidSeries(series.name, "the test part (\(series.count - trainEnd) observations) is shorter than the horizon \(setup.horizon)")
        }
        return setup
    }

    /// Index of the first test observation.
    public func trainingEnd(count: Int) -> Int { count - Int((Double(count) * testFraction).rounded()) }
}

/// Context windows cut from a series and scaled by their own context's mean and spread, so one
/// model serves series of any level and scale (instance normalisation).
public struct ForecastWindows: Sendable {
    /// Scaled contexts `[N, context]`.
    public var inputs: Tensor
    /// Scaled targets `[N, horizon]` (the observations after each context).
    public var targets: Tensor
    /// Each window's context mean and spread, to map forecasts back.
    public var scales: [(mean: Double, spread: Double)]

    /// Windows already cut and scaled.
    public init(inputs: Tensor, targets: Tensor, scales: [(mean: Double, spread: Double)]) {
        self.inputs = inputs
        self.targets = targets
        self.scales = scales
    }

    /// Windows whose context starts at each of `origins` minus `context` (origin = first target).
    public init(values: [Double], origins: [Int], context: Int, horizon: Int) {
        var inputs: [Double] = []
        var targets: [Double] = []
        var scales: [(Double, Double)] = []
        inputs.reserveCapacity(origins.count * context)
        for origin in origins {
            let window = values[(origin - context)..<origin]
            let mean = window.reduce(0, +) / Double(context)
            let variance = window.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(context)
            // A floor keeps flat contexts from dividing by zero.
            let spread = Swift.max(variance.squareRoot(), 1e-3 * Swift.abs(mean) + 1e-8)
            inputs.append(contentsOf: window.map { ($0 - mean) / spread })
            let end = Swift.min(origin + horizon, values.count)
            var future = values[origin..<end].map { ($0 - mean) / spread }
            future += [Double](repeating: 0, count: horizon - future.count)
            targets.append(contentsOf: future)
            scales.append((mean, spread))
        }
        self.inputs = Tensor(shape: [origins.count, context], doubles: inputs).converted(to: .float32)
        self.targets = Tensor(shape: [origins.count, horizon], doubles: targets).converted(to: .float32)
        self.scales = scales
    }

    /// Training windows: every origin whose targets end before the test part.
    public static func training(_ series: TimeSeries, _ setup: ForecastSetup) -> ForecastWindows {
        let end = setup.trainingEnd(count: series.count)
        return ForecastWindows(values: series.values, origins: Array(setup.context...(end - setup.horizon)),
                               context: setup.context, horizon: setup.horizon)
    }

    /// Evaluation windows: every origin in the test part with a full horizon after it.
    public static func test(_ series: TimeSeries, _ setup: ForecastSetup) -> (windows: ForecastWindows, origins: [Int]) {
        let start = setup.trainingEnd(count: series.count)
        let origins = Array(start...(series.count - setup.horizon))
        return (ForecastWindows(values: series.values, origins: origins, context: setup.context, horizon: setup.horizon), origins)
    }
}

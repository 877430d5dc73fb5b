import Foundation
import Models
import RL
import Tensor

/// Forecast-v0: probabilistic forecasting, one forecast per step, rolling forward through a
/// series from a seeded cut point.
///
/// - Observation, a ``DictSpace``:
///   - `context`, Box `[context]`: the last `context` observations, scaled by the window's own mean
///     and spread (`(x − mean) / spread`, the instance normalisation `frontier fit forecast` trains
///     with), so one policy serves series of any level and scale;
///   - `calendar`, Box `[2]`: sine and cosine of the forecast origin's position in the season when
///     the series has one (weekly, monthly, quarterly data; a synthetic season), else zeros.
/// - Action: Box `[horizon × quantiles]`: for each of the next `horizon` steps, the forecast's
///   quantiles at the levels, in the window's scaled units (sorted before scoring, so crossing
///   quantiles are repaired rather than refused).
/// - Reward: minus the CRPS of the quantiles against what happened (the quantile-score
///   approximation, averaged over the horizon; see `Models.quantileCRPS`), in scaled units, so
///   divided by the window's spread; floored at −10⁶.
/// - Info on every step: `crps` and `baseline_crps` (the seasonal-naive forecast's, fitted on the
///   history before the episode's cut point), `series` (the index of the series in the folder,
///   or −1 for a synthetic one). On the last step also `skill` = 1 − Σcrps / Σbaseline over the
///   episode (0: as good as seasonal naive, 1: perfect, negative: worse) and `score`.
/// - Score (``ScoreMapping/info(key:)`` of `score`): `(1 + skill) / 2`, clamped to [0, 1].
///   Monotone in skill: seasonal naive's own quality scores ½, a perfect forecast 1, and a
///   forecast twice as bad as seasonal naive (or worse) 0.
/// - Length: `steps` forecasts (default 12); the episode then truncates.
///
/// Options: `data` (a folder of `timestamp,value` CSV files; without it, a new synthetic series
/// every episode), `synthetic` (`mixed` or one of `ar`, `seasonal`, `regime`, `jumps`),
/// `length` (synthetic series length, 64…100000, default 300), `context` (4…1024, default 32),
/// `horizon` (1…64, default 4), `quantiles` (1…99 evenly spaced levels i/(Q+1), default 9) or
/// `levels` (`0.1,0.5,0.9`), `steps` (1…10000, default 12), `split` (`all`, `train`: forecasts
/// whose targets end before the held-out end of each series; `test`: forecasts inside it) and
/// `holdout` (the held-out fraction, 0.05…0.5, default 0.2).
public final class ForecastEnvironment: Environment {
    /// The registry id.
    public static let id = "Forecast-v0"
    /// The registry's record: negative CRPS rewards, the skill score from the episode's info.
    public static let defaultMetadata = EnvironmentMetadata(
        id: id, version: 0, minimumReward: -1e6, maximumReward: 0, maxEpisodeSteps: nil, rewardThreshold: nil,
        scoreMapping: .info(key: "score"))

    /// Observations per context window.
    public let context: Int
    /// Steps forecast at once.
    public let horizon: Int
    /// The quantile levels, increasing inside (0, 1).
    public let levels: [Double]
    /// Forecasts per episode.
    public let stepsPerEpisode: Int
    /// The names of the folder's series (empty for synthetic series).
    public var seriesNames: [String] {
        if case let .folder(series) = source { return series.map(\.name) }
        return []
    }

    public let observationSpace: Space
    public let actionSpace: Space
    public let metadata = ForecastEnvironment.defaultMetadata

    private let source: ForecastSeriesSource
    /// The folder's series long enough for the settings (the others are never drawn).
    private var usable: [Int] = []
    private let split: Split
    private let holdout: Double
    private var randomness = EpisodeRandomness()
    private var episode: Episode?

    /// Which part of each series episodes forecast.
    enum Split: String { case all, train, test }

    /// The state of one episode.
    private struct Episode {
        var values: [Double]
        var seasonLength: Int
        var seriesIndex: Int
        var origin: Int
        var step = 0
        var baseline: SeasonalNaive
        var crpsTotal = 0.0
        var baselineTotal = 0.0
        var scale = (mean: 0.0, spread: 1.0)
    }

    /// Forecast-v0 with `options` (see the type's documentation); throws naming a bad option, an
    /// unreadable file, or a folder without a series long enough for the settings.
    public init(options: EnvironmentOptions = [:]) throws(EnvironmentError) {
        var options = options
        let id = Self.id
        context = Int(try options.value("context", default: 32, range: 4...1024, environment: id))
        horizon = Int(try options.value("horizon", default: 4, range: 1...64, environment: id))
        let count = Int(try options.value("quantiles", default: 9, range: 1...99, environment: id))
        if let text = try options.string("levels", default: nil, environment: id) {
            let parsed = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard !parsed.isEmpty, parsed.count <= 99, parsed.allSatisfy({ $0 != nil && $0! > 0 && $0! < 1 }),
                  zip(parsed, parsed.dropFirst()).allSatisfy({ $0! < $1! }) else {
                throw .invalidOption(environment: id, option: "levels", reason: "must be 1 to 99 increasing numbers inside (0, 1), like 0.1,0.5,0.9; got '\(text)'")
            }
            levels = parsed.map { $0! }
        } else {
            levels = (1...count).map { Double($0) / Double(count + 1) }
        }
        stepsPerEpisode = Int(try options.value("steps", default: 12, range: 1...10_000, environment: id))
        let splitText = try options.string("split", default: "all", environment: id) ?? "all"
        guard let split = Split(rawValue: splitText) else {
            throw .invalidOption(environment: id, option: "split", reason: "must be all, train or test; got '\(splitText)'")
        }
        self.split = split
        holdout = try options.value("holdout", default: 0.2, range: 0.05...0.5, environment: id)
        let length = Int(try options.value("length", default: 300, range: 64...100_000, environment: id))
        let kindText = try options.string("synthetic", default: "mixed", environment: id) ?? "mixed"
        let kinds: [SyntheticSeriesKind]
        if kindText == "mixed" {
            kinds = SyntheticSeriesKind.allCases
        } else if let kind = SyntheticSeriesKind(rawValue: kindText) {
            kinds = [kind]
        } else {
            throw .invalidOption(environment: id, option: "synthetic", reason: "must be mixed, "
                                 + SyntheticSeriesKind.allCases.map(\.rawValue).joined(separator: ", ") + "; got '\(kindText)'")
        }
        let data = try options.string("data", default: nil, environment: id)
        try options.finish(environment: id)
        if let data {
            let series = try ForecastSeriesSource.loadFolder(data, environment: id)
            source = .folder(series)
        } else {
            source = .synthetic(kinds: kinds, length: length)
        }
        let bound = Float(context).squareRoot()
        observationSpace = .dict(DictSpace([
            .init("context", .box(BoxSpace(low: [Float](repeating: -bound, count: context), high: [Float](repeating: bound, count: context)))),
            .init("calendar", .box(BoxSpace(low: [-1, -1], high: [1, 1]))),
        ]))
        actionSpace = .box(BoxSpace(low: [Float](repeating: -1e4, count: horizon * levels.count),
                                    high: [Float](repeating: 1e4, count: horizon * levels.count)))
        if case let .folder(series) = source {
            usable = series.indices.filter { originRange(count: series[$0].values.count, seasonLength: series[$0].seasonLength) != nil }
        }
        if case .folder = source, usable.isEmpty {
            throw .invalidOption(environment: id, option: "data", reason: "no series is long enough for context \(context), horizon \(horizon), "
                                 + "\(stepsPerEpisode) steps and the \(split.rawValue) split")
        }
        if case .synthetic = source, originRange(count: length, seasonLength: 24) == nil {
            throw .invalidOption(environment: id, option: "length", reason: "\(length) values are too few for context \(context), horizon \(horizon), "
                                 + "\(stepsPerEpisode) steps and the \(split.rawValue) split")
        }
    }

    /// The first origins an episode may start at, for a series of `count` values: the first
    /// forecast needs a full context and the baseline enough history for its longest lag, the
    /// last forecast's targets must end inside the split's part of the series.
    func originRange(count: Int, seasonLength: Int) -> ClosedRange<Int>? {
        let longestLag = seasonLength * ((horizon - 1 + seasonLength) / seasonLength)
        let earliest = Swift.max(context, longestLag + 8)
        let trainingEnd = count - Int((Double(count) * holdout).rounded())
        let span = stepsPerEpisode + horizon - 1  // the targets one episode reads
        let (low, high): (Int, Int)
        switch split {
        case .all: (low, high) = (earliest, count - span)
        case .train: (low, high) = (earliest, trainingEnd - span)
        case .test: (low, high) = (Swift.max(earliest, trainingEnd), count - span)
        }
        return low <= high ? low...high : nil
    }

    public func reset(seed: UInt64?) -> Reset {
        randomness.reseed(seed)
        var generator = PhiloxGenerator(seed: UInt64(randomness.uniform(0, 1) * 9_007_199_254_740_992))
        var values: [Double], seasonLength: Int, seriesIndex: Int
        var range: ClosedRange<Int>?
        switch source {
        case let .folder(series):
            seriesIndex = usable[generator.nextInt(below: usable.count)]
            (values, seasonLength) = (series[seriesIndex].values, series[seriesIndex].seasonLength)
            range = originRange(count: values.count, seasonLength: seasonLength)
        case let .synthetic(kinds, length):
            let kind = kinds[generator.nextInt(below: kinds.count)]
            (values, seasonLength) = kind.generate(length: length, using: &generator)
            seriesIndex = -1
            range = originRange(count: values.count, seasonLength: seasonLength)
        }
        let origins = range!  // checked at init for folders; synthetic lengths checked with the longest season
        let origin = origins.lowerBound + generator.nextInt(below: origins.count)
        // The baseline learns its error quantiles from at most 2,000 observations before the cut.
        let offset = Swift.max(0, origin - 2_000)
        let history = Array(values[offset..<origin])
        let baseline = SeasonalNaive(values: history, trainingEnd: origin - offset, seasonLength: seasonLength,
                                     horizon: horizon, quantiles: levels)
        episode = Episode(values: values, seasonLength: seasonLength, seriesIndex: seriesIndex, origin: origin,
                          baseline: baseline)
        return Reset(observation: observation())
    }

    public func step(_ action: Action) -> Transition {
        guard var episode else { stopOnStepBeforeReset(environment: Self.id) }
        let flat = action.continuousValues(for: Self.id)
        let q = levels.count
        guard flat.count == horizon * q else {
            stopOnInvalidAction(action, environment: Self.id, reason: "a forecast holds \(horizon) × \(q) quantiles")
        }
        let origin = episode.origin + episode.step
        let scale = episode.scale
        var crps = 0.0
        for step in 0..<horizon {
            let quantiles = flat[(step * q)..<((step + 1) * q)].map { Double($0) }.sorted()
            let observed = (episode.values[origin + step] - scale.mean) / scale.spread
            crps += quantileCRPS(forecast: quantiles, levels: levels, observation: observed)
        }
        crps = Swift.min(crps / Double(horizon), 1e6)
        // The baseline reads only values before the origin, by absolute position.
        let naive = episode.baseline.forecast(values: episode.values, origin: origin)
        var baselineCRPS = 0.0
        for step in 0..<horizon {
            let quantiles = naive[step].map { ($0 - scale.mean) / scale.spread }
            let observed = (episode.values[origin + step] - scale.mean) / scale.spread
            baselineCRPS += quantileCRPS(forecast: quantiles, levels: levels, observation: observed)
        }
        baselineCRPS = Swift.min(baselineCRPS / Double(horizon), 1e6)
        episode.crpsTotal += crps
        episode.baselineTotal += baselineCRPS
        episode.step += 1
        let done = episode.step >= stepsPerEpisode
        var info = Info(values: ["crps": crps, "baseline_crps": baselineCRPS, "series": Double(episode.seriesIndex)])
        if done {
            let skill = episode.baselineTotal > 0 ? 1 - episode.crpsTotal / episode.baselineTotal : (episode.crpsTotal == 0 ? 1 : -1)
            info["skill"] = skill
            info["score"] = Swift.min(1, Swift.max(0, (1 + skill) / 2))
            info["episode_crps"] = episode.crpsTotal / Double(episode.step)
            info["episode_baseline_crps"] = episode.baselineTotal / Double(episode.step)
        }
        self.episode = episode
        // After the last forecast the observation is the next window, when the series has one.
        return Transition(observation: observation(), reward: -crps, terminated: false, truncated: done, info: info)
    }

    /// The observation at the episode's current origin: the scaled context and the calendar.
    private func observation() -> [Float] {
        let origin = episode!.origin + episode!.step
        let window = episode!.values[(origin - context)..<origin]
        let mean = window.reduce(0, +) / Double(context)
        let variance = window.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(context)
        // The same floor as ForecastWindows: flat contexts do not divide by zero.
        let spread = Swift.max(variance.squareRoot(), 1e-3 * Swift.abs(mean) + 1e-8)
        episode!.scale = (mean, spread)
        let bound = Float(context).squareRoot()
        var values = window.map { Swift.min(Swift.max(Float(($0 - mean) / spread), -bound), bound) }
        let season = episode!.seasonLength
        if season > 1 {
            let angle = 2 * Double.pi * Double(origin % season) / Double(season)
            values += [Float(Foundation.sin(angle)), Float(Foundation.cos(angle))]
        } else {
            values += [0, 0]
        }
        return values
    }

}

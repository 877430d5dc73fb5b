import Foundation
import Tensor

/// The Tree-structured Parzen Estimator (Bergstra et al., "Algorithms for Hyper-Parameter
/// Optimization", NeurIPS 2011), built as Optuna 5.0's: after `startupTrials` random trials, the
/// finished trials are split into the best γ(n) = min(⌈goodFraction·n⌉, goodLimit) ("below")
/// and the rest; a Parzen estimator l(x) is fitted to the first and g(x) to the second, with
/// recent trials weighted more once there are more than 25; `eiCandidates` draws from l(x) are
/// scored by log l(x) − log g(x) and the best is taken. The defaults depart from Optuna's in
/// three constants (see ``Configuration``); `TPESampler(.optuna(seed:))` is Optuna's sampler.
///
/// Complete trials rank by value; pruned ones rank after them, those that got further first.
/// *Multivariate* (Falkner et al. 2018; Optuna's default since 5.0 for one objective, and this
/// sampler's) models the parameters every complete trial shares jointly, one kernel per trial
/// across all of them; parameters outside that shared space (conditional ones) are drawn one at
/// a time. `multivariate: false` draws every parameter on its own (Optuna's default before 5.0).
public struct TPESampler: Sampler {
    /// TPE's settings. The defaults are Optuna's except three in the joint (multivariate)
    /// model, which make the search more local as it goes on: 48 candidates instead of 24, the
    /// magic clip's floor at 0.35 of Optuna's, and γ(n) capped at 10 good trials instead of 25. They were chosen by screening
    /// variants of this sampler on Branin and Hartmann-6 (60 runs each, random streams apart
    /// from the benchmark's seeds; docs/automl.md has the numbers). ``Configuration/optuna(seed:multivariate:)``
    /// gives Optuna's settings exactly.
    public struct Configuration: Sendable, Hashable, Codable {
        /// Random trials before the model is used.
        public var startupTrials = 10
        /// Candidates drawn from l(x) per draw (Optuna: 24).
        public var eiCandidates = 48
        /// Weight of the prior kernel relative to one observation.
        public var priorWeight = 1.0
        /// Bandwidths at least `bandwidthFloor` · range / min(100, kernels + 1).
        public var considerMagicClip = true
        /// Scales the magic clip's floor (Optuna: 1).
        public var bandwidthFloor = 0.35
        /// γ(n) = min(⌈goodFraction · n⌉, goodLimit) trials count as good (Optuna: 0.1, 25).
        public var goodFraction = 0.1
        /// The cap on γ(n) (Optuna: 25).
        public var goodLimit = 10
        /// Whether the range's ends count as neighbours when setting the outer kernels' widths.
        public var considerEndpoints = false
        /// Model shared parameters jointly.
        public var multivariate = true
        /// The seed every draw derives from.
        public var seed: UInt64 = 0

        /// Defaults; change fields as needed. The independent model (`multivariate: false`)
        /// keeps Optuna's three constants: the departures were chosen for the joint one.
        public init(seed: UInt64 = 0, multivariate: Bool = true) {
            self.seed = seed
            self.multivariate = multivariate
            if !multivariate {
                eiCandidates = 24
                bandwidthFloor = 1
                goodLimit = 25
            }
        }

        /// Optuna 5.0's `TPESampler` defaults exactly (24 candidates, the magic clip's floor as
        /// it is).
        public static func optuna(seed: UInt64 = 0, multivariate: Bool = true) -> Configuration {
            var configuration = Configuration(seed: seed, multivariate: multivariate)
            configuration.eiCandidates = 24
            configuration.bandwidthFloor = 1
            configuration.goodFraction = 0.1
            configuration.goodLimit = 25
            return configuration
        }
    }

    /// The settings.
    public var configuration: Configuration

    /// A TPE sampler with `configuration`.
    public init(_ configuration: Configuration = Configuration()) {
        precondition(configuration.startupTrials >= 0 && configuration.eiCandidates >= 1 && configuration.priorWeight > 0,
                     "TPESampler: startupTrials ≥ 0, eiCandidates ≥ 1 and priorWeight > 0")
        precondition(configuration.bandwidthFloor > 0 && configuration.bandwidthFloor.isFinite,
                     "TPESampler: bandwidthFloor must be positive")
        precondition(configuration.goodFraction > 0 && configuration.goodFraction <= 1 && configuration.goodLimit >= 1,
                     "TPESampler: goodFraction in (0, 1] and goodLimit ≥ 1")
        self.configuration = configuration
    }

    /// A TPE sampler with Optuna's defaults and `seed`.
    public init(seed: UInt64, multivariate: Bool = true) {
        self.init(Configuration(seed: seed, multivariate: multivariate))
    }

    /// Optuna's γ(n) = min(⌈0.1·n⌉, 25): how many trials count as good.
    public static func gamma(_ count: Int) -> Int { min((count + 9) / 10, 25) }

    /// γ(n) with this sampler's `goodFraction` and `goodLimit`.
    public func goodCount(_ count: Int) -> Int {
        min(Int((configuration.goodFraction * Double(count)).rounded(.up)), configuration.goodLimit, count)
    }

    /// Optuna's `default_weights`: ones up to 25 observations; beyond, the oldest n − 25 ramp
    /// linearly from 1/n to 1 (ordered by trial number) and the newest 25 weigh 1.
    public static func weights(_ count: Int) -> [Double] {
        guard count >= 25 else { return [Double](repeating: 1, count: count) }
        let rampCount = count - 25
        let ramp: [Double] = (0..<rampCount).map { index in
            rampCount == 1 ? 1 / Double(count) : 1 / Double(count) + (1 - 1 / Double(count)) * Double(index) / Double(rampCount - 1)
        }
        return ramp + [Double](repeating: 1, count: 25)
    }

    public func relativeSearchSpace(history: StudyHistory) -> [(name: String, distribution: Distribution)] {
        guard configuration.multivariate else { return [] }
        // The intersection of the finished trials' spaces (Optuna's IntersectionSearchSpace):
        // parameters every complete trial drew from the same distribution.
        let complete = history.trials.filter { $0.state == .complete }
        guard let first = complete.first else { return [] }
        return first.distributions.keys.sorted().compactMap { name in
            let distribution = first.distributions[name]!
            guard !distribution.isSingle, complete.allSatisfy({ $0.distributions[name] == distribution }) else { return nil }
            return (name, distribution)
        }
    }

    public func sampleRelative(history: StudyHistory, trialNumber: Int,
                               searchSpace: [(name: String, distribution: Distribution)]) -> [String: ParameterValue] {
        guard !searchSpace.isEmpty, finished(history).count >= configuration.startupTrials else { return [:] }
        var generator = SamplerStream.generator(seed: configuration.seed, trial: trialNumber, name: "\u{0}relative")
        return sample(history: history, space: searchSpace, using: &generator)
    }

    public func sampleIndependent(history: StudyHistory, trialNumber: Int, name: String, distribution: Distribution) -> ParameterValue {
        var generator = SamplerStream.generator(seed: configuration.seed, trial: trialNumber, name: name)
        guard finished(history).count >= configuration.startupTrials else {
            return RandomSampler.draw(distribution, using: &generator)
        }
        return sample(history: history, space: [(name, distribution)], using: &generator)[name]!
    }

    private func finished(_ history: StudyHistory) -> [FrozenTrial] {
        history.trials.filter { $0.state == .complete || $0.state == .pruned }
    }

    private func sample(history: StudyHistory, space: [(name: String, distribution: Distribution)],
                        using generator: inout PhiloxGenerator) -> [String: ParameterValue] {
        let (below, above) = split(history)
        let good = estimator(below, space: space)
        let bad = estimator(above, space: space)
        let candidates = good.sample(count: configuration.eiCandidates, using: &generator)
        var best = candidates[0]
        var bestScore = -Double.infinity
        for candidate in candidates {
            let score = good.logDensity(candidate) - bad.logDensity(candidate)
            if score > bestScore {
                bestScore = score
                best = candidate
            }
        }
        var values: [String: ParameterValue] = [:]
        for (column, parameter) in space.enumerated() {
            values[parameter.name] = parameter.distribution.value(internal: best[column])
        }
        return values
    }

    /// The best γ(n) finished trials and the rest, each ordered by number.
    func split(_ history: StudyHistory) -> (below: [FrozenTrial], above: [FrozenTrial]) {
        let direction = history.direction
        // Rank keys, not the trials themselves: sorting structs that hold dictionaries spends
        // most of its time retaining and releasing them.
        var complete: [(loss: Double, number: Int, index: Int)] = []
        var pruned: [(rank: Tuple3, index: Int)] = []
        for (index, trial) in history.trials.enumerated() {
            if trial.state == .complete, let value = trial.value {
                complete.append((direction.loss(value), trial.number, index))
            } else if trial.state == .pruned {
                pruned.append((prunedRank(trial, direction), index))
            }
        }
        complete.sort { ($0.loss, $0.number) < ($1.loss, $1.number) }
        pruned.sort { $0.rank < $1.rank }
        let ranked = complete.map(\.index) + pruned.map(\.index)
        let count = goodCount(ranked.count)
        // Trials are stored by number, so sorting indices orders them by number.
        let below = ranked.prefix(count).sorted().map { history.trials[$0] }
        let above = ranked.dropFirst(count).sorted().map { history.trials[$0] }
        return (below, above)
    }

    /// Pruned trials that got further rank first; then by their last value; unreported last.
    private func prunedRank(_ trial: FrozenTrial, _ direction: StudyDirection) -> Tuple3 {
        guard let step = trial.lastStep, let value = trial.intermediateValues[step] else { return Tuple3(1, 0, trial.number) }
        return Tuple3(Double(-step), value.isNaN ? .infinity : direction.loss(value), trial.number)
    }

    private func estimator(_ trials: [FrozenTrial], space: [(name: String, distribution: Distribution)]) -> ParzenEstimator {
        // Only trials that drew every parameter of the space from the same distribution inform it.
        let usable = trials.filter { trial in space.allSatisfy { trial.distributions[$0.name] == $0.distribution } }
        let observations = usable.map { trial in space.map { $0.distribution.internalValue(trial.parameters[$0.name]!)! } }
        return ParzenEstimator(observations: observations, observationWeights: Self.weights(observations.count),
                               space: space, configuration: configuration)
    }
}

/// A sortable (Double, Double, Int) key.
struct Tuple3: Comparable {
    let first: Double, second: Double, third: Int
    init(_ first: Double, _ second: Double, _ third: Int) { (self.first, self.second, self.third) = (first, second, third) }
    static func < (a: Tuple3, b: Tuple3) -> Bool { (a.first, a.second, a.third) < (b.first, b.second, b.third) }
}

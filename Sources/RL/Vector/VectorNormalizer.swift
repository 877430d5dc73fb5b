import Tensor

/// Observation and reward normalisation for a ``VectorEnvironment`` during training (SB3's
/// `VecNormalize`).
///
/// **Observations.** One ``RunningMeanStd`` is shared by all copies; a batch (`k` rows of
/// ``observationSize``) updates it with a single Chan et al. merge, then each value becomes
/// `clip((x - mean) / sqrt(var + epsilon))` with `epsilon` 1e-8 and `observationClip` 10 by
/// default (SB3's `clip_obs`). Deterministic: the batch is reduced in row (copy) order.
///
/// **Rewards.** Each copy keeps a discounted return `R[i] ← γ·R[i] + r[i]`; the batch of
/// returns updates a shared scalar ``RunningMeanStd``; the reward becomes
/// `clip(r / sqrt(var(R) + epsilon))` (`rewardClip` 10, SB3's `clip_reward`); `R[i]` is zeroed
/// after a step where copy `i`'s episode ended, as SB3 does.
///
/// **Evaluation.** Only the observation statistics matter at evaluation time: save
/// ``export()`` with ``epsilon`` and ``observationClip`` in the policy bundle, and wrap the
/// evaluation environment in ``evaluationWrapper(_:)`` (a frozen ``NormalizeObservation``),
/// which gives exactly the observations this normaliser gives from the same statistics.
public final class VectorNormalizer: Codable {
    /// The number of copies (the length of ``returns``).
    public let count: Int
    /// The length of one observation.
    public let observationSize: Int
    /// Whether observations are normalised (if not, they pass through unchanged).
    public let normalizeObservations: Bool
    /// Whether rewards are normalised (if not, they pass through unchanged).
    public let normalizeRewards: Bool
    /// The bound of normalised observations, if any.
    public let observationClip: Double?
    /// The bound of normalised rewards, if any.
    public let rewardClip: Double?
    /// The discount of the return accumulators.
    public let gamma: Double
    /// Added to variances before the square root.
    public let epsilon: Double
    /// Statistics of the observations; assign saved ones to resume.
    public var observationStatistics: RunningMeanStd {
        didSet { checkSizes() }
    }
    /// Statistics of the discounted returns (size 1); assign saved ones to resume.
    public var returnStatistics: RunningMeanStd {
        didSet { checkSizes() }
    }
    /// Each copy's discounted return so far.
    public private(set) var returns: [Double]

    /// A normaliser for `count` copies with observations of `observationSize` elements; the
    /// defaults are SB3's `VecNormalize` ones.
    public init(count: Int, observationSize: Int, normalizeObservations: Bool = true, normalizeRewards: Bool = true,
                observationClip: Double? = 10, rewardClip: Double? = 10, gamma: Double = 0.99, epsilon: Double = 1e-8) {
        check(count > 0 && observationSize > 0,
              "VectorNormalizer: count and observationSize must be positive, got \(count) and \(observationSize)")
        check(gamma >= 0 && gamma <= 1, "VectorNormalizer: gamma must lie in 0...1, got \(gamma)")
        check(epsilon >= 0 && epsilon.isFinite, "VectorNormalizer: epsilon must be finite and non-negative, got \(epsilon)")
        for clip in [observationClip, rewardClip].compactMap({ $0 }) {
            check(clip > 0, "VectorNormalizer: clips must be positive, got \(clip)")
        }
        self.count = count
        self.observationSize = observationSize
        self.normalizeObservations = normalizeObservations
        self.normalizeRewards = normalizeRewards
        self.observationClip = observationClip
        self.rewardClip = rewardClip
        self.gamma = gamma
        self.epsilon = epsilon
        observationStatistics = RunningMeanStd(size: observationSize)
        returnStatistics = RunningMeanStd(size: 1)
        returns = Array(repeating: 0, count: count)
    }

    /// Normalises `observations` (any number of rows, row-major), first merging them into the
    /// statistics when `update` is true. Pass each batch the environment returns once with
    /// `update: true` (after reset and after each step), and anything else (final
    /// observations, values for bootstrapping) with `update: false`.
    public func normalizeObservations(_ observations: [Float], update: Bool) -> [Float] {
        guard normalizeObservations else { return observations }
        check(observations.count % observationSize == 0,
              "VectorNormalizer: \(observations.count) values are not whole observations of \(observationSize)")
        if observations.isEmpty { return [] }
        if update { observationStatistics.update(rows: observations, rowCount: observations.count / observationSize) }
        return observationStatistics.normalize(observations, epsilon: epsilon, clip: observationClip)
    }

    /// Normalises one step's rewards (one per copy): advances each copy's discounted return,
    /// merges the returns into the statistics when `update` is true, scales, and zeroes the
    /// returns of copies whose episode ended (`dones[i]`).
    public func normalizeRewards(_ rewards: [Double], dones: [Bool], update: Bool = true) -> [Double] {
        check(rewards.count == count && dones.count == count,
              "VectorNormalizer: got \(rewards.count) rewards and \(dones.count) done flags for \(count) environments")
        guard normalizeRewards else { return rewards }
        for index in 0..<count { returns[index] = returns[index] * gamma + rewards[index] }
        if update { returnStatistics.update(scalars: returns) }
        let scale = (returnStatistics.variance[0] + epsilon).squareRoot()
        let normalized = rewards.map { reward in
            let value = reward / scale
            guard let rewardClip else { return value }
            return Swift.min(Swift.max(value, -rewardClip), rewardClip)
        }
        for index in 0..<count where dones[index] { returns[index] = 0 }
        return normalized
    }

    /// Zeroes every copy's discounted return (call after resetting the vector environment
    /// by hand; autoreset is handled by the `dones` of ``normalizeRewards(_:dones:update:)``).
    public func resetReturns() {
        returns = Array(repeating: 0, count: count)
    }

    /// A frozen ``NormalizeObservation`` around `environment` with this normaliser's
    /// observation statistics, `epsilon` and clip: evaluation sees what training saw.
    public func evaluationWrapper(_ environment: any Environment) -> NormalizeObservation {
        check(normalizeObservations, "VectorNormalizer.evaluationWrapper: observations are not normalised")
        return NormalizeObservation(environment, epsilon: epsilon, clip: observationClip,
                                    statistics: observationStatistics, isUpdating: false)
    }

    /// The statistics as named arrays for a checkpoint bundle: `obs_rms/mean`, `obs_rms/var`,
    /// `obs_rms/count`, `ret_rms/mean`, `ret_rms/var`, `ret_rms/count` (SB3's attribute names).
    public func export() -> [String: [Double]] {
        observationStatistics.export(prefix: "obs_rms/").merging(returnStatistics.export(prefix: "ret_rms/")) { $1 }
    }

    /// Replaces the statistics with ones read back from ``export()``; throws (leaving these
    /// unchanged) when an array is missing or has the wrong size.
    public func load(exported arrays: [String: [Double]]) throws(NormalizationError) {
        let observations = try RunningMeanStd(exported: arrays, prefix: "obs_rms/")
        let returns = try RunningMeanStd(exported: arrays, prefix: "ret_rms/")
        guard observations.size == observationSize else {
            throw .invalid(key: "obs_rms/mean", reason: "has \(observations.size) elements, observations have \(observationSize)")
        }
        guard returns.size == 1 else { throw .invalid(key: "ret_rms/mean", reason: "has \(returns.size) elements, expected 1") }
        observationStatistics = observations
        returnStatistics = returns
    }

    /// Puts back every copy's discounted return (what reward scaling continues from when a run
    /// resumes); throws when the count or a value does not fit.
    public func restoreReturns(_ values: [Double]) throws(NormalizationError) {
        guard values.count == count else { throw .invalid(key: "returns", reason: "has \(values.count) elements, expected \(count)") }
        guard values.allSatisfy(\.isFinite) else { throw .invalid(key: "returns", reason: "holds a value that is not finite") }
        returns = values
    }

    private func checkSizes() {
        check(observationStatistics.size == observationSize,
              "VectorNormalizer: observation statistics of size \(observationStatistics.size) for observations of \(observationSize)")
        check(returnStatistics.size == 1, "VectorNormalizer: return statistics must have size 1, got \(returnStatistics.size)")
    }
}

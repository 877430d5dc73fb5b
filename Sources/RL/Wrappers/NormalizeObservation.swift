import Tensor

/// Normalises observations to zero mean and unit variance with running statistics
/// (Gymnasium 1.x's `NormalizeObservation`).
///
/// Every observation (from `reset` and `step`) first updates the statistics, when
/// ``isUpdating`` is true, one observation at a time as Gymnasium does, and is then mapped to
/// `(observation - mean) / sqrt(var + epsilon)` with `epsilon` 1e-8 (see
/// ``RunningMeanStd/normalize(_:epsilon:clip:)``). Gymnasium does not clip; `clip` (default
/// nil) bounds the result to `[-clip, clip]` as SB3's `VecNormalize` (and cleanrl's
/// `TransformObservation` after this wrapper) do.
///
/// For evaluation, build it with the statistics saved by training and `isUpdating: false`:
/// with equal statistics, `epsilon` and `clip`, it gives exactly the observation a
/// ``VectorNormalizer`` gives (``VectorNormalizer/evaluationWrapper(_:)`` does this).
public final class NormalizeObservation: EnvironmentWrapper {
    /// The wrapped environment.
    public let inner: any Environment
    /// The running statistics; assign saved ones to evaluate with them.
    public var statistics: RunningMeanStd {
        didSet {
            check(statistics.size == inner.observationSpace.flatSize,
                  "NormalizeObservation: statistics of size \(statistics.size) for observations of \(inner.observationSpace.flatSize)")
        }
    }
    /// Whether observations update the statistics (false freezes them, for evaluation).
    public var isUpdating: Bool
    /// Added to the variance before the square root.
    public let epsilon: Double
    /// The bound of the normalised values, if any.
    public let clip: Double?

    /// Wraps `inner`; `statistics` defaults to fresh ones (mean 0, variance 1).
    public init(_ inner: any Environment, epsilon: Double = 1e-8, clip: Double? = nil,
                statistics: RunningMeanStd? = nil, isUpdating: Bool = true) {
        let size = inner.observationSpace.flatSize
        check(epsilon >= 0 && epsilon.isFinite, "NormalizeObservation: epsilon must be finite and non-negative, got \(epsilon)")
        if let clip { check(clip > 0, "NormalizeObservation: clip must be positive, got \(clip)") }
        let statistics = statistics ?? RunningMeanStd(size: size)
        check(statistics.size == size, "NormalizeObservation: statistics of size \(statistics.size) for observations of \(size)")
        self.inner = inner
        self.statistics = statistics
        self.isUpdating = isUpdating
        self.epsilon = epsilon
        self.clip = clip
    }

    /// Unbounded reals of the inner observation's shape (`[-clip, clip]` when clipping), as
    /// Gymnasium reports.
    public var observationSpace: Space {
        let shape: [Int] = if case let .box(box) = inner.observationSpace { box.shape } else { [inner.observationSpace.flatSize] }
        let bound = Float(clip ?? .infinity)
        return .box(BoxSpace(low: -bound, high: bound, shape: shape))
    }

    public var actionSpace: Space { inner.actionSpace }
    public var metadata: EnvironmentMetadata { inner.metadata }

    public func reset(seed: UInt64?) -> Reset {
        var reset = inner.reset(seed: seed)
        reset.observation = normalize(reset.observation)
        return reset
    }

    public func step(_ action: Action) -> Transition {
        var transition = inner.step(action)
        transition.observation = normalize(transition.observation)
        return transition
    }

    private func normalize(_ observation: [Float]) -> [Float] {
        if isUpdating { statistics.update(rows: observation, rowCount: 1) }
        return statistics.normalize(observation, epsilon: epsilon, clip: clip)
    }
}

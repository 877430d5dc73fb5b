import Tensor

/// Scales rewards so that their discounted sum has roughly unit variance (Gymnasium 1.x's
/// `NormalizeReward`, SB3's `VecNormalize` reward path).
///
/// A discounted return `R ← γ·R + r` is accumulated; when ``isUpdating`` is true each step
/// merges `R` into ``statistics``; the reward returned is `r / sqrt(var(R) + epsilon)`. The
/// mean is not subtracted (openai/baselines#538). No clipping, as in Gymnasium.
///
/// When `R` restarts is the one choice: ``ReturnReset/episodeEnd`` (the default, SB3's
/// `VecNormalize`) zeroes it after a step that terminates or truncates and on every reset;
/// ``ReturnReset/gymnasium`` follows Gymnasium 1.x to the letter, `R ← γ·(1 - terminated)·R + r`,
/// which drops the old return on the terminating step itself and carries it across
/// truncations and resets.
public final class NormalizeReward: EnvironmentWrapper {
    /// When the discounted return restarts.
    public enum ReturnReset: Sendable, Equatable {
        /// After a step that ends the episode (terminated or truncated) and on reset (SB3).
        case episodeEnd
        /// Gymnasium 1.x's `R·γ·(1 - terminated) + r`.
        case gymnasium
    }

    /// The wrapped environment.
    public let inner: any Environment
    /// Statistics of the discounted return (size 1); assign saved ones to reuse them.
    public var statistics: RunningMeanStd {
        didSet { check(statistics.size == 1, "NormalizeReward: statistics must have size 1, got \(statistics.size)") }
    }
    /// Whether steps update the statistics (false freezes them).
    public var isUpdating: Bool
    /// The discount of the return accumulator.
    public let gamma: Double
    /// Added to the variance before the square root.
    public let epsilon: Double
    /// When the accumulator restarts.
    public let returnReset: ReturnReset
    /// The discounted return accumulated so far.
    public private(set) var discountedReturn: Double = 0

    /// Wraps `inner` with discount `gamma` (0.99, as Gymnasium).
    public init(_ inner: any Environment, gamma: Double = 0.99, epsilon: Double = 1e-8,
                returnReset: ReturnReset = .episodeEnd, statistics: RunningMeanStd? = nil, isUpdating: Bool = true) {
        check(gamma >= 0 && gamma <= 1, "NormalizeReward: gamma must lie in 0...1, got \(gamma)")
        check(epsilon >= 0 && epsilon.isFinite, "NormalizeReward: epsilon must be finite and non-negative, got \(epsilon)")
        let statistics = statistics ?? RunningMeanStd(size: 1)
        check(statistics.size == 1, "NormalizeReward: statistics must have size 1, got \(statistics.size)")
        self.inner = inner
        self.statistics = statistics
        self.isUpdating = isUpdating
        self.gamma = gamma
        self.epsilon = epsilon
        self.returnReset = returnReset
    }

    public var observationSpace: Space { inner.observationSpace }
    public var actionSpace: Space { inner.actionSpace }
    public var metadata: EnvironmentMetadata { inner.metadata }

    public func reset(seed: UInt64?) -> Reset {
        if returnReset == .episodeEnd { discountedReturn = 0 }
        return inner.reset(seed: seed)
    }

    public func step(_ action: Action) -> Transition {
        var transition = inner.step(action)
        let keep = returnReset == .gymnasium && transition.terminated ? 0.0 : 1.0
        discountedReturn = discountedReturn * gamma * keep + transition.reward
        if isUpdating { statistics.update(scalars: [discountedReturn]) }
        transition.reward /= (statistics.variance[0] + epsilon).squareRoot()
        if returnReset == .episodeEnd && transition.isDone { discountedReturn = 0 }
        return transition
    }
}

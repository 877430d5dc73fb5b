/// The bar a later miner must clear to beat an earlier one on an environment (Affine's anti-copy
/// rule, Dec 2025): threshold(p) = min(p + clamp(0.2·(1 − p), 0.02, 0.10), 1).
///
/// The gap is a fifth of the earlier miner's remaining headroom, but never below 2 points (noise)
/// nor above 10 points (so a weak incumbent cannot demand the impossible). A later score beats
/// only when it is strictly greater than the threshold, so a tie at 1.0 (threshold 1) never beats.
public struct ImprovementThreshold: Sendable, Equatable, Codable {
    /// Share of the headroom 1 − p the later miner must add (0.2).
    public var headroomFraction: Double
    /// Smallest required gain (0.02).
    public var minimumGap: Double
    /// Largest required gain (0.10).
    public var maximumGap: Double

    /// The Dec 2025 constants unless given.
    public init(headroomFraction: Double = 0.2, minimumGap: Double = 0.02, maximumGap: Double = 0.10) {
        self.headroomFraction = headroomFraction
        self.minimumGap = minimumGap
        self.maximumGap = maximumGap
    }

    /// The score a later miner must exceed to beat an earlier miner that scored `earlier`.
    public func threshold(_ earlier: Double) -> Double {
        let gap = min(max(headroomFraction * (1 - earlier), minimumGap), maximumGap)
        return min(earlier + gap, 1)
    }

    /// Whether `later` beats `earlier`: strictly above the threshold.
    public func beats(later: Double, earlier: Double) -> Bool {
        later > threshold(earlier)
    }

    /// Throws when a constant is negative, not finite, or the gaps are out of order.
    public func validate() throws(ScoringError) {
        for (name, value) in [("headroomFraction", headroomFraction), ("minimumGap", minimumGap), ("maximumGap", maximumGap)] {
            guard value.isFinite, value >= 0 else {
                throw .invalidConfiguration(setting: "threshold.\(name)", reason: "must be finite and ≥ 0, got \(value)")
            }
        }
        guard minimumGap <= maximumGap else {
            throw .invalidConfiguration(setting: "threshold.minimumGap", reason: "\(minimumGap) exceeds maximumGap \(maximumGap)")
        }
    }
}

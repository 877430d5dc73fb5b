/// The settings shared by the subset rules (`affine-subsets` and `statistical`): steps 1, 2, 4 and 5.
public struct SubsetScoringConfiguration: Sendable, Equatable, Codable {
    /// An environment counts for a miner only when completed / expected ≥ this (0.9).
    public var minCompleteness: Double
    /// How many subset sizes are scored, counting down from the full set (6).
    public var maxLayers: Int
    /// A survivor ranked r in a subset has its geometric mean multiplied by rankDecay^(r − 1) (0.5).
    public var rankDecay: Double
    /// Confidence of the per-environment intervals in reports (0.95).
    public var intervalConfidence: Double
    /// Minimum weight, burn and version key.
    public var weightPolicy: WeightPolicy
    /// Refuse tables with more miners than this (1024): the filter compares every pair.
    public var maxMiners: Int
    /// Refuse configurations that would score more subsets than this (65 536).
    public var maxSubsets: Int

    /// The defaults unless given.
    public init(minCompleteness: Double = 0.9, maxLayers: Int = 6, rankDecay: Double = 0.5,
                intervalConfidence: Double = 0.95, weightPolicy: WeightPolicy = WeightPolicy(),
                maxMiners: Int = 1024, maxSubsets: Int = 65_536) {
        self.minCompleteness = minCompleteness
        self.maxLayers = maxLayers
        self.rankDecay = rankDecay
        self.intervalConfidence = intervalConfidence
        self.weightPolicy = weightPolicy
        self.maxMiners = maxMiners
        self.maxSubsets = maxSubsets
    }

    /// Throws for a setting outside its range.
    public func validate() throws(ScoringError) {
        guard minCompleteness.isFinite, (0...1).contains(minCompleteness) else {
            throw .invalidConfiguration(setting: "minCompleteness", reason: "must lie in [0, 1], got \(minCompleteness)")
        }
        guard maxLayers >= 1 else {
            throw .invalidConfiguration(setting: "maxLayers", reason: "must be at least 1, got \(maxLayers)")
        }
        guard rankDecay.isFinite, rankDecay > 0, rankDecay <= 1 else {
            throw .invalidConfiguration(setting: "rankDecay", reason: "must lie in (0, 1], got \(rankDecay)")
        }
        guard intervalConfidence.isFinite, intervalConfidence > 0, intervalConfidence < 1 else {
            throw .invalidConfiguration(setting: "intervalConfidence", reason: "must lie in (0, 1), got \(intervalConfidence)")
        }
        guard maxMiners >= 1 else {
            throw .invalidConfiguration(setting: "maxMiners", reason: "must be at least 1, got \(maxMiners)")
        }
        guard maxSubsets >= 1 else {
            throw .invalidConfiguration(setting: "maxSubsets", reason: "must be at least 1, got \(maxSubsets)")
        }
        try weightPolicy.validate()
    }
}

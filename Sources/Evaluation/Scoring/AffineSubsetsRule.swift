/// The default rule, `affine-subsets`: Affine's anti-copy Pareto filter and subset scoring
/// (Dec 2025), steps 1 to 5.
///
/// 1. An environment counts for a miner when completed / expected ≥ `minCompleteness` (0.9).
/// 2. Per environment, a mean with a Jeffreys (pass/fail) or Student-t (continuous) interval; two
///    miners are compared on the tasks both completed when per-task scores exist.
/// 3. In every scored subset S, for each pair A earlier than B (by first submission, then uid):
///    B beats A on e when B's score > ``ImprovementThreshold/threshold(_:)`` of A's; A dominates B
///    when B beats A nowhere in S, B dominates A when B beats A everywhere in S; the dominated
///    miner leaves S. An identical or slightly better copy therefore never survives its original.
/// 4. Layers of subset sizes (``SubsetLayers``); in each subset the survivors are ranked by the
///    geometric mean of their scores, adjusted = GM·0.5^(rank − 1), and the subset's weight is shared
///    in proportion to adjusted.
/// 5. Points → ``WeightVector``.
public struct AffineSubsetsRule: ScoringRule {
    /// The rule's name: `affine-subsets`.
    public var name: String { "affine-subsets" }
    /// Completeness, layers, decay, intervals and weights.
    public var configuration: SubsetScoringConfiguration
    /// The bar a later miner must clear on an environment.
    public var threshold: ImprovementThreshold

    /// The rule with the given (or default) settings.
    public init(configuration: SubsetScoringConfiguration = SubsetScoringConfiguration(),
                threshold: ImprovementThreshold = ImprovementThreshold()) {
        self.configuration = configuration
        self.threshold = threshold
    }

    /// Scores `table` by steps 1–5.
    public func score(_ table: ScoreTable, intervals: Bool) throws(ScoringError) -> ScoringResult {
        try configuration.validate()
        try threshold.validate()
        let prepared = try PreparedScores(table: table, minCompleteness: configuration.minCompleteness,
                                          maxMiners: configuration.maxMiners)
        let subsets = try SubsetScoring.layers(environmentCount: prepared.environmentCount, configuration: configuration)
        let minerCount = prepared.minerCount
        var beats = [UInt64](repeating: 0, count: minerCount * minerCount)
        for earlier in 0..<minerCount {
            for later in (earlier + 1)..<max(earlier + 1, minerCount) {
                // Only environments both pass can appear in a subset holding both.
                var shared = prepared.passMask[earlier] & prepared.passMask[later]
                var won: UInt64 = 0
                while shared != 0 {
                    let environment = shared.trailingZeroBitCount
                    shared &= shared - 1
                    let (earlierScore, laterScore) = prepared.commonMeans(earlier, later, environment)
                    if threshold.beats(later: laterScore, earlier: earlierScore) { won |= 1 << UInt64(environment) }
                }
                beats[earlier * minerCount + later] = won
            }
        }
        return SubsetScoring.run(rule: name, prepared: prepared, beats: beats, subsets: subsets,
                                 configuration: configuration, intervals: intervals)
    }
}

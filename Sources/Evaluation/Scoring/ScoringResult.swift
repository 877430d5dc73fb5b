/// Why the anti-copy filter removed a miner from a subset.
public enum DominanceReason: String, Sendable, Codable {
    /// The later miner cleared the earlier one's threshold on no environment of the subset, so the
    /// earlier miner dominates it (copies and near-copies end here).
    case laterNotBetterAnywhere
    /// The later miner beat the earlier one on every environment of the subset, so it dominates
    /// the earlier miner.
    case earlierBeatenEverywhere
}

/// One removal by the anti-copy filter: `removedUID` leaves `subset` because of `byUID`.
public struct SubsetRemoval: Sendable, Equatable, Codable {
    /// The subset the miner was removed from.
    public var subset: EnvironmentSubset
    /// The miner removed.
    public var removedUID: Int
    /// The miner that dominated it.
    public var byUID: Int
    /// Why.
    public var reason: DominanceReason
}

/// What one miner earned in one subset (step 4).
public struct SubsetContribution: Sendable, Equatable, Codable {
    /// The subset.
    public var subset: EnvironmentSubset
    /// The miner.
    public var uid: Int
    /// Its rank among the subset's survivors (1 = best geometric mean).
    public var rank: Int
    /// Its geometric mean score over the subset's environments.
    public var geometricMean: Double
    /// The points it earned: the subset's weight × adjusted / Σ adjusted, adjusted = GM·0.5^(rank−1).
    public var points: Double
}

/// A miner's line in a result: identity, per-environment estimates and total points.
public struct MinerSummary: Sendable, Equatable, Codable {
    /// The uid.
    public var uid: Int
    /// The hotkey.
    public var hotkey: String
    /// The first-submission block or time.
    public var firstSubmitted: Int64
    /// One estimate per environment of the result (nil when nothing was completed there).
    public var estimates: [EnvironmentEstimate?]
    /// The points the rule gave it before normalisation.
    public var points: Double
}

/// Everything a scoring rule decided, in enough detail to explain each weight.
public struct ScoringResult: Sendable, Equatable, Codable {
    /// The rule's name (`affine-subsets`, `statistical`, `champion`).
    public var rule: String
    /// The environment names, in the table's order.
    public var environments: [String]
    /// The miners in submission order (first submitted, then uid).
    public var miners: [MinerSummary]
    /// Every anti-copy removal, by subset then by pair order (empty for the champion rule).
    public var removals: [SubsetRemoval]
    /// Every subset contribution, by subset then by rank (empty for the champion rule).
    public var contributions: [SubsetContribution]
    /// Rule-specific explanations, one sentence each (the champion rule's crown history).
    public var decisions: [String]
    /// The weights.
    public var weights: WeightVector

    /// The summary of `uid`, if it was in the table.
    public func miner(uid: Int) -> MinerSummary? {
        miners.first { $0.uid == uid }
    }
}

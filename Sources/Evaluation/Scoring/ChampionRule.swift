import Foundation

/// The `champion` rule: king of the hill. Miners are considered in submission order (first
/// submitted, then uid); the first one eligible becomes champion, and a later challenger takes the
/// crown when
///
/// - it is better by more than `margin` (0.02 absolute) on at least `requiredWins` environments
///   (default: a majority, ⌈N/2⌉), and
/// - it is nowhere worse than champion × (1 − `tolerance`) (tolerance 0.05).
///
/// A miner is eligible only when every environment passes the completeness gate: a champion must
/// have been measured everywhere. Scores of a pair are compared on their common tasks. The last
/// `paidChampions` champions (default 1, winner takes all) share the weight equally. A copy of the
/// champion is never better by the margin, so it never takes the crown.
public struct ChampionRule: ScoringRule {
    /// The rule's name: `champion`.
    public var name: String { "champion" }
    /// An environment counts for a miner when completed / expected ≥ this (0.9).
    public var minCompleteness: Double
    /// How much better (absolute) a challenger must be on an environment to win it (0.02).
    public var margin: Double
    /// Environments a challenger must win; nil means a majority, ⌈N/2⌉.
    public var requiredWins: Int?
    /// A challenger must score at least champion × (1 − tolerance) everywhere (0.05).
    public var tolerance: Double
    /// How many of the most recent champions share the weight equally (1).
    public var paidChampions: Int
    /// Confidence of the per-environment intervals in reports (0.95).
    public var intervalConfidence: Double
    /// Minimum weight, burn and version key.
    public var weightPolicy: WeightPolicy
    /// Refuse tables with more miners than this (1024).
    public var maxMiners: Int

    /// The rule with the given (or default) settings.
    public init(minCompleteness: Double = 0.9, margin: Double = 0.02, requiredWins: Int? = nil, tolerance: Double = 0.05,
                paidChampions: Int = 1, intervalConfidence: Double = 0.95, weightPolicy: WeightPolicy = WeightPolicy(),
                maxMiners: Int = 1024) {
        self.minCompleteness = minCompleteness
        self.margin = margin
        self.requiredWins = requiredWins
        self.tolerance = tolerance
        self.paidChampions = paidChampions
        self.intervalConfidence = intervalConfidence
        self.weightPolicy = weightPolicy
        self.maxMiners = maxMiners
    }

    /// Throws for a setting outside its range.
    public func validate() throws(ScoringError) {
        guard margin.isFinite, margin >= 0 else {
            throw .invalidConfiguration(setting: "margin", reason: "must be finite and ≥ 0, got \(margin)")
        }
        guard tolerance.isFinite, (0...1).contains(tolerance) else {
            throw .invalidConfiguration(setting: "tolerance", reason: "must lie in [0, 1], got \(tolerance)")
        }
        if let requiredWins, requiredWins < 1 {
            throw .invalidConfiguration(setting: "requiredWins", reason: "must be at least 1, got \(requiredWins)")
        }
        guard paidChampions >= 1 else {
            throw .invalidConfiguration(setting: "paidChampions", reason: "must be at least 1, got \(paidChampions)")
        }
        guard intervalConfidence.isFinite, intervalConfidence > 0, intervalConfidence < 1 else {
            throw .invalidConfiguration(setting: "intervalConfidence", reason: "must lie in (0, 1), got \(intervalConfidence)")
        }
        try weightPolicy.validate()
    }

    /// Scores `table` by crowning champions in submission order.
    public func score(_ table: ScoreTable, intervals: Bool) throws(ScoringError) -> ScoringResult {
        try validate()
        let prepared = try PreparedScores(table: table, minCompleteness: minCompleteness, maxMiners: maxMiners)
        let environmentCount = prepared.environmentCount
        let environments = prepared.environments
        let everything: UInt64 = environmentCount == 64 ? .max : (1 << UInt64(environmentCount)) - 1
        // More wins than environments would make the crown unreachable; cap at N.
        let wins = min(requiredWins ?? (environmentCount + 1) / 2, environmentCount)
        var decisions: [String] = []
        var champions: [Int] = []

        for position in 0..<prepared.minerCount {
            let uid = prepared.miners[position].uid
            guard environmentCount > 0, prepared.passMask[position] == everything else {
                decisions.append("uid \(uid) is not eligible: it does not pass the completeness gate on every environment")
                continue
            }
            guard let champion = champions.last else {
                champions.append(position)
                decisions.append("uid \(uid) becomes champion (first eligible miner)")
                continue
            }
            let championUID = prepared.miners[champion].uid
            var better: [String] = []
            var worse: [String] = []
            for environment in 0..<environmentCount {
                let (championScore, challengerScore) = prepared.commonMeans(champion, position, environment)
                // Strictly above, like the anti-copy threshold: an exact tie plus margin does not win.
                if challengerScore > championScore + margin { better.append(environments[environment]) }
                if challengerScore < championScore * (1 - tolerance) {
                    worse.append("\(environments[environment]) (\(Self.format(challengerScore)) < \(Self.format(championScore * (1 - tolerance))))")
                }
            }
            if better.count >= wins && worse.isEmpty {
                champions.append(position)
                decisions.append("uid \(uid) takes the crown from uid \(championUID): better by more than \(Self.format(margin)) on \(better.count) of \(environmentCount) environments (\(better.joined(separator: ", "))), needing \(wins), and within \(Self.format(tolerance * 100))% everywhere")
            } else if !worse.isEmpty {
                decisions.append("uid \(uid) does not take the crown from uid \(championUID): worse than champion × \(Self.format(1 - tolerance)) on \(worse.joined(separator: ", "))")
            } else {
                decisions.append("uid \(uid) does not take the crown from uid \(championUID): better by more than \(Self.format(margin)) on \(better.count) of \(environmentCount) environments, needing \(wins)")
            }
        }

        var points = [Double](repeating: 0, count: prepared.minerCount)
        let paid = champions.suffix(paidChampions)
        for position in paid { points[position] += 1 / Double(paid.count) }
        if !paid.isEmpty {
            decisions.append("paid: " + paid.reversed().map { "uid \(prepared.miners[$0].uid)" }.joined(separator: ", ")
                             + " (the last \(paid.count) champion\(paid.count == 1 ? "" : "s"), equal shares)")
        } else {
            decisions.append("no eligible miner: all weight goes to uid 0")
        }
        return SubsetScoring.result(rule: name, prepared: prepared, points: points, removals: [], contributions: [],
                                    decisions: decisions, weightPolicy: weightPolicy,
                                    intervalConfidence: intervals ? intervalConfidence : nil)
    }

    private static func format(_ value: Double) -> String {
        String(format: "%.4g", value)
    }
}

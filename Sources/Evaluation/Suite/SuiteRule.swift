/// A suite's scoring rule by name, with its constants (docs/scoring.md lists them):
///
/// | rule | constants (defaults) |
/// |---|---|
/// | `affine-subsets` | `headroom_fraction` 0.2, `minimum_gap` 0.02, `maximum_gap` 0.10 |
/// | `statistical` | `confidence` 0.95, `margin` 0.02 |
/// | `champion` | `margin` 0.02, `required_wins` (majority), `tolerance` 0.05, `paid_champions` 1 |
public struct SuiteRule: Sendable, Equatable {
    /// `affine-subsets`, `statistical` or `champion`.
    public var name: String
    /// The rule's constants by snake_case name; missing ones keep their defaults.
    public var constants: [String: Double]

    /// The rule `name` with `constants`.
    public init(name: String = "affine-subsets", constants: [String: Double] = [:]) {
        self.name = name
        self.constants = constants
    }

    /// The constants each rule accepts.
    public static let acceptedConstants: [String: [String]] = [
        "affine-subsets": ["headroom_fraction", "minimum_gap", "maximum_gap"],
        "statistical": ["confidence", "margin"],
        "champion": ["margin", "required_wins", "tolerance", "paid_champions"],
    ]

    /// The rule, configured; throws naming an unknown rule or constant, or a bad value.
    public func make(scoring: SubsetScoringConfiguration) throws(SuiteError) -> any ScoringRule {
        guard let accepted = Self.acceptedConstants[name] else {
            throw .invalid("unknown rule '\(name)'; the rules are \(ScoringRules.names.joined(separator: ", "))")
        }
        if let unknown = constants.keys.sorted().first(where: { !accepted.contains($0) }) {
            throw .invalid("rule \(name) has no constant '\(unknown)'; it takes \(accepted.joined(separator: ", "))")
        }
        if let bad = constants.first(where: { !$0.value.isFinite }) {
            throw .invalid("rule constant \(bad.key) must be finite, got \(bad.value)")
        }
        let rule: any ScoringRule
        switch name {
        case "affine-subsets":
            let defaults = ImprovementThreshold()
            let threshold = ImprovementThreshold(headroomFraction: constants["headroom_fraction"] ?? defaults.headroomFraction,
                                                 minimumGap: constants["minimum_gap"] ?? defaults.minimumGap,
                                                 maximumGap: constants["maximum_gap"] ?? defaults.maximumGap)
            do { try threshold.validate() } catch { throw .invalid("\(error)") }
            rule = AffineSubsetsRule(configuration: scoring, threshold: threshold)
        case "statistical":
            let defaults = StatisticalRule()
            let confidence = constants["confidence"] ?? defaults.confidence
            let margin = constants["margin"] ?? defaults.margin
            guard confidence > 0.5, confidence < 1 else { throw .invalid("confidence must lie in (0.5, 1), got \(confidence)") }
            guard margin >= 0, margin < 1 else { throw .invalid("margin must lie in [0, 1), got \(margin)") }
            rule = StatisticalRule(configuration: scoring, confidence: confidence, margin: margin)
        default:
            let defaults = ChampionRule()
            var requiredWins: Int?
            if let wins = constants["required_wins"] {
                guard wins >= 1, wins <= 64, wins == wins.rounded() else {
                    throw .invalid("required_wins must be a whole number in 1...64, got \(wins)")
                }
                requiredWins = Int(wins)
            }
            let paid = constants["paid_champions"] ?? Double(defaults.paidChampions)
            guard paid >= 1, paid <= 64, paid == paid.rounded() else {
                throw .invalid("paid_champions must be a whole number in 1...64, got \(paid)")
            }
            let champion = ChampionRule(minCompleteness: scoring.minCompleteness, margin: constants["margin"] ?? defaults.margin,
                                        requiredWins: requiredWins, tolerance: constants["tolerance"] ?? defaults.tolerance,
                                        paidChampions: Int(paid), weightPolicy: scoring.weightPolicy)
            do { try champion.validate() } catch { throw .invalid("\(error)") }
            rule = champion
        }
        return rule
    }
}

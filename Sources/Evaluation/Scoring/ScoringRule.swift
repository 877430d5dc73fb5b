/// A way to turn a score table into weights. Three ship with Frontier: ``AffineSubsetsRule``
/// (`affine-subsets`, the default), ``StatisticalRule`` (`statistical`) and ``ChampionRule``
/// (`champion`).
public protocol ScoringRule: Sendable {
    /// The rule's name as the CLI and reports spell it.
    var name: String { get }

    /// Scores `table`. With `intervals` false the per-environment confidence intervals are left
    /// out (the simulation scores thousands of tables and never reads them).
    func score(_ table: ScoreTable, intervals: Bool) throws(ScoringError) -> ScoringResult
}

extension ScoringRule {
    /// Scores `table`, with confidence intervals.
    public func score(_ table: ScoreTable) throws(ScoringError) -> ScoringResult {
        try score(table, intervals: true)
    }
}

/// The rules by name, for the CLI's `--rule`.
public enum ScoringRules {
    /// The names of the built-in rules.
    public static let names = ["affine-subsets", "statistical", "champion"]

    /// The built-in rule called `name` with its default configuration, or nil.
    public static func rule(named name: String) -> (any ScoringRule)? {
        switch name {
        case "affine-subsets": AffineSubsetsRule()
        case "statistical": StatisticalRule()
        case "champion": ChampionRule()
        default: nil
        }
    }
}

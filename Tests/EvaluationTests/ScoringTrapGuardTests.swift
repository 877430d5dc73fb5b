import Foundation
import Testing
@testable import Evaluation

/// The scoring core keeps preconditions for programmer errors (`SubsetLayers`, `EnvironmentSubset`,
/// `WeightVector`); a validator hands the rules tables and configs built from strangers' results
/// and operators' suite files, so every rule must refuse those inputs with a typed error before
/// they can reach a trap.
@Suite("Scoring refuses what would reach its preconditions")
struct ScoringTrapGuardTests {
    /// One miner with a full result on each of `environmentCount` environments.
    static func table(environmentCount: Int, uid: Int = 1) -> ScoreTable {
        let names = (0..<environmentCount).map { "env\($0)" }
        let results = names.map { _ in EnvironmentResult.aggregate(mean: 0.5, completed: 10, expected: 10) }
        return ScoreTable(environments: names, miners: [MinerScores(uid: uid, hotkey: "h", firstSubmitted: 0, results: results)])
    }

    @Test("65 environments: a typed error from both subset rules, not SubsetLayers' trap")
    func tooManyEnvironments() {
        let expected = ScoringError.invalidConfiguration(setting: "environments", reason: "at most 64 environments, got 65")
        #expect(throws: expected) { try AffineSubsetsRule().score(Self.table(environmentCount: 65), intervals: false) }
        #expect(throws: expected) { try StatisticalRule().score(Self.table(environmentCount: 65), intervals: false) }
        #expect(throws: expected) { try ChampionRule().score(Self.table(environmentCount: 65), intervals: false) }
    }

    @Test("maxLayers below 1: a typed error from both subset rules")
    func noLayers() {
        var configuration = SubsetScoringConfiguration()
        configuration.maxLayers = 0
        let expected = ScoringError.invalidConfiguration(setting: "maxLayers", reason: "must be at least 1, got 0")
        #expect(throws: expected) { try AffineSubsetsRule(configuration: configuration).score(Self.table(environmentCount: 2), intervals: false) }
        #expect(throws: expected) { try StatisticalRule(configuration: configuration).score(Self.table(environmentCount: 2), intervals: false) }
    }

    @Test("a uid outside 0...65535 set directly on a table: a typed error before the weight vector")
    func uidOutOfRange() {
        for uid in [-1, 65_536] {
            #expect(throws: ScoringError.invalidUID(uid)) { try AffineSubsetsRule().score(Self.table(environmentCount: 2, uid: uid), intervals: false) }
            #expect(throws: ScoringError.invalidUID(uid)) { try ChampionRule().score(Self.table(environmentCount: 2, uid: uid), intervals: false) }
        }
    }

    @Test("64 environments, the most allowed, score with weights that sum to 1")
    func mostEnvironments() throws {
        var configuration = SubsetScoringConfiguration()
        configuration.maxLayers = 1
        let result = try AffineSubsetsRule(configuration: configuration).score(Self.table(environmentCount: 64), intervals: false)
        #expect(abs(result.weights.weights.reduce(0, +) - 1) < 1e-12)
    }
}

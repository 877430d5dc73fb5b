import Foundation
import Testing
@testable import Evaluation

@Suite("affine-subsets rule")
struct AffineSubsetsRuleTests {
    let environments = ["a", "b", "c"]

    @Test("a near-copy submitted later is removed from every subset and gets weight 0")
    func nearCopy() throws {
        let table = aggregateTable(environments: environments, miners: [
            (uid: 1, submitted: 100, scores: [0.8, 0.6, 0.7]),
            (uid: 2, submitted: 200, scores: [0.81, 0.61, 0.705]),
        ])
        let result = try AffineSubsetsRule().score(table)
        let removed = removals(of: 2, in: result)
        #expect(removed.count == 7)
        #expect(removed.values.allSatisfy { $0.by == 1 && $0.reason == .laterNotBetterAnywhere })
        #expect(result.weights.weight(of: 2) == 0)
        #expect(result.weights.weight(of: 1) == 1)
        // Alone in all 7 subsets, uid 1 earns every subset's weight: 3·1 + 3·2 + 12.
        expectClose(result.miner(uid: 1)!.points, 21, "points")
        #expect(result.weights.chainUIDs == [1] && result.weights.chainWeights == [65535])
    }

    @Test("the copy loses even when it is listed first or has the lower uid")
    func copyOrderIsBySubmission() throws {
        let table = aggregateTable(environments: environments, miners: [
            (uid: 0, submitted: 900, scores: [0.8, 0.6, 0.7]),
            (uid: 5, submitted: 100, scores: [0.8, 0.6, 0.7]),
        ])
        let result = try AffineSubsetsRule().score(table)
        #expect(result.miners.map(\.uid) == [5, 0])
        #expect(removals(of: 0, in: result).count == 7)
        #expect(result.weights.weight(of: 5) == 1)
    }

    @Test("a later, genuinely better specialist keeps the subsets where it wins (hand-computed points)")
    func specialist() throws {
        // uid 3 beats uid 1 on a only: 0.95 > threshold(0.8) = 0.84; on b and c it is worse.
        let table = aggregateTable(environments: environments, miners: [
            (uid: 1, submitted: 100, scores: [0.8, 0.6, 0.7]),
            (uid: 3, submitted: 300, scores: [0.95, 0.5, 0.6]),
        ])
        let result = try AffineSubsetsRule().score(table)
        let specialistRemovals = removals(of: 3, in: result)
        #expect(Set(specialistRemovals.keys) == ["{b}", "{c}", "{b, c}"])
        #expect(specialistRemovals.values.allSatisfy { $0.by == 1 && $0.reason == .laterNotBetterAnywhere })
        let incumbentRemovals = removals(of: 1, in: result)
        #expect(Set(incumbentRemovals.keys) == ["{a}"])
        #expect(incumbentRemovals["{a}"]!.by == 3 && incumbentRemovals["{a}"]!.reason == .earlierBeatenEverywhere)

        // Points by hand. Singletons are worth 1, pairs 2, the full set 12; in a shared subset the
        // runner-up's geometric mean is halved before the shares are taken.
        func shares(_ first: Double, _ second: Double, weight: Double) -> (Double, Double) {
            (weight * first / (first + second / 2), weight * (second / 2) / (first + second / 2))
        }
        let ab = (incumbent: (0.8 * 0.6).squareRoot(), specialist: (0.95 * 0.5).squareRoot())      // incumbent ranks first
        let ac = (incumbent: (0.8 * 0.7).squareRoot(), specialist: (0.95 * 0.6).squareRoot())      // specialist ranks first
        let abc = (incumbent: pow(0.8 * 0.6 * 0.7, 1.0 / 3), specialist: pow(0.95 * 0.5 * 0.6, 1.0 / 3))
        #expect(ab.incumbent > ab.specialist && ac.specialist > ac.incumbent && abc.incumbent > abc.specialist)
        let abShares = shares(ab.incumbent, ab.specialist, weight: 2)
        let acShares = shares(ac.specialist, ac.incumbent, weight: 2)
        let abcShares = shares(abc.incumbent, abc.specialist, weight: 12)
        let incumbentPoints = 1 + 1 + 2 + abShares.0 + acShares.1 + abcShares.0   // {b}, {c}, {b,c}, shared
        let specialistPoints = 1 + abShares.1 + acShares.0 + abcShares.1          // {a}, shared
        expectClose(result.miner(uid: 1)!.points, incumbentPoints, relative: 1e-12, "incumbent points")
        expectClose(result.miner(uid: 3)!.points, specialistPoints, relative: 1e-12, "specialist points")
        expectClose(result.weights.weight(of: 3), specialistPoints / 21, relative: 1e-12, "specialist weight")
        #expect(result.weights.weight(of: 3) > 0.2)

        let inAC = result.contributions.filter { $0.subset.label(environments) == "{a, c}" }
        #expect(inAC.map(\.uid) == [3, 1] && inAC.map(\.rank) == [1, 2])
        expectClose(inAC[0].geometricMean, ac.specialist, relative: 1e-14, "GM")
    }

    @Test("ties in geometric mean go to the earlier submission, then to the lower uid")
    func ties() throws {
        // Each beats the other on one environment, so both survive {a, b}; their GMs are equal.
        let table = aggregateTable(environments: ["a", "b"], miners: [
            (uid: 5, submitted: 100, scores: [0.5, 0.8]),
            (uid: 4, submitted: 200, scores: [0.8, 0.5]),
        ])
        let result = try AffineSubsetsRule().score(table)
        let full = result.contributions.filter { $0.subset.mask == 0b11 }
        #expect(full.map(\.uid) == [5, 4])
        #expect(full[0].geometricMean == full[1].geometricMean)
        // Ranks 1 and 2 with equal GMs share the full set's weight 2 : 1.
        expectClose(full[0].points, 2 * full[1].points, relative: 1e-12, "earlier gets the first rank")

        let sameTime = aggregateTable(environments: ["a", "b"], miners: [
            (uid: 7, submitted: 100, scores: [0.5, 0.8]),
            (uid: 6, submitted: 100, scores: [0.8, 0.5]),
        ])
        let sameTimeFull = try AffineSubsetsRule().score(sameTime).contributions.filter { $0.subset.mask == 0b11 }
        #expect(sameTimeFull.map(\.uid) == [6, 7])
    }

    @Test("an exact tie at 1.0 cannot beat the earlier miner")
    func perfectTie() throws {
        let table = aggregateTable(environments: ["a"], miners: [
            (uid: 1, submitted: 1, scores: [1]), (uid: 2, submitted: 2, scores: [1]),
        ])
        let result = try AffineSubsetsRule().score(table)
        #expect(result.weights.weight(of: 1) == 1)
        #expect(result.weights.weight(of: 2) == 0)
    }

    @Test("an environment below the completeness gate keeps a miner out of every subset containing it")
    func completenessGate() throws {
        let table = aggregateTable(environments: environments, miners: [
            (uid: 1, submitted: 100, scores: [0.8, 0.6, 0.7]),
            (uid: 2, submitted: 200, scores: [0.3, 0.95, 0.3]),
            (uid: 3, submitted: 300, scores: [0.3, 0.3, 0.95]),
        ], completed: [2: [10, 9, 10], 3: [10, 10, 8]])
        let result = try AffineSubsetsRule().score(table)
        // 9/10 meets the 0.9 gate exactly; 8/10 does not.
        #expect(result.miner(uid: 2)!.estimates[1]!.passesCompleteness)
        #expect(!result.miner(uid: 3)!.estimates[2]!.passesCompleteness)
        let subsetsWithUID3 = Set(result.contributions.filter { $0.uid == 3 }.map(\.subset))
        let subsetsRemovingUID3 = Set(result.removals.filter { $0.removedUID == 3 }.map(\.subset))
        for subset in subsetsWithUID3.union(subsetsRemovingUID3) { #expect(!subset.contains(2)) }
        // uid 2 wins {b}: 0.95 beats threshold(0.6) = 0.68.
        #expect(result.contributions.contains { $0.uid == 2 && $0.subset == EnvironmentSubset([1]) && $0.rank == 1 })
    }

    @Test("per-task pairs are compared on their common tasks only")
    func commonTasks() throws {
        // uid 1 completed tasks 0..<10 at 0.5; uid 2 copies those and adds 1.0 on tasks 10..<20,
        // which uid 1 never ran. Own means: 0.5 and 0.75 (0.75 > threshold 0.6); common: 0.5 vs 0.5.
        let tasks = (0..<20).map { "t\($0)" }
        let table = ScoreTable(environments: ["a"], tasks: [tasks], miners: [
            MinerScores(uid: 1, hotkey: "original", firstSubmitted: 1,
                        results: [.perTask(Array(repeating: 0.5, count: 10))]),
            MinerScores(uid: 2, hotkey: "padded copy", firstSubmitted: 2,
                        results: [.perTask(Array(repeating: 0.5, count: 10) + Array(repeating: 1.0, count: 10))]),
        ])
        let rule = AffineSubsetsRule(configuration: SubsetScoringConfiguration(minCompleteness: 0.5))
        let result = try rule.score(table)
        expectClose(result.miner(uid: 2)!.estimates[0]!.mean, 0.75, "own mean")
        #expect(result.weights.weight(of: 2) == 0)
        #expect(removals(of: 2, in: result)["{a}"]?.reason == .laterNotBetterAnywhere)
    }

    @Test("pass/fail per-task scores get a Jeffreys interval, continuous ones a Student-t interval")
    func intervalMethods() throws {
        let tasks = (0..<10).map { "t\($0)" }
        let table = ScoreTable(environments: ["passfail", "continuous"], tasks: [tasks, tasks], miners: [
            MinerScores(uid: 1, hotkey: "h", firstSubmitted: 1, results: [
                .perTask([1, 1, 1, 1, 1, 1, 1, 0, 0, 0]),
                .perTask([0.2, 0.5, 0.9, 0.4, 0.65, 0.3, 0.2, 0.5, 0.9, 0.4]),
            ]),
        ])
        let estimates = try AffineSubsetsRule().score(table).miner(uid: 1)!.estimates
        #expect(estimates[0]!.method == .jeffreys)
        expectClose(estimates[0]!.interval!.lower, 0.3941816818513287, relative: 1e-9, "Jeffreys 7/10")
        #expect(estimates[1]!.method == .studentT)
        // Intervals can be skipped.
        #expect(try AffineSubsetsRule().score(table, intervals: false).miner(uid: 1)!.estimates[0]!.interval == nil)
    }

    @Test("when no miner earns anything all weight goes to uid 0")
    func nobodyEarns() throws {
        let zeros = aggregateTable(environments: ["a", "b"], miners: [(uid: 3, submitted: 1, scores: [0, 0])])
        let result = try AffineSubsetsRule().score(zeros)
        #expect(result.weights.allToOwner)
        #expect(result.weights.uids == [0, 3] && result.weights.weights == [1, 0])
        let empty = try AffineSubsetsRule().score(ScoreTable(environments: ["a"]))
        #expect(empty.weights.weight(of: 0) == 1)
    }

    @Test("configurations and tables that cannot be scored throw typed errors")
    func errors() {
        let table = aggregateTable(environments: ["a"], miners: [(uid: 1, submitted: 1, scores: [0.5])])
        #expect(throws: ScoringError.invalidConfiguration(setting: "minCompleteness", reason: "must lie in [0, 1], got 1.5")) {
            try AffineSubsetsRule(configuration: SubsetScoringConfiguration(minCompleteness: 1.5)).score(table)
        }
        let crowded = aggregateTable(environments: ["a"], miners: (1...3).map { (uid: $0, submitted: 1, scores: [0.5]) })
        #expect(throws: ScoringError.tooManyMiners(count: 3, limit: 2)) {
            try AffineSubsetsRule(configuration: SubsetScoringConfiguration(maxMiners: 2)).score(crowded)
        }
        let wide = ScoreTable(environments: (0..<30).map { "e\($0)" })
        #expect(throws: ScoringError.self) {
            try AffineSubsetsRule(configuration: SubsetScoringConfiguration(maxLayers: 30)).score(wide)
        }
    }

    @Test("256 miners × 8 environments score deterministically, with weights summing to 1")
    func largeTable() throws {
        var generator = Xoshiro256(seed: 11)
        let names = (0..<8).map { "env\($0)" }
        let miners = (1...256).map { uid in
            (uid: uid, submitted: Int64(generator.next() % 500), scores: (0..<8).map { _ in 0.2 + 0.7 * generator.nextUnit() })
        }
        let table = aggregateTable(environments: names, miners: miners)
        let first = try AffineSubsetsRule().score(table, intervals: false)
        let second = try AffineSubsetsRule().score(table, intervals: false)
        #expect(first == second)
        expectClose(first.weights.weights.reduce(0, +), 1, relative: 1e-12, "sum")
        #expect(first.weights.uids == Array(0...256))
        // Below the minimum weight a miner gets nothing; uid 0 collects the removed mass.
        #expect(first.weights.weights.dropFirst().allSatisfy { $0 == 0 || $0 >= 0.01 })
    }
}

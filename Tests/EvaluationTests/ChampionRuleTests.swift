import Testing
@testable import Evaluation

@Suite("champion rule")
struct ChampionRuleTests {
    let environments = ["a", "b", "c"]

    @Test("the first eligible miner is champion and a copy cannot take the crown")
    func copyKeepsNothing() throws {
        let table = aggregateTable(environments: environments, miners: [
            (uid: 1, submitted: 100, scores: [0.6, 0.6, 0.6]),
            (uid: 2, submitted: 200, scores: [0.61, 0.61, 0.61]),
        ])
        let result = try ChampionRule().score(table)
        #expect(result.weights.weight(of: 1) == 1)
        #expect(result.weights.weight(of: 2) == 0)
        #expect(result.decisions[0] == "uid 1 becomes champion (first eligible miner)")
        #expect(result.decisions[1].contains("on 0 of 3 environments, needing 2"))
    }

    @Test("a challenger better by more than the margin on a majority, and within tolerance elsewhere, wins")
    func majorityWins() throws {
        // Better by 0.05 on a and b (2 ≥ ⌈3/2⌉); on c 0.58 ≥ 0.6·0.95 = 0.57.
        let table = aggregateTable(environments: environments, miners: [
            (uid: 1, submitted: 100, scores: [0.6, 0.6, 0.6]),
            (uid: 2, submitted: 200, scores: [0.65, 0.65, 0.58]),
        ])
        let result = try ChampionRule().score(table)
        #expect(result.weights.weight(of: 2) == 1)
        #expect(result.decisions[1].hasPrefix("uid 2 takes the crown from uid 1"))
    }

    @Test("a challenger worse than champion × (1 − tolerance) anywhere loses, however good elsewhere")
    func toleranceVeto() throws {
        // c: 0.56 < 0.57.
        let table = aggregateTable(environments: environments, miners: [
            (uid: 1, submitted: 100, scores: [0.6, 0.6, 0.6]),
            (uid: 2, submitted: 200, scores: [0.9, 0.9, 0.56]),
        ])
        let result = try ChampionRule().score(table)
        #expect(result.weights.weight(of: 1) == 1)
        #expect(result.decisions[1].contains("worse than champion × 0.95 on c"))
    }

    @Test("requiredWins raises the bar; the margin is strict")
    func requiredWinsAndStrictMargin() throws {
        let table = aggregateTable(environments: environments, miners: [
            (uid: 1, submitted: 100, scores: [0.5, 0.5, 0.5]),
            (uid: 2, submitted: 200, scores: [0.6, 0.6, 0.5]),
        ])
        #expect(try ChampionRule().score(table).weights.weight(of: 2) == 1)
        #expect(try ChampionRule(requiredWins: 3).score(table).weights.weight(of: 1) == 1)
        // 0.5 + 0.25 is exactly representable: equal to champion + margin is not "better by more".
        let exact = aggregateTable(environments: ["a"], miners: [
            (uid: 1, submitted: 1, scores: [0.5]), (uid: 2, submitted: 2, scores: [0.75]),
        ])
        #expect(try ChampionRule(margin: 0.25).score(exact).weights.weight(of: 1) == 1)
    }

    @Test("challengers are taken in submission order, and the last k champions share the weight")
    func orderAndSharing() throws {
        let table = aggregateTable(environments: environments, miners: [
            (uid: 9, submitted: 300, scores: [0.8, 0.8, 0.8]),
            (uid: 4, submitted: 100, scores: [0.5, 0.5, 0.5]),
            (uid: 7, submitted: 200, scores: [0.6, 0.6, 0.6]),
        ])
        let single = try ChampionRule().score(table)
        #expect(single.weights.weight(of: 9) == 1)
        let shared = try ChampionRule(paidChampions: 2).score(table)
        expectClose(shared.weights.weight(of: 9), 0.5, "current champion")
        expectClose(shared.weights.weight(of: 7), 0.5, "previous champion")
        #expect(shared.weights.weight(of: 4) == 0)
        let all = try ChampionRule(paidChampions: 5).score(table)
        for uid in [4, 7, 9] { expectClose(all.weights.weight(of: uid), 1.0 / 3, relative: 1e-12, "uid \(uid)") }
    }

    @Test("a miner below the completeness gate anywhere is not eligible")
    func eligibility() throws {
        let table = aggregateTable(environments: environments, miners: [
            (uid: 1, submitted: 100, scores: [0.9, 0.9, 0.9]),
            (uid: 2, submitted: 200, scores: [0.5, 0.5, 0.5]),
        ], completed: [1: [10, 10, 5]])
        let result = try ChampionRule().score(table)
        #expect(result.weights.weight(of: 2) == 1)
        #expect(result.decisions[0].contains("uid 1 is not eligible"))
        let nobody = aggregateTable(environments: environments, miners: [(uid: 1, submitted: 1, scores: [0.9, 0.9, 0.9])],
                                    completed: [1: [1, 1, 1]])
        #expect(try ChampionRule().score(nobody).weights.allToOwner)
    }

    @Test("invalid settings throw")
    func invalidSettings() {
        let table = aggregateTable(environments: ["a"], miners: [(uid: 1, submitted: 1, scores: [0.5])])
        #expect(throws: ScoringError.self) { try ChampionRule(paidChampions: 0).score(table) }
        #expect(throws: ScoringError.self) { try ChampionRule(tolerance: 2).score(table) }
        #expect(throws: ScoringError.self) { try ChampionRule(requiredWins: 0).score(table) }
    }
}

import Testing
@testable import Evaluation

@Suite("statistical rule")
struct StatisticalRuleTests {
    /// Two miners on per-task scores; `later` lists each environment's task scores.
    func table(earlier: [[Double]], later: [[Double]]) -> ScoreTable {
        let environments = (0..<earlier.count).map { "e\($0)" }
        let tasks = earlier.map { scores in (0..<scores.count).map { "t\($0)" } }
        return ScoreTable(environments: environments, tasks: tasks, miners: [
            MinerScores(uid: 1, hotkey: "earlier", firstSubmitted: 1, results: earlier.map { .perTask($0.map(Optional.some)) }),
            MinerScores(uid: 2, hotkey: "later", firstSubmitted: 2, results: later.map { .perTask($0.map(Optional.some)) }),
        ])
    }

    @Test("aggregate-only results throw a typed error naming the miner and environment")
    func needsTaskScores() {
        let aggregates = aggregateTable(environments: ["a"], miners: [(uid: 4, submitted: 1, scores: [0.5])])
        #expect(throws: ScoringError.perTaskScoresRequired(rule: "statistical", uid: 4, environment: "a")) {
            try StatisticalRule().score(aggregates)
        }
    }

    @Test("an exact copy gets nothing; a clearly better miner removes the earlier one")
    func copyAndBetter() throws {
        var generator = Xoshiro256(seed: 5)
        let base = (0..<2).map { _ in (0..<300).map { _ in generator.nextUnit() < 0.5 ? 1.0 : 0.0 } }
        let copy = try StatisticalRule().score(table(earlier: base, later: base))
        #expect(copy.weights.weight(of: 2) == 0)
        #expect(removals(of: 2, in: copy).count == 3)

        // Better by 0.3 on every task: T = +∞ everywhere, so uid 1 leaves every subset.
        let better = base.map { $0.map { min(1, $0 + 0.3) } }
        let result = try StatisticalRule().score(table(earlier: base.map { $0.map { $0 * 0.7 } }, later: better))
        #expect(result.weights.weight(of: 2) == 1)
        #expect(removals(of: 1, in: result).values.allSatisfy { $0.by == 2 && $0.reason == .earlierBeatenEverywhere })
    }

    @Test("Holm rejects a second environment at α/(K−1) where Bonferroni stops at α/K")
    func holmVersusBonferroni() throws {
        // Environment 0: every difference 0.3 (sd 0, T = +∞). Environment 1: differences
        // 0.056 ± 0.2 over 100 tasks, T = 0.036 / (0.2·√(100/99) / 10) ≈ 1.791, between
        // z(1 − 0.05) = 1.645 (Holm's second step) and z(1 − 0.025) = 1.960 (Bonferroni).
        let flat = Array(repeating: 0.5, count: 100)
        let firstLater = flat.map { $0 + 0.3 }
        let secondLater = (0..<100).map { 0.5 + 0.056 + ($0.isMultiple(of: 2) ? 0.2 : -0.2) }
        let pair = table(earlier: [flat, flat], later: [firstLater, secondLater])
        let statistic = PairedTest(margin: 0.02, distribution: .normal)
            .statistic(count: 100, meanDifference: 0.056, standardDeviation: 0.2 * (100.0 / 99).squareRoot())
        #expect(statistic > 1.6448536269514722 && statistic < 1.959963984540054)

        let holm = try StatisticalRule(correction: .holm, distribution: .normal).score(pair)
        #expect(removals(of: 1, in: holm)["{e0, e1}"]?.reason == .earlierBeatenEverywhere)
        let bonferroni = try StatisticalRule(correction: .bonferroni, distribution: .normal).score(pair)
        #expect(removals(of: 1, in: bonferroni)["{e0, e1}"] == nil)
        #expect(removals(of: 2, in: bonferroni)["{e0, e1}"] == nil)
        #expect(bonferroni.contributions.filter { $0.subset.mask == 0b11 }.count == 2)
    }

    @Test("the margin δ = 0.02: better by 0.015 on every task does not beat, by 0.025 does")
    func margin() throws {
        let flat = Array(repeating: 0.5, count: 50)
        let below = try StatisticalRule().score(table(earlier: [flat], later: [flat.map { $0 + 0.015 }]))
        #expect(below.weights.weight(of: 2) == 0)
        let above = try StatisticalRule().score(table(earlier: [flat], later: [flat.map { $0 + 0.025 }]))
        #expect(above.weights.weight(of: 2) == 1)
    }

    @Test("false takeover ≤ 1% and power ≥ 90% of a plain z-test at 1000 pass/fail tasks, 8 environments")
    func simulationAtThousandTasks() throws {
        let outcomes = try ScoringSimulation.run(rules: [StatisticalRule()], configuration: .init(
            environmentCount: 8, taskCounts: [1000], trials: 200, seed: 1))
        let outcome = try #require(outcomes.first)
        #expect(outcome.falseTakeoverRate <= 0.01)
        #expect(outcome.recognitionRate >= 0.9 * outcome.referencePower,
                "recognition \(outcome.recognitionRate) vs z-test power \(outcome.referencePower)")
        // The reference test is calibrated: about 5% false positives on equal skill.
        #expect(outcome.referenceFalsePositiveRate > 0.03 && outcome.referenceFalsePositiveRate < 0.07)
    }

    @Test("false takeover ≤ 1% and power ≥ 90% of a plain z-test at 200 continuous-score tasks")
    func simulationContinuous() throws {
        let outcomes = try ScoringSimulation.run(rules: [StatisticalRule()], configuration: .init(
            environmentCount: 8, taskCounts: [200], trials: 200, scoreKind: .continuous(concentration: 10), seed: 2))
        let outcome = try #require(outcomes.first)
        #expect(outcome.falseTakeoverRate <= 0.01)
        #expect(outcome.recognitionRate >= 0.9 * outcome.referencePower)
    }

    @Test("at 200 pass/fail tasks the family-wise bound α = 5% holds; uncorrected tests break it")
    func simulationAtTwoHundredTasks() throws {
        let outcomes = try ScoringSimulation.run(
            rules: [StatisticalRule(), StatisticalRule(correction: .none)],
            configuration: .init(environmentCount: 8, taskCounts: [200], trials: 300, seed: 3))
        #expect(outcomes[0].falseTakeoverRate <= 0.05)
        #expect(outcomes[1].falseTakeoverRate > outcomes[0].falseTakeoverRate)
    }
}

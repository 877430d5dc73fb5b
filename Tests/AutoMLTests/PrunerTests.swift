import Testing
@testable import AutoML

@Suite struct PrunerTests {
    /// A finished trial whose intermediate value at each step is `values[step]`.
    func trial(_ number: Int, _ values: [Int: Double], state: TrialState = .complete) -> FrozenTrial {
        FrozenTrial(number: number, state: state, value: state == .complete ? values.values.min() : nil, intermediateValues: values)
    }

    @Test func medianPrunesTrialsWorseThanTheMedianAfterStartup() {
        let pruner = MedianPruner(startupTrials: 3)
        let finished = [trial(0, [1: 1.0]), trial(1, [1: 2.0]), trial(2, [1: 3.0])]
        let bad = trial(3, [1: 2.5], state: .running)
        let good = trial(4, [1: 1.5], state: .running)
        #expect(pruner.shouldPrune(trial: bad, history: StudyHistory(direction: .minimize, trials: finished + [bad])))
        #expect(!pruner.shouldPrune(trial: good, history: StudyHistory(direction: .minimize, trials: finished + [good])))
        // Maximizing, the same 1.5 is below the median of 2: pruned.
        #expect(pruner.shouldPrune(trial: good, history: StudyHistory(direction: .maximize, trials: finished + [good])))
        // Before enough trials have completed nothing is pruned.
        #expect(!pruner.shouldPrune(trial: bad, history: StudyHistory(direction: .minimize, trials: Array(finished.prefix(2)) + [bad])))
        // Warm-up steps are never pruned.
        #expect(!MedianPruner(startupTrials: 3, warmupSteps: 2).shouldPrune(trial: bad, history: StudyHistory(direction: .minimize, trials: finished + [bad])))
    }

    @Test func ashaPromotesTheTopFractionOfEachRung() {
        // η = 2, rungs at steps 1, 2, 4, …
        let pruner = ASHAPruner(minimumResource: 1, reductionFactor: 2)
        let others = [trial(0, [1: 1.0, 2: 0.5]), trial(1, [1: 2.0]), trial(2, [1: 3.0])]
        // The first trial at a rung always continues.
        let lone = trial(0, [1: 9.0], state: .running)
        #expect(!pruner.shouldPrune(trial: lone, history: StudyHistory(direction: .minimize, trials: [lone])))
        // With four values at rung 0 the best two continue: 1.0 and 1.5.
        let second = trial(3, [1: 1.5], state: .running)
        #expect(!pruner.shouldPrune(trial: second, history: StudyHistory(direction: .minimize, trials: others + [second])))
        let worse = trial(3, [1: 2.5], state: .running)
        #expect(pruner.shouldPrune(trial: worse, history: StudyHistory(direction: .minimize, trials: others + [worse])))
        // Before its first rung a trial is never judged.
        #expect(!ASHAPruner(minimumResource: 4, reductionFactor: 2).shouldPrune(trial: worse, history: StudyHistory(direction: .minimize, trials: others + [worse])))
        #expect(pruner.rungStep(3) == 8)
    }

    @Test func hyperbandSplitsTrialsIntoBracketsByBudget() {
        let pruner = HyperbandPruner(minimumResource: 1, maximumResource: 81, reductionFactor: 3)
        #expect(pruner.bracketCount == 5)
        var counts = [Int](repeating: 0, count: 5)
        for number in 0..<2000 { counts[pruner.bracket(ofTrial: number)] += 1 }
        // Budgets ⌈5·3^s/(s+1)⌉ for s = 4…0: 81, 34, 15, 7, 5 of 142.
        let budgets: [Double] = [81, 34, 15, 7, 5]
        for (count, budget) in zip(counts, budgets) {
            let share: Double = budget / 142 * 2000
            let error: Double = abs(Double(count) - share)
            #expect(error < 0.25 * share + 15, "bracket share \(count) against \(share)")
        }
        // A trial is compared only within its bracket: alone there, it always continues.
        let lonely = (0..<50).first { pruner.bracket(ofTrial: $0) == 0 }!
        let running = trial(lonely, [1: 100.0], state: .running)
        let rivals = (0..<50).filter { pruner.bracket(ofTrial: $0) != 0 }.prefix(5).map { trial($0, [1: 0.0]) }
        #expect(!pruner.shouldPrune(trial: running, history: StudyHistory(direction: .minimize, trials: rivals + [running])))
    }

    @Test func prunersCutTheWorkOfAStudy() throws {
        // Learning curves: value(step) = quality + 1/step; only quality matters.
        func steps(using pruner: any Pruner) throws -> (steps: Int, best: Double) {
            let study = try Study(sampler: RandomSampler(seed: 21), pruner: pruner)
            var total = 0
            try study.optimize(trials: 40) { trial in
                let quality = try trial.suggestFloat("quality", 0, 1)
                for step in 1...27 {
                    total += 1
                    try trial.report(quality + 1 / Double(step), step: step)
                    if try trial.shouldPrune() { throw TrialPruned() }
                }
                return quality + 1 / 27
            }
            return (total, try study.bestTrial()!.value!)
        }
        let full = try steps(using: NopPruner())
        for pruner in [MedianPruner(), ASHAPruner(minimumResource: 1, reductionFactor: 3), HyperbandPruner(minimumResource: 1, maximumResource: 27)] as [any Pruner] {
            let pruned = try steps(using: pruner)
            #expect(pruned.steps < full.steps * 2 / 3, "\(type(of: pruner)): \(pruned.steps) of \(full.steps) steps")
            #expect(pruned.best <= full.best + 0.05, "\(type(of: pruner)) kept a good trial")
        }
    }

    @Test func successiveHalvingKeepsTheTopThirdOfEachRung() throws {
        let study = try Study(sampler: RandomSampler(seed: 2))
        var spent = 0
        var resources: [Int: [Int]] = [:]
        let completed = try SuccessiveHalving(configurations: 9, minimumResource: 1, maximumResource: 9).run(study: study) { trial, resource in
            // A resumable run: only the new part of the budget costs anything.
            spent += resource - (resources[trial.number]?.last ?? 0)
            resources[trial.number, default: []].append(resource)
            return try trial.suggestFloat("quality", 0, 1) + 1 / Double(resource)
        }
        let trials = try study.trials()
        #expect(trials.count == 9)
        #expect(completed.count == 1)
        #expect(trials.filter { $0.state == .pruned }.count == 8)
        #expect(spent == 9 * 1 + 3 * (3 - 1) + 1 * (9 - 3))
        #expect(resources.values.filter { $0 == [1, 3, 9] }.count == 1)
        #expect(resources.values.filter { $0 == [1, 3] }.count == 2)
        // The survivor is the best configuration of the nine.
        let best = trials.min { $0.parameters["quality"]!.number! < $1.parameters["quality"]!.number! }!
        #expect(completed == [best.number])
    }

    @Test func hyperbandBracketsFollowLiEtAl() {
        // Table 1 of Li et al. (2018): R = 81, η = 3.
        let brackets = SuccessiveHalving.hyperbandBrackets(minimumResource: 1, maximumResource: 81)
        #expect(brackets.map(\.configurations) == [81, 34, 15, 8, 5])
        #expect(brackets.map(\.minimumResource) == [1, 3, 9, 27, 81])
    }
}

import Foundation
import Testing
@testable import AutoML

/// The settings in which Frontier's TPE departs from Optuna's, and what they buy.
@Suite struct TPEConfigurationTests {
    /// Branin–Hoo on [−5, 10] × [0, 15] (minimum 0.397887), as benchmarks/FrontierBench has it.
    static func branin(_ x1: Double, _ x2: Double) -> Double {
        let b = 5.1 / (4 * Double.pi * Double.pi), c = 5 / Double.pi, t = 1 / (8 * Double.pi)
        let inner = x2 - b * x1 * x1 + c * x1 - 6
        return inner * inner + 10 * (1 - t) * cos(x1) + 10
    }

    /// The best Branin value `sampler` finds in `trials` trials.
    static func bestBranin(_ sampler: TPESampler, trials: Int) throws -> Double {
        let study = try Study(sampler: sampler)
        try study.optimize(trials: trials) { trial in
            branin(try trial.suggestFloat("x1", -5, 10), try trial.suggestFloat("x2", 0, 15))
        }
        return try #require(study.bestTrial()?.value)
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    @Test func optunaPresetHasOptunasDefaults() {
        let optuna = TPESampler.Configuration.optuna(seed: 4)
        #expect(optuna.seed == 4)
        #expect(optuna.startupTrials == 10)
        #expect(optuna.eiCandidates == 24)
        #expect(optuna.priorWeight == 1)
        #expect(optuna.bandwidthFloor == 1)
        #expect(optuna.goodFraction == 0.1 && optuna.goodLimit == 25)
        #expect(optuna.considerMagicClip && !optuna.considerEndpoints && optuna.multivariate)
        // And γ(n) with them is Optuna's, n by n.
        let sampler = TPESampler(optuna)
        #expect((0...400).allSatisfy { sampler.goodCount($0) == TPESampler.gamma($0) })
    }

    @Test func defaultsDepartFromOptunaWhereDocumented() {
        let defaults = TPESampler.Configuration()
        #expect(defaults.eiCandidates == 48)
        #expect(defaults.bandwidthFloor == 0.35)
        #expect(defaults.goodFraction == 0.1 && defaults.goodLimit == 10)
        #expect(defaults.startupTrials == 10 && defaults.priorWeight == 1 && defaults.multivariate)
        // The independent model keeps Optuna's constants.
        #expect(TPESampler.Configuration(multivariate: false) == .optuna(multivariate: false))
    }

    @Test func goodCountFollowsFractionAndLimit() {
        var configuration = TPESampler.Configuration()
        configuration.goodFraction = 0.25
        configuration.goodLimit = 7
        let sampler = TPESampler(configuration)
        #expect([0, 1, 4, 5, 20, 28, 29, 1000].map(sampler.goodCount) == [0, 1, 1, 2, 5, 7, 7, 7])
    }

    @Test func splitTakesTheConfiguredNumberOfGoodTrials() throws {
        var configuration = TPESampler.Configuration()
        configuration.goodLimit = 3
        let sampler = TPESampler(configuration)
        let study = try Study(sampler: RandomSampler(seed: 1))
        try study.optimize(trials: 60) { trial in try trial.suggestFloat("x", 0, 1) }
        let history = try study.history()
        let (below, above) = sampler.split(history)
        #expect(below.count == 3 && above.count == 57)
        // The good ones are the three lowest values, ordered by number.
        let lowest = history.trials.sorted { $0.value! < $1.value! }.prefix(3).map(\.number).sorted()
        #expect(below.map(\.number) == lowest)
    }

    @Test func bandwidthFloorScalesTheMagicClip() {
        // Ten observations bunched at 0.5 on [0, 10]: their gaps are 0.001, so every kernel sits
        // on the floor, floor · 10 / min(100, 10 + 2).
        let observations = (0..<10).map { [0.5 + 0.001 * Double($0)] }
        for floor in [1.0, 0.5, 0.25] {
            var configuration = TPESampler.Configuration.optuna()
            configuration.bandwidthFloor = floor
            let estimator = ParzenEstimator(observations: observations, observationWeights: TPESampler.weights(10),
                                            space: [("x", .float(low: 0, high: 10))], configuration: configuration)
            guard case let .numeric(_, sigmas, _, _, _, _, _, _) = estimator.dimensions[0] else {
                Issue.record("expected a numeric dimension")
                return
            }
            #expect(sigmas.dropLast().allSatisfy { abs($0 - floor * 10 / 12) < 1e-12 }, "floor \(floor): \(sigmas)")
            // The prior kernel keeps the range's width.
            #expect(sigmas.last == 10)
        }
    }

    /// The point of the departures: on Branin, over seeds apart from the benchmark's, the default
    /// TPE's median best after 50 trials is lower than with Optuna's settings (both seeded, so
    /// this is a fixed comparison, not a flaky one).
    @Test func defaultsBeatOptunasSettingsOnBranin() throws {
        let seeds: [UInt64] = Array(100..<115)
        let defaults = try seeds.map { try Self.bestBranin(TPESampler(seed: $0), trials: 50) }
        let optuna = try seeds.map { try Self.bestBranin(TPESampler(.optuna(seed: $0)), trials: 50) }
        #expect(Self.median(defaults) < Self.median(optuna), "defaults \(Self.median(defaults)), Optuna's settings \(Self.median(optuna))")
        #expect(defaults.allSatisfy { $0 >= 0.397887 - 1e-6 })
    }
}

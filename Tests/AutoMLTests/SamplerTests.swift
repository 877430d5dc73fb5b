import Foundation
import Testing
@testable import AutoML

@Suite struct SamplerTests {
    /// Values drawn by `sampler` for `count` trials of a quadratic, in order.
    func run(_ sampler: any Sampler, trials count: Int, direction: StudyDirection = .minimize) throws -> [FrozenTrial] {
        let study = try Study(direction: direction, sampler: sampler)
        try study.optimize(trials: count) { trial in
            let x = try trial.suggestFloat("x", -5, 5)
            let y = try trial.suggestInt("y", -5, 5)
            let lr = try trial.suggestFloat("lr", 1e-5, 1, log: true)
            let kind = try trial.suggestCategorical("kind", ["a", "b", "c"])
            let value = (x - 1.5) * (x - 1.5) + Double((y - 2) * (y - 2)) + pow(log10(lr) + 3, 2) + (kind == "b" ? 0 : 2)
            return direction == .minimize ? value : -value
        }
        return try study.trials()
    }

    @Test func randomDrawsStayInRangeAndRepeatForASeed() throws {
        let first = try run(RandomSampler(seed: 7), trials: 200)
        let second = try run(RandomSampler(seed: 7), trials: 200)
        let other = try run(RandomSampler(seed: 8), trials: 200)
        #expect(first.map(\.parameters) == second.map(\.parameters))
        #expect(first.map(\.parameters) != other.map(\.parameters))
        for trial in first {
            for (name, value) in trial.parameters { #expect(trial.distributions[name]!.contains(value)) }
        }
        // Log scale: about as many draws below 1e-3 as above (uniform on the exponent: 2 of 5 decades below).
        let below = first.filter { $0.parameters["lr"]!.number! < 1e-3 }.count
        #expect((50...110).contains(below))
        #expect(Set(first.map { $0.parameters["y"]! }).count == 11)
    }

    @Test func logIntegersCoverTheirRange() throws {
        let study = try Study(sampler: RandomSampler(seed: 3))
        try study.optimize(trials: 300) { Double(try $0.suggestInt("n", 1, 8, log: true)) }
        let values = Set(try study.trials().compactMap { $0.parameters["n"]?.intValue })
        #expect(values == Set(1...8))
    }

    @Test func gridVisitsEveryPointOnceBeforeRepeating() throws {
        let grid = GridSampler(["a": [.int(1), .int(2), .int(3)], "b": [.string("x"), .string("y")]], seed: 4)
        let study = try Study(sampler: grid)
        try study.optimize(trials: 6) { trial in
            _ = try trial.suggestInt("a", 1, 3)
            _ = try trial.suggestCategorical("b", ["x", "y"])
            return 0
        }
        let points = try study.trials().map { "\($0.parameters["a"]!)\($0.parameters["b"]!)" }
        #expect(Set(points) == ["1x", "1y", "2x", "2y", "3x", "3y"])
    }

    /// The default TPE is multivariate (Optuna's default since 5.0).
    @Test func tpeRepeatsForASeedAndBeatsRandomSearch() throws {
        let tpe = try run(TPESampler(seed: 11), trials: 80)
        let again = try run(TPESampler(seed: 11), trials: 80)
        #expect(tpe.map(\.parameters) == again.map(\.parameters))
        // The first ten trials are TPE's random start-up.
        for trial in tpe { for (name, value) in trial.parameters { #expect(trial.distributions[name]!.contains(value)) } }
        var tpeWins = 0
        for seed in 0..<5 as Range<UInt64> {
            let tpeBest = try run(TPESampler(seed: seed), trials: 60).compactMap(\.value).min()!
            let randomBest = try run(RandomSampler(seed: seed), trials: 60).compactMap(\.value).min()!
            if tpeBest < randomBest { tpeWins += 1 }
        }
        #expect(tpeWins >= 4, "TPE found the better value on \(tpeWins) of 5 seeds")
    }

    @Test func tpeMaximizesAsWellAsMinimizes() throws {
        let trials = try run(TPESampler(seed: 5), trials: 60, direction: .maximize)
        let late: [Double] = trials.suffix(20).compactMap(\.value)
        let early: [Double] = trials.prefix(10).compactMap(\.value)
        let lateMean: Double = late.reduce(0, +) / Double(late.count)
        let earlyMean: Double = early.reduce(0, +) / Double(early.count)
        #expect(lateMean > earlyMean)
    }

    @Test func magicClipRaisesNarrowKernels() {
        // Ten observations bunched at 0.5 on [0, 10]: their gaps are 0.001, but no kernel may be
        // narrower than 10 / min(100, 10 + 2).
        let observations = (0..<10).map { [0.5 + 0.001 * Double($0)] }
        let estimator = ParzenEstimator(observations: observations, observationWeights: TPESampler.weights(10),
                                        space: [("x", .float(low: 0, high: 10))], configuration: .optuna())
        guard case let .numeric(_, sigmas, _, _, _, _, _, _) = estimator.dimensions[0] else {
            Issue.record("expected a numeric dimension")
            return
        }
        #expect(sigmas.dropLast().allSatisfy { $0.isApproximatelyEqual(10.0 / 12) })
    }

    @Test func independentTPERepeatsAndBeatsRandomSearch() throws {
        let first = try run(TPESampler(seed: 3, multivariate: false), trials: 60)
        #expect(first.map(\.parameters) == (try run(TPESampler(seed: 3, multivariate: false), trials: 60)).map(\.parameters))
        #expect(first.compactMap(\.value).min()! < (try run(RandomSampler(seed: 3), trials: 60)).compactMap(\.value).min()!)
    }

    @Test func multivariateTPEDrawsJointlyAndRepeats() throws {
        let sampler = TPESampler(seed: 9, multivariate: true)
        let first = try run(sampler, trials: 60)
        let second = try run(sampler, trials: 60)
        #expect(first.map(\.parameters) == second.map(\.parameters))
        let history = StudyHistory(direction: .minimize, trials: first)
        #expect(sampler.relativeSearchSpace(history: history).map(\.name) == ["kind", "lr", "x", "y"])
        // After the start-up trials every parameter comes from the joint model: one draw
        // (the relative one) per trial, so the independent streams are never used.
        let relative = sampler.sampleRelative(history: history, trialNumber: 60, searchSpace: sampler.relativeSearchSpace(history: history))
        #expect(Set(relative.keys) == ["kind", "lr", "x", "y"])
    }

    @Test func gammaAndWeightsFollowOptuna() {
        #expect([0, 1, 10, 11, 100, 250, 1000].map(TPESampler.gamma) == [0, 1, 1, 2, 10, 25, 25])
        #expect(TPESampler.weights(3) == [1, 1, 1])
        let weights = TPESampler.weights(30)
        #expect(weights.count == 30)
        // np.linspace(1/30, 1, 5) followed by 25 ones.
        let ramp = [1.0 / 30, 1.0 / 30 + (29.0 / 30) / 4, 1.0 / 30 + 2 * (29.0 / 30) / 4, 1.0 / 30 + 3 * (29.0 / 30) / 4, 1]
        for (value, expected) in zip(weights.prefix(5), ramp) { #expect(value.isApproximatelyEqual(expected)) }
        #expect(weights.suffix(25).allSatisfy { $0 == 1 })
    }

    @Test func parzenBandwidthsFollowOptunasNeighbourRuleAndMagicClip() {
        // Observations 0.2 and 0.9 on [0, 1]: with the ends, 0, 0.2, 0.9, 1; each kernel takes
        // the larger gap to a neighbour, and the outer kernels their inner gap (endpoints
        // ignored): 0.7 and 0.7; the magic clip's floor 1/min(100, 4) = 0.25 leaves them; the
        // prior kernel sits at 0.5 with the range's width.
        let estimator = ParzenEstimator(observations: [[0.2], [0.9]], observationWeights: [1, 1],
                                        space: [("x", .float(low: 0, high: 1))], configuration: .optuna())
        guard case let .numeric(mus, sigmas, _, _, _, _, _, _) = estimator.dimensions[0] else {
            Issue.record("expected a numeric dimension")
            return
        }
        #expect(mus == [0.2, 0.9, 0.5])
        #expect(sigmas[0].isApproximatelyEqual(0.7))
        #expect(sigmas[1].isApproximatelyEqual(0.7))
        #expect(sigmas[2] == 1)
        #expect(estimator.weights.map { ($0 * 3).rounded() } == [1, 1, 1])
        // The density integrates to one over the range.
        let integral = stride(from: 0.0005, to: 1, by: 0.001).reduce(0) { $0 + exp(estimator.logDensity([$1])) * 0.001 }
        #expect(abs(integral - 1) < 1e-3)
    }

    @Test func normalQuantileInvertsTheCDF() {
        for p in [1e-12, 1e-6, 0.01, 0.3, 0.5, 0.77, 0.999, 1 - 1e-9] {
            #expect(abs(NormalDistribution.cdf(NormalDistribution.quantile(p)) - p) <= 1e-12 + 1e-9 * p)
        }
    }
}

import Testing
@testable import RL

@Suite struct NormalizeWrapperTests {
    private func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-6) -> Bool { abs(a - b) <= tolerance * (1 + abs(b)) }

    @Test func observationsAreNormalisedWithStatisticsIncludingThemselves() {
        let environment = NormalizeObservation(CountingEnvironment(length: 5))
        // Reset observation 0 joins the prior (mean 0, var 1, count 1e-4): it normalises to 0.
        var (mean, variance, count) = mergeSample(0, mean: 0, variance: 1, count: 1e-4)
        #expect(environment.reset(seed: nil).observation == [0])
        for t in 1...3 {
            (mean, variance, count) = mergeSample(Double(t), mean: mean, variance: variance, count: count)
            let observation = environment.step(.discrete(0)).observation
            let expected = (Double(t) - mean) / (variance + 1e-8).squareRoot()
            #expect(close(Double(observation[0]), expected), "step \(t): \(observation[0]) vs \(expected)")
        }
        #expect(close(environment.statistics.mean[0], mean, 1e-12) && close(environment.statistics.variance[0], variance, 1e-12))
        #expect(close(environment.statistics.count, count, 1e-12))
        #expect(environment.observationSpace == .box(BoxSpace(low: -.infinity, high: .infinity, shape: [1])))
    }

    @Test func frozenStatisticsStayPutAndClipBounds() {
        let frozen = RunningMeanStd(mean: [2], variance: [0.25], count: 50)
        let environment = NormalizeObservation(CountingEnvironment(length: 9), clip: 3, statistics: frozen, isUpdating: false)
        #expect(environment.reset(seed: nil).observation == [-3])  // (0 - 2) / 0.5 = -4, clipped
        let observation = environment.step(.discrete(0)).observation[0]
        #expect(close(Double(observation), (1 - 2) / (0.25 + 1e-8).squareRoot()))
        #expect(environment.step(.discrete(0)).observation == [0])
        #expect(environment.step(.discrete(0)).observation[0] > 1.99)
        #expect(environment.statistics == frozen)
        #expect(environment.observationSpace == .box(BoxSpace(low: -3, high: 3, shape: [1])))
    }

    @Test func rewardsAreScaledByTheDiscountedReturnsSpread() {
        let environment = NormalizeReward(CountingEnvironment(length: 2), gamma: 0.5)
        _ = environment.reset(seed: nil)
        // Rewards 1, 2 (terminates), then 1 in the next episode; returns 1, 0.5·1 + 2, then 1.
        var (mean, variance, count) = (0.0, 1.0, 1e-4)
        func expectStep(reward: Double, discounted: Double, returnAfter: Double) {
            (mean, variance, count) = mergeSample(discounted, mean: mean, variance: variance, count: count)
            let transition = environment.step(.discrete(0))
            #expect(close(transition.reward, reward / (variance + 1e-8).squareRoot()), "reward \(reward)")
            #expect(environment.discountedReturn == returnAfter)
        }
        expectStep(reward: 1, discounted: 1, returnAfter: 1)
        expectStep(reward: 2, discounted: 2.5, returnAfter: 0)
        _ = environment.reset(seed: nil)
        expectStep(reward: 1, discounted: 1, returnAfter: 1)
        #expect(close(environment.statistics.variance[0], variance, 1e-12) && close(environment.statistics.mean[0], mean, 1e-12))
    }

    @Test func gymnasiumModeDropsTheReturnOnTheTerminatingStep() {
        let environment = NormalizeReward(CountingEnvironment(length: 2), gamma: 0.5, returnReset: .gymnasium)
        _ = environment.reset(seed: nil)
        _ = environment.step(.discrete(0))
        #expect(environment.discountedReturn == 1)
        _ = environment.step(.discrete(0))
        #expect(environment.discountedReturn == 2)  // 0.5·1·(1 - 1) + 2
        _ = environment.reset(seed: nil)
        _ = environment.step(.discrete(0))
        #expect(environment.discountedReturn == 2)  // 0.5·2 + 1: carried across the reset
    }

    @Test func frozenRewardStatisticsStayPut() {
        let frozen = RunningMeanStd(mean: [0], variance: [3], count: 20)
        let environment = NormalizeReward(CountingEnvironment(length: 5), statistics: frozen, isUpdating: false)
        _ = environment.reset(seed: nil)
        #expect(close(environment.step(.discrete(0)).reward, 1 / (3 + 1e-8).squareRoot(), 1e-12))
        #expect(close(environment.step(.discrete(0)).reward, 2 / (3 + 1e-8).squareRoot(), 1e-12))
        #expect(environment.statistics == frozen)
        #expect(close(environment.discountedReturn, 0.99 + 2, 1e-12))
    }
}

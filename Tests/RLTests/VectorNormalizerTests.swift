import Foundation
import Tensor
import Testing
@testable import RL

@Suite struct VectorNormalizerTests {
    private func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-12) -> Bool { abs(a - b) <= tolerance * (1 + abs(b)) }

    /// A normaliser trained on `steps` steps of three random-walk copies.
    private func trained(steps: Int) -> VectorNormalizer {
        let vector = VectorEnvironment(count: 3) { _ in RandomWalkEnvironment() }
        let normalizer = VectorNormalizer(count: 3, observationSize: 2)
        _ = normalizer.normalizeObservations(vector.reset(seed: 1).observations, update: true)
        var generator = PhiloxGenerator(seed: 2)
        for _ in 0..<steps {
            let batch = vector.step((0..<3).map { _ in .discrete(generator.nextInt(below: 2)) })
            _ = normalizer.normalizeObservations(batch.observations, update: true)
            _ = normalizer.normalizeRewards(batch.rewards, dones: zip(batch.terminated, batch.truncated).map { $0 || $1 })
        }
        return normalizer
    }

    @Test func evaluationWrapperGivesTheTrainingNormalisationExactly() {
        let normalizer = trained(steps: 60)
        #expect(normalizer.observationStatistics.count > 180)
        let statistics = normalizer.observationStatistics
        let evaluation = normalizer.evaluationWrapper(RandomWalkEnvironment())
        let raw = RandomWalkEnvironment()
        // Bit-identical is the contract: the same statistics through the same function.
        #expect(evaluation.reset(seed: 77).observation == normalizer.normalizeObservations(raw.reset(seed: 77).observation, update: false))
        for step in 0..<40 {
            let action = Action.discrete(step % 3 == 0 ? 0 : 1)
            let expected = raw.step(action)
            let observation = evaluation.step(action).observation
            #expect(observation == normalizer.normalizeObservations(expected.observation, update: false))
            if expected.isDone {
                _ = raw.reset(seed: UInt64(step))
                _ = evaluation.reset(seed: UInt64(step))
            }
        }
        #expect(evaluation.statistics == statistics && normalizer.observationStatistics == statistics)
    }

    @Test func observationBatchesUpdateOnceInRowOrder() {
        let normalizer = VectorNormalizer(count: 2, observationSize: 2, observationClip: nil)
        let batch: [Float] = [1, -2, 3, 6]
        let normalized = normalizer.normalizeObservations(batch, update: true)
        var expected = RunningMeanStd(size: 2)
        expected.update(rows: batch, rowCount: 2)
        #expect(normalizer.observationStatistics == expected)
        #expect(normalized == expected.normalize(batch, epsilon: 1e-8))
        #expect(normalizer.normalizeObservations(batch, update: false) == normalized)
        #expect(normalizer.observationStatistics == expected)
    }

    @Test func rewardsFollowPerCopyDiscountedReturns() {
        let normalizer = VectorNormalizer(count: 2, observationSize: 1, gamma: 0.99)
        // Returns [1, 3]: batch mean 2, variance 1, merged with the prior (0, 1, 1e-4).
        let total = 2.0001
        let variance = (1e-4 + 2 + 4 * 1e-4 * 2 / total) / total
        let first = normalizer.normalizeRewards([1, 3], dones: [false, true])
        #expect(close(first[0], 1 / (variance + 1e-8).squareRoot()) && close(first[1], 3 / (variance + 1e-8).squareRoot()))
        #expect(close(normalizer.returnStatistics.mean[0], 4 / total) && close(normalizer.returnStatistics.variance[0], variance))
        #expect(normalizer.returns == [1, 0], "copy 1's episode ended: its return restarts")
        _ = normalizer.normalizeRewards([2, 2], dones: [false, false])
        #expect(close(normalizer.returns[0], 2.99) && normalizer.returns[1] == 2)
        normalizer.resetReturns()
        #expect(normalizer.returns == [0, 0])
    }

    @Test func rewardsAreClippedAndFrozenWithoutUpdate() {
        let normalizer = VectorNormalizer(count: 1, observationSize: 1, rewardClip: 2)
        normalizer.returnStatistics = RunningMeanStd(mean: [0], variance: [0.01], count: 5)
        #expect(normalizer.normalizeRewards([1], dones: [false], update: false) == [2])
        #expect(close(normalizer.normalizeRewards([0.1], dones: [false], update: false)[0], 0.1 / (0.01 + 1e-8).squareRoot()))
        #expect(normalizer.returnStatistics == RunningMeanStd(mean: [0], variance: [0.01], count: 5))
    }

    @Test func disabledPartsPassThrough() {
        let normalizer = VectorNormalizer(count: 1, observationSize: 2, normalizeObservations: false, normalizeRewards: false)
        #expect(normalizer.normalizeObservations([5, 7], update: true) == [5, 7])
        #expect(normalizer.normalizeRewards([3], dones: [true]) == [3])
        #expect(normalizer.observationStatistics == RunningMeanStd(size: 2))
    }

    @Test func exportedStatisticsLoadIntoAFreshNormaliser() throws {
        let normalizer = trained(steps: 20)
        let exported = normalizer.export()
        #expect(Set(exported.keys) == ["obs_rms/mean", "obs_rms/var", "obs_rms/count", "ret_rms/mean", "ret_rms/var", "ret_rms/count"])
        let fresh = VectorNormalizer(count: 3, observationSize: 2)
        try fresh.load(exported: exported)
        #expect(fresh.observationStatistics == normalizer.observationStatistics)
        #expect(fresh.returnStatistics == normalizer.returnStatistics)

        var missing = exported
        missing["ret_rms/count"] = nil
        #expect(throws: NormalizationError.missing(key: "ret_rms/count")) { try fresh.load(exported: missing) }
        #expect(throws: NormalizationError.self) { try VectorNormalizer(count: 3, observationSize: 5).load(exported: exported) }

        let decoded = try JSONDecoder().decode(VectorNormalizer.self, from: JSONEncoder().encode(normalizer))
        #expect(decoded.observationStatistics == normalizer.observationStatistics && decoded.returns == normalizer.returns)
        #expect(decoded.observationClip == 10 && decoded.gamma == 0.99)
    }

    @Test func trainingIsDeterministic() {
        let first = trained(steps: 30), second = trained(steps: 30)
        #expect(first.export() == second.export() && first.returns == second.returns)
    }
}

import Foundation
import Testing
@testable import RL

@Suite("Rollout buffer and GAE")
struct RolloutBufferTests {
    /// GAE computed the slow way, one copy at a time, for comparison.
    static func referenceGAE(rewards: [Double], values: [Double], dones: [Bool], last: Double, gamma: Double,
                             lambda: Double) -> [Double] {
        var advantages = [Double](repeating: 0, count: rewards.count)
        for t in rewards.indices {
            var total = 0.0
            var weight = 1.0
            var k = t
            while k < rewards.count {
                let next = k + 1 < rewards.count ? values[k + 1] : last
                let delta = rewards[k] + (dones[k] ? 0 : gamma * next) - values[k]
                total += weight * delta
                if dones[k] { break }
                weight *= gamma * lambda
                k += 1
            }
            advantages[t] = total
        }
        return advantages
    }

    @Test("advantages and returns follow GAE, cut at episode ends")
    func generalisedAdvantages() {
        let steps = 6
        var buffer = RolloutBuffer(steps: steps, environments: 2, observationSize: 1, actionWidth: 1)
        let rewards: [[Double]] = [[1, 0.5], [0, 1], [2, 1], [1, -1], [0.5, 0], [1, 2]]
        let values: [[Float]] = [[0.2, 0.1], [0.4, -0.3], [1, 0.5], [0.3, 0.2], [0.1, 0.9], [-0.2, 0.4]]
        let dones: [[Bool]] = [[false, false], [false, true], [true, false], [false, false], [false, true], [false, false]]
        for t in 0..<steps {
            buffer.append(observations: [0, 0], actions: [0, 1], logProbabilities: [0, 0], values: values[t],
                          rewards: rewards[t], dones: dones[t])
        }
        buffer.computeAdvantages(lastValues: [0.7, -0.5], gamma: 0.9, lambda: 0.8)
        for copy in 0..<2 {
            let expected = Self.referenceGAE(rewards: rewards.map { $0[copy] }, values: values.map { Double($0[copy]) },
                                             dones: dones.map { $0[copy] }, last: copy == 0 ? 0.7 : -0.5, gamma: 0.9, lambda: 0.8)
            for t in 0..<steps {
                let entry = t * 2 + copy
                #expect(abs(Double(buffer.advantages[entry]) - expected[t]) < 1e-5, "copy \(copy) step \(t)")
                #expect(abs(Double(buffer.returns[entry]) - (expected[t] + Double(values[t][copy]))) < 1e-5)
            }
        }
    }

    @Test("advantage standardisation uses the unbiased deviation, as torch.std")
    func standardisation() {
        var values: [Float] = [1, 2, 3, 4]
        RolloutBuffer.standardize(&values)
        let deviation = (5.0 / 3).squareRoot()
        #expect(abs(Double(values[0]) - (-1.5 / deviation)) < 1e-6)
        #expect(abs(values.reduce(0, +)) < 1e-6)
    }
}

import Foundation
import Tensor
import TestSupport
import Testing
@testable import RL

@Suite("Action distributions")
struct ActionDistributionTests {
    @Test("categorical log-probabilities and entropy match the closed form")
    func categoricalValues() {
        let logits = Tensor(shape: [2, 3], doubles: [1, 2, 0, -1, 0.5, 3]).converted(to: .float64)
        let distribution = ActionDistribution.categorical(logits: logits)
        let actions = Tensor(shape: [2, 1], scalars: [1, 2]).converted(to: .float64)
        var expectedLog: [Double] = []
        var expectedEntropy: [Double] = []
        for (row, action) in [([1.0, 2, 0], 1), ([-1.0, 0.5, 3], 2)] {
            let normaliser = Foundation.log(row.map { Foundation.exp($0) }.reduce(0, +))
            expectedLog.append(row[action] - normaliser)
            expectedEntropy.append(-row.map { ($0 - normaliser) * Foundation.exp($0 - normaliser) }.reduce(0, +))
        }
        expectClose(distribution.logProbability(of: actions), shape: [2], expectedLog, relative: 1e-12, absolute: 1e-12, "log p")
        expectClose(distribution.entropy(), shape: [2], expectedEntropy, relative: 1e-12, absolute: 1e-12, "entropy")
        #expect(distribution.mode().scalars == [1, 2])
    }

    @Test("diagonal Gaussian log-density and entropy match the closed form")
    func gaussianValues() {
        let mean = Tensor(shape: [1, 2], doubles: [0.5, -1])
        let logStd = Tensor(shape: [2], doubles: [0.1, -0.2])
        let distribution = ActionDistribution.gaussian(mean: mean, logStd: logStd)
        let action = Tensor(shape: [1, 2], doubles: [1, 0])
        var expected = 0.0
        var entropy = 0.0
        for (a, m, s) in [(1.0, 0.5, 0.1), (0.0, -1.0, -0.2)] {
            let sigma = Foundation.exp(s)
            expected += -(a - m) * (a - m) / (2 * sigma * sigma) - s - 0.5 * Foundation.log(2 * Double.pi)
            entropy += 0.5 + 0.5 * Foundation.log(2 * Double.pi) + s
        }
        expectClose(distribution.logProbability(of: action), shape: [1], [expected], relative: 1e-6, absolute: 1e-6, "log p")
        expectClose(distribution.entropy(), shape: [1], [entropy], relative: 1e-6, absolute: 1e-6, "entropy")
        #expect(distribution.mode().doubles == [0.5, -1])
    }

    @Test("log-probabilities and entropies have correct gradients")
    func gradients() {
        let actions = Tensor(shape: [3, 1], doubles: [0, 2, 1])
        checkGradients("categorical log p", inputs: [Tensor(shape: [3, 3], doubles: [0.1, -0.4, 1.2, 2, 0.3, -1, 0, 0, 0.5])]) { inputs in
            ActionDistribution.categorical(logits: inputs[0]).logProbability(of: actions)
        }
        checkGradients("categorical entropy", inputs: [Tensor(shape: [2, 3], doubles: [0.1, -0.4, 1.2, 2, 0.3, -1])]) { inputs in
            ActionDistribution.categorical(logits: inputs[0]).entropy()
        }
        let continuous = Tensor(shape: [2, 2], doubles: [0.3, -0.7, 1.1, 0.2])
        checkGradients("gaussian log p", inputs: [Tensor(shape: [2, 2], doubles: [0.1, -0.4, 0.9, 0]),
                                                  Tensor(shape: [2], doubles: [0.2, -0.3])]) { inputs in
            ActionDistribution.gaussian(mean: inputs[0], logStd: inputs[1]).logProbability(of: continuous)
        }
        checkGradients("gaussian entropy", inputs: [Tensor(shape: [2, 2], doubles: [0.1, -0.4, 0.9, 0]),
                                                    Tensor(shape: [2], doubles: [0.2, -0.3])]) { inputs in
            ActionDistribution.gaussian(mean: inputs[0], logStd: inputs[1]).entropy()
        }
    }

    @Test("samples follow the distribution")
    func sampling() {
        var generator = PhiloxGenerator(seed: 4)
        let logits = Tensor(shape: [1, 3], scalars: [0, Float(Foundation.log(2.0)), Float(Foundation.log(7.0))])
        var counts = [0, 0, 0]
        let categorical = ActionDistribution.categorical(logits: logits)
        for _ in 0..<5_000 { counts[Int(categorical.sample(using: &generator).scalars[0])] += 1 }
        #expect(abs(Double(counts[2]) / 5_000 - 0.7) < 0.03, "\(counts)")
        #expect(abs(Double(counts[0]) / 5_000 - 0.1) < 0.02, "\(counts)")
        let gaussian = ActionDistribution.gaussian(mean: Tensor(shape: [1, 1], scalars: [2]), logStd: Tensor([Float(Foundation.log(0.5))]))
        let draws = (0..<5_000).map { _ in Double(gaussian.sample(using: &generator).scalars[0]) }
        let mean = draws.reduce(0, +) / 5_000
        let deviation = (draws.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 5_000).squareRoot()
        #expect(abs(mean - 2) < 0.03 && abs(deviation - 0.5) < 0.03, "mean \(mean), std \(deviation)")
    }

    @Test("action rows become actions of the space, clipped to a box")
    func actionConversion() {
        let box = Space.box(BoxSpace(low: [-2], high: [2]))
        #expect(box.actions(from: Tensor(shape: [3, 1], scalars: [-3, 0.5, 9])) == [.continuous([-2]), .continuous([0.5]), .continuous([2])])
        let discrete = Space.discrete(DiscreteSpace(3))
        #expect(discrete.actions(from: Tensor(shape: [2, 1], scalars: [2, 0])) == [.discrete(2), .discrete(0)])
    }
}

import Tensor
@testable import RL

/// Observation `[t]` after `t` steps, reward `t`, terminates after `length` steps; any action.
final class CountingEnvironment: Environment {
    let length: Int
    private(set) var t = 0
    init(length: Int) { self.length = length }

    var observationSpace: Space { .box(BoxSpace(low: 0, high: 100, shape: [1])) }
    var actionSpace: Space { .discrete(DiscreteSpace(2)) }
    var metadata: EnvironmentMetadata { EnvironmentMetadata(id: "Counting-v0", version: 0) }

    func reset(seed: UInt64?) -> Reset {
        t = 0
        return Reset(observation: [0])
    }

    func step(_ action: Action) -> Transition {
        t += 1
        return Transition(observation: [Float(t)], reward: Double(t), terminated: t >= length, truncated: false)
    }
}

/// A noisy 1-D random walk with its own Philox stream: observation `[position, velocity]`,
/// action 0/1 pushes left/right, terminates when |position| > 2; reseeded only by a seed.
final class RandomWalkEnvironment: Environment {
    private var generator = PhiloxGenerator(seed: 0)
    private var position = 0.0, velocity = 0.0

    var observationSpace: Space { .box(BoxSpace(low: -.infinity, high: .infinity, shape: [2])) }
    var actionSpace: Space { .discrete(DiscreteSpace(2)) }
    var metadata: EnvironmentMetadata { EnvironmentMetadata(id: "RandomWalk-v0", version: 0) }

    func reset(seed: UInt64?) -> Reset {
        if let seed { generator = PhiloxGenerator(seed: seed) }
        position = generator.nextDouble() - 0.5
        velocity = 0
        return Reset(observation: [Float(position), Float(velocity)])
    }

    func step(_ action: Action) -> Transition {
        let push = action.discreteIndex(for: "RandomWalk") == 1 ? 0.1 : -0.1
        velocity = 0.9 * velocity + push + 0.2 * generator.nextNormal()
        position += velocity
        return Transition(observation: [Float(position), Float(velocity)], reward: 1 - abs(position),
                          terminated: abs(position) > 2, truncated: false)
    }
}

/// Observes the last continuous action it received; action space `[-1, 2] × [0, 4]`.
final class EchoEnvironment: Environment {
    private(set) var received: [Float] = []

    var observationSpace: Space { .box(BoxSpace(low: -.infinity, high: .infinity, shape: [2])) }
    var actionSpace: Space { .box(BoxSpace(low: [-1, 0], high: [2, 4])) }
    var metadata: EnvironmentMetadata { EnvironmentMetadata(id: "Echo-v0", version: 0) }

    func reset(seed: UInt64?) -> Reset { Reset(observation: [0, 0]) }

    func step(_ action: Action) -> Transition {
        received = action.continuousValues(for: "Echo")
        return Transition(observation: received, reward: 0, terminated: false, truncated: false)
    }
}

/// One step of Chan et al.'s update with a single sample, written out for hand-computed
/// expectations: returns the new (mean, variance, count).
func mergeSample(_ x: Double, mean: Double, variance: Double, count: Double) -> (Double, Double, Double) {
    let total = count + 1
    let delta = x - mean
    return (mean + delta / total, (variance * count + delta * delta * count / total) / total, total)
}

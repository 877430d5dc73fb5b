import Tensor
@testable import RL

/// A one-step bandit: observation `[1]`, action 1 pays 1, action 0 pays 0; every episode ends
/// (terminates) after its only step. Optimal Q-values: 0 and 1.
final class BanditEnvironment: Environment {
    var observationSpace: Space { .box(BoxSpace(low: 0, high: 1, shape: [1])) }
    var actionSpace: Space { .discrete(DiscreteSpace(2)) }
    var metadata: EnvironmentMetadata { EnvironmentMetadata(id: "Bandit-v0", version: 0) }

    func reset(seed: UInt64?) -> Reset { Reset(observation: [1]) }

    func step(_ action: Action) -> Transition {
        Transition(observation: [1], reward: action.discreteIndex(for: "Bandit") == 1 ? 1 : 0, terminated: true, truncated: false)
    }
}

/// A one-step continuous task: observe a target in [-0.8, 0.8], act in [-1, 1], reward
/// `−(action − target)²`. A random policy scores about −0.55; a good one near 0.
final class TargetEnvironment: Environment {
    private var generator = PhiloxGenerator(seed: 0)
    private var target: Float = 0

    var observationSpace: Space { .box(BoxSpace(low: -1, high: 1, shape: [1])) }
    var actionSpace: Space { .box(BoxSpace(low: -1, high: 1, shape: [1])) }
    var metadata: EnvironmentMetadata { EnvironmentMetadata(id: "Target-v0", version: 0) }

    func reset(seed: UInt64?) -> Reset {
        if let seed { generator = PhiloxGenerator(seed: seed) }
        target = Float(generator.nextDouble() * 1.6 - 0.8)
        return Reset(observation: [target])
    }

    func step(_ action: Action) -> Transition {
        let value = action.continuousValues(for: "Target")[0]
        let error = Double(value - target)
        return Transition(observation: [target], reward: -error * error, terminated: true, truncated: false)
    }
}

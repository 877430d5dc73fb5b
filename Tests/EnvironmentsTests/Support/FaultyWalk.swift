import RL
import Tensor

/// A small random walk with one deliberate fault, to see the environment checker catch it.
///
/// Sound, it is a point with a velocity on a line: actions push it left or right, an episode
/// ends when it leaves `[-5, 5]`, and the registry-style time limit of 50 steps truncates.
final class FaultyWalk: StatefulEnvironment {
    /// The faults one instance can have.
    enum Fault: String, CaseIterable, Sendable {
        case none, ignoresSeed, notReproducible, observationOutsideSpace, nanObservation, nanReward
        case rewardOutsideRange, neverEnds, incompleteState, inPlaceStepDiffers
    }

    let fault: Fault
    let observationSpace: Space = .box(BoxSpace(low: [-6, -2], high: [6, 2]))
    let actionSpace: Space = .discrete(DiscreteSpace(2))
    let metadata = EnvironmentMetadata(id: "FaultyWalk-v0", version: 0, minimumReward: -1, maximumReward: 1, maxEpisodeSteps: 50)
    var stateNames: [String] { fault == .incompleteState ? ["position"] : ["position", "velocity"] }

    private var position = 0.0, velocity = 0.0, steps = 0, resets = 0
    private var generator = PhiloxGenerator(seed: 0)

    init(_ fault: Fault) { self.fault = fault }

    /// The faulty walk as `make` would give it: time-limited unless the fault is the missing limit.
    static func made(_ fault: Fault) -> any Environment {
        let walk = FaultyWalk(fault)
        return fault == .neverEnds ? walk : TimeLimit(walk, maxEpisodeSteps: walk.metadata.maxEpisodeSteps!)
    }

    var state: [Double] { fault == .incompleteState ? [position] : [position, velocity] }

    func reset(seed: UInt64?) -> Reset {
        if let seed { generator = PhiloxGenerator(seed: fault == .ignoresSeed ? 0 : seed) }
        resets += 1
        position = generator.nextDouble() * 2 - 1 + (fault == .notReproducible ? Double(resets) * 1e-3 : 0)
        velocity = 0
        steps = 0
        return Reset(observation: observation)
    }

    func reset(state: [Double]) throws(EnvironmentError) -> Reset {
        guard state.count == stateNames.count else { throw .invalidState(environment: metadata.id, reason: "wrong length") }
        position = state[0]
        velocity = state.count > 1 ? state[1] : 0
        steps = 0
        return Reset(observation: observation)
    }

    private var observation: [Float] {
        switch fault {
        case .observationOutsideSpace where abs(position) > 1: [Float(position) + 20, Float(velocity)]
        case .nanObservation where steps == 7: [.nan, Float(velocity)]
        default: [Float(position), Float(velocity)]
        }
    }

    func step(_ action: Action) -> Transition {
        guard case let .discrete(index) = action, index == 0 || index == 1 else { fatalError("FaultyWalk-v0: invalid action \(action)") }
        steps += 1
        velocity = min(max(velocity + (index == 1 ? 0.1 : -0.1), -2), 2)
        // Kept near the line's ends, so only the fault under test leaves the observation space.
        position = min(max(position + velocity, -5.5), 5.5)
        let terminated = fault != .neverEnds && abs(position) > 5
        var reward = terminated ? -1.0 : 0.1
        if fault == .nanReward && steps == 5 { reward = .nan }
        if fault == .rewardOutsideRange { reward = 3 }
        return Transition(observation: observation, reward: reward, terminated: terminated, truncated: false)
    }

    /// The in-place step: `step(_:)` written over the kept transition, except under
    /// `inPlaceStepDiffers`, which halves the reward (still inside the reward range).
    func step(_ action: Action, into transition: inout Transition) {
        let next = step(action)
        let reward = fault == .inPlaceStepDiffers ? next.reward / 2 : next.reward
        transition = Transition(observation: next.observation, reward: reward, terminated: next.terminated, truncated: next.truncated)
    }
}

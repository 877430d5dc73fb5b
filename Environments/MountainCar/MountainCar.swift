import Foundation
import RL

/// MountainCar-v0: drive an under-powered car out of a valley to the flag on the right hill by
/// rocking it back and forth (Moore, "Efficient memory-based learning for robot control",
/// 1990).
///
/// Reference: Gymnasium 1.4, `gymnasium/envs/classic_control/mountain_car.py`
/// (`MountainCarEnv`), registered with `max_episode_steps=200, reward_threshold=-110`. Same
/// constants, velocity then position update, clipping, and the inelastic left wall (a car
/// clipped at the left edge while moving left stops).
///
/// - Observation and state: `position, velocity` (bounds `[-1.2, 0.6]`, `[-0.07, 0.07]`).
/// - Actions: `0` accelerate left, `1` coast, `2` accelerate right.
/// - Reward: `-1` per step.
/// - Termination: `position >= 0.5` and `velocity >= goal_velocity` (0 by default).
///   Truncation: the registry's time limit.
/// - Start: position uniform in `[-0.6, -0.4)` (options `low`, `high`), velocity 0.
///
/// Stepping on after termination without a reset keeps simulating, as Gymnasium does.
public final class MountainCar: StatefulEnvironment {
    /// The registry id.
    public static let id = "MountainCar-v0"

    /// The registry's record.
    public static let defaultMetadata = EnvironmentMetadata(
        id: id, version: 0, minimumReward: -1, maximumReward: -1, maxEpisodeSteps: 200, rewardThreshold: -110,
        // Every step costs 1: 200 steps is a failed episode, and no policy reaches the flag in
        // fewer than about 80.
        scoreMapping: .linear(worst: -200, best: -80))

    // Gymnasium's constants.
    private let minPosition = -1.2
    private let maxPosition = 0.6
    private let maxSpeed = 0.07
    private let goalPosition = 0.5
    private let force = 0.001
    private let gravity = 0.0025

    /// The speed the car must at least have at the flag (Gymnasium's `goal_velocity`).
    public let goalVelocity: Double
    /// The lower bound of the initial position.
    public let resetLow: Double
    /// The upper bound of the initial position.
    public let resetHigh: Double

    /// The observations' bounds (Gymnasium's `observation_space`, float32).
    public let observationSpace: Space = .box(BoxSpace(low: [-1.2, -0.07], high: [0.6, 0.07]))
    /// The actions accepted (Gymnasium's `action_space`).
    public let actionSpace: Space = .discrete(DiscreteSpace(3))
    /// Id, version, reward range, time limit and reward threshold.
    public let metadata = MountainCar.defaultMetadata
    /// The names of the internal state's components, in order.
    public let stateNames = ["position", "velocity"]

    private var position = 0.0, velocity = 0.0
    private var started = false
    private var randomness = EpisodeRandomness()

    /// A mountain car with Gymnasium's defaults, or the given variations.
    public init(goalVelocity: Double = 0, resetLow: Double = -0.6, resetHigh: Double = -0.4) {
        precondition(resetLow <= resetHigh, "\(Self.id): resetLow \(resetLow) exceeds resetHigh \(resetHigh)")
        self.goalVelocity = goalVelocity
        self.resetLow = resetLow
        self.resetHigh = resetHigh
    }

    /// A mountain car from registry options: `goal_velocity` (Gymnasium's keyword) and
    /// `low`/`high` (its reset options), refusing unknown names.
    public convenience init(options: EnvironmentOptions) throws(EnvironmentError) {
        var options = options
        let goalVelocity = try options.value("goal_velocity", default: 0, environment: Self.id)
        let bounds = try options.resetBounds(defaultLow: -0.6, defaultHigh: -0.4, environment: Self.id)
        try options.finish(environment: Self.id)
        self.init(goalVelocity: goalVelocity, resetLow: bounds.low, resetHigh: bounds.high)
    }

    /// The internal state, as Gymnasium's `env.unwrapped.state` holds it.
    public var state: [Double] { [position, velocity] }

    /// Starts an episode from a random state drawn from the environment's Philox generator: a seed
    /// re-seeds it, `nil` continues its stream, and an instance never seeded takes its first seed
    /// from the system's entropy (as Gymnasium's `np_random` does).
    public func reset(seed: UInt64?) -> Reset {
        randomness.reseed(seed)
        position = randomness.uniform(resetLow, resetHigh)
        velocity = 0
        started = true
        return Reset(observation: observation)
    }

    /// The observation: position and velocity as float32.
    private var observation: [Float] { [Float(position), Float(velocity)] }

    /// Starts an episode from `state` (Gymnasium: setting `env.unwrapped.state`); throws when it
    /// has the wrong length or is not finite.
    public func reset(state: [Double]) throws(EnvironmentError) -> Reset {
        try validate(state: state, names: stateNames, environment: Self.id)
        (position, velocity) = (state[0], state[1])
        started = true
        return Reset(observation: observation)
    }

    /// Applies `action` and advances one step; stops with a message naming the environment and
    /// the action for an action outside the action space.
    public func step(_ action: Action) -> Transition {
        guard case let .discrete(index) = action, (0...2).contains(index) else {
            stopOnInvalidAction(action, environment: Self.id, reason: "expected 0 (left), 1 (coast) or 2 (right)")
        }
        if !started { stopOnStepBeforeReset(environment: Self.id) }
        velocity += Double(index - 1) * force + cos(3 * position) * -gravity
        velocity = min(max(velocity, -maxSpeed), maxSpeed)
        position += velocity
        position = min(max(position, minPosition), maxPosition)
        if position == minPosition && velocity < 0 { velocity = 0 }
        let terminated = position >= goalPosition && velocity >= goalVelocity
        return Transition(observation: observation, reward: -1,
                          terminated: terminated, truncated: false)
    }
}

extension MountainCar: SnapshotEnvironment {
    /// The dynamics' state, the episode's flags and the generator, for resuming training.
    public func snapshot() -> EnvironmentSnapshot {
        EnvironmentSnapshot(kind: Self.id, numbers: [position, velocity, started ? 1 : 0], generator: randomness.state)
    }

    public func restore(_ snapshot: EnvironmentSnapshot) throws(EnvironmentError) {
        let (numbers, started) = try snapshot.dynamics(kind: Self.id, count: 3, finite: 2)
        try randomness.restore(snapshot.generator, environment: Self.id)
        (position, velocity) = (numbers[0], numbers[1])
        self.started = started
    }
}

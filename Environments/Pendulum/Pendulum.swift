import Foundation
import RL

/// Pendulum-v1: swing a frictionless pendulum up and hold it upright with a limited torque.
///
/// Reference: Gymnasium 1.4, `gymnasium/envs/classic_control/pendulum.py` (`PendulumEnv`),
/// registered with `max_episode_steps=200` and no reward threshold. Same constants,
/// semi-implicit Euler step of 0.05 s, torque clipped to `±2`, angular speed clipped to `±8`,
/// and the cost `angle_normalize(θ)² + 0.1·θ̇² + 0.001·u²`.
///
/// - State: `theta, theta_dot` (θ = 0 upright; θ is not wrapped, as in Gymnasium).
/// - Observation: `cos θ, sin θ, θ̇` (bounds ±1, ±1, ±8).
/// - Action: one torque in `[-2, 2]`. Larger magnitudes are clipped, as Gymnasium does, since
///   Gaussian policies produce them routinely; wrong sizes and non-finite values stop.
/// - Reward: minus the cost, in `[-16.2736…, 0]`. It never terminates; truncation is the
///   registry's time limit.
/// - Start: θ uniform in `[-π, π)`, θ̇ in `[-1, 1)` (options `x_init`, `y_init` give the
///   symmetric bounds, as Gymnasium's reset options).
///
/// Gymnasium computes the torque terms in float32 (its action is a float32 array and NumPy 2
/// keeps Python-float products with it in float32); so does this class, so rewards and
/// velocities agree to the last bit.
public final class Pendulum: StatefulEnvironment {
    /// The registry id.
    public static let id = "Pendulum-v1"

    // Gymnasium's constants.
    private let maxSpeed = 8.0
    private let maxTorque: Float = 2.0
    private let dt = 0.05
    private let mass = 1.0
    private let length = 1.0

    /// The lowest reward one step can give: the cost at θ = ±π, θ̇ = ±8, u = ±2.
    public static let minimumReward = -(Double.pi * Double.pi + 0.1 * (8.0 * 8.0) + Double(Float(0.001) * (2 * 2)))

    /// The registry's record.
    public static let defaultMetadata = EnvironmentMetadata(
        id: id, version: 1, minimumReward: minimumReward, maximumReward: 0, maxEpisodeSteps: 200, rewardThreshold: nil,
        // A random policy returns about −1,200, a good one −150; the worst possible is about −3,250.
        scoreMapping: .linear(worst: -1600, best: 0))

    /// The gravitational acceleration (Gymnasium's `g`, 10 by default).
    public let gravity: Double
    /// The bound of the initial angle: θ is drawn from `[-x, x)` (Gymnasium's `x_init`).
    public let initialAngleBound: Double
    /// The bound of the initial angular speed: θ̇ is drawn from `[-y, y)` (Gymnasium's `y_init`).
    public let initialSpeedBound: Double

    /// The observations' bounds (Gymnasium's `observation_space`, float32).
    public let observationSpace: Space = .box(BoxSpace(low: [-1, -1, -8], high: [1, 1, 8]))
    /// The actions accepted (Gymnasium's `action_space`).
    public let actionSpace: Space = .box(BoxSpace(low: [-2], high: [2]))
    /// Id, version, reward range, time limit and reward threshold.
    public let metadata = Pendulum.defaultMetadata
    /// The names of the internal state's components, in order.
    public let stateNames = ["theta", "theta_dot"]

    private var theta = 0.0, thetaDot = 0.0
    private var started = false
    private var randomness = EpisodeRandomness()

    /// A pendulum with Gymnasium's defaults, or the given variations.
    public init(gravity: Double = 10.0, initialAngleBound: Double = Double.pi, initialSpeedBound: Double = 1.0) {
        self.gravity = gravity
        self.initialAngleBound = initialAngleBound
        self.initialSpeedBound = initialSpeedBound
    }

    /// A pendulum from registry options: `g` (Gymnasium's keyword) and `x_init`, `y_init` (its
    /// reset options), refusing unknown names.
    public convenience init(options: EnvironmentOptions) throws(EnvironmentError) {
        var options = options
        let gravity = try options.value("g", default: 10.0, environment: Self.id)
        let angle = try options.value("x_init", default: Double.pi, environment: Self.id)
        let speed = try options.value("y_init", default: 1.0, environment: Self.id)
        try options.finish(environment: Self.id)
        self.init(gravity: gravity, initialAngleBound: angle, initialSpeedBound: speed)
    }

    /// The internal state, as Gymnasium's `env.unwrapped.state` holds it.
    public var state: [Double] { [theta, thetaDot] }

    /// Starts an episode from a random state drawn from the environment's Philox generator: a seed
    /// re-seeds it, `nil` continues its stream, and an instance never seeded takes its first seed
    /// from the system's entropy (as Gymnasium's `np_random` does).
    public func reset(seed: UInt64?) -> Reset {
        randomness.reseed(seed)
        // NumPy's uniform(low=-high, high=high): low + (high - low) * u, element by element.
        theta = randomness.uniform(-initialAngleBound, initialAngleBound)
        thetaDot = randomness.uniform(-initialSpeedBound, initialSpeedBound)
        started = true
        return Reset(observation: observation)
    }

    /// Starts an episode from `state` (Gymnasium: setting `env.unwrapped.state`); throws when it
    /// has the wrong length or is not finite.
    public func reset(state: [Double]) throws(EnvironmentError) -> Reset {
        try validate(state: state, names: stateNames, environment: Self.id)
        (theta, thetaDot) = (state[0], state[1])
        started = true
        return Reset(observation: observation)
    }

    private var observation: [Float] { [Float(cos(theta)), Float(sin(theta)), Float(thetaDot)] }

    /// Applies `action` and advances one step. Torques beyond ±2 are clipped (as Gymnasium does);
    /// an action of the wrong kind or size, or not finite, stops with a message naming the
    /// environment and the action.
    public func step(_ action: Action) -> Transition {
        guard case let .continuous(values) = action, values.count == 1, values[0].isFinite else {
            stopOnInvalidAction(action, environment: Self.id, reason: "expected one finite torque")
        }
        if !started { stopOnStepBeforeReset(environment: Self.id) }
        let torque = min(max(values[0], -maxTorque), maxTorque)
        let normalizedAngle = angleNormalize(theta)
        let cost = normalizedAngle * normalizedAngle + 0.1 * (thetaDot * thetaDot) + Double(Float(0.001) * (torque * torque))
        let angularAcceleration = 3 * gravity / (2 * length) * sin(theta) + Double(Float(3.0 / (mass * length * length)) * torque)
        var newThetaDot = thetaDot + angularAcceleration * dt
        newThetaDot = min(max(newThetaDot, -maxSpeed), maxSpeed)
        theta = theta + newThetaDot * dt
        thetaDot = newThetaDot
        return Transition(observation: observation, reward: -cost,
                          terminated: false, truncated: false)
    }

    /// θ shifted into `[-π, π)`: Gymnasium's `((x + π) % (2π)) - π` with NumPy's floored
    /// modulo (the result takes the divisor's sign).
    private func angleNormalize(_ x: Double) -> Double {
        let period = 2 * Double.pi
        var remainder = fmod(x + Double.pi, period)
        if remainder < 0 { remainder += period }
        if remainder == 0 { remainder = 0 }  // +0, as NumPy gives for a positive divisor
        return remainder - Double.pi
    }
}

extension Pendulum: SnapshotEnvironment {
    /// The dynamics' state, the episode's flags and the generator, for resuming training.
    public func snapshot() -> EnvironmentSnapshot {
        EnvironmentSnapshot(kind: Self.id, numbers: [theta, thetaDot, started ? 1 : 0], generator: randomness.state)
    }

    public func restore(_ snapshot: EnvironmentSnapshot) throws(EnvironmentError) {
        let (numbers, started) = try snapshot.dynamics(kind: Self.id, count: 3, finite: 2)
        try randomness.restore(snapshot.generator, environment: Self.id)
        (theta, thetaDot) = (numbers[0], numbers[1])
        self.started = started
    }
}

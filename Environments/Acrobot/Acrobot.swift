import Foundation
import RL

/// Acrobot-v1: swing the free end of a two-link pendulum, actuated only at the joint between
/// the links, above a line one link length over the base (Sutton, "Generalization in
/// reinforcement learning: successful examples using sparse coarse coding", 1996; Sutton and
/// Barto's book, 1998, for the dynamics).
///
/// Reference: Gymnasium 1.4, `gymnasium/envs/classic_control/acrobot.py` (`AcrobotEnv`, from
/// RLPy), registered with `max_episode_steps=500, reward_threshold=-100`. Same constants, the
/// "book" equations of motion, one fourth-order Runge–Kutta step of 0.2 s per action, angles
/// wrapped into `[-π, π]` and angular velocities clipped to `±4π`, `±9π` after the step.
///
/// - State: `theta1, theta2, dtheta1, dtheta2` (`theta2` relative to the first link).
/// - Observation: `cos θ1, sin θ1, cos θ2, sin θ2, dθ1, dθ2`.
/// - Actions: `0, 1, 2` apply a torque of `-1, 0, +1` N·m at the joint.
/// - Reward: `-1` per step, `0` on the terminating step.
/// - Termination: `-cos θ1 - cos(θ1 + θ2) > 1`. Truncation: the registry's time limit.
/// - Start: every state variable uniform in `[-0.1, 0.1)` (options `low`, `high`), rounded to
///   `Float` because Gymnasium stores the initial state as float32.
///
/// Gymnasium's `torque_noise_max` (a class attribute there, 0) is the option of that name;
/// the noise is drawn from the environment's seeded generator. Stepping on after termination
/// without a reset keeps integrating, as Gymnasium does.
public final class Acrobot: StatefulEnvironment {
    /// The registry id.
    public static let id = "Acrobot-v1"

    /// The registry's record.
    public static let defaultMetadata = EnvironmentMetadata(
        id: id, version: 1, minimumReward: -1, maximumReward: 0, maxEpisodeSteps: 500, rewardThreshold: -100,
        scoreMapping: .linear(worst: -500, best: 0))

    /// The largest angular speed of the first link.
    public static let maxVelocity1 = 4 * Double.pi
    /// The largest angular speed of the second link.
    public static let maxVelocity2 = 9 * Double.pi

    // Gymnasium's constants: the time step, link lengths, masses, centres of mass, inertia.
    private let dt = 0.2
    private let linkLength1 = 1.0
    private let linkMass1 = 1.0
    private let linkMass2 = 1.0
    private let linkCenterOfMass1 = 0.5
    private let linkCenterOfMass2 = 0.5
    private let linkMomentOfInertia = 1.0
    private let gravity = 9.8
    private let maxVelocity1 = Acrobot.maxVelocity1
    private let maxVelocity2 = Acrobot.maxVelocity2

    /// The half-width of the uniform noise added to each torque (0: none, Gymnasium's value).
    public let torqueNoiseMax: Double
    /// The lower bound of the initial state variables.
    public let resetLow: Double
    /// The upper bound of the initial state variables.
    public let resetHigh: Double

    /// The observations' bounds (Gymnasium's `observation_space`, float32).
    public let observationSpace: Space = .box(BoxSpace(
        low: [-1, -1, -1, -1, -Float(Acrobot.maxVelocity1), -Float(Acrobot.maxVelocity2)],
        high: [1, 1, 1, 1, Float(Acrobot.maxVelocity1), Float(Acrobot.maxVelocity2)]))
    /// The actions accepted (Gymnasium's `action_space`).
    public let actionSpace: Space = .discrete(DiscreteSpace(3))
    /// Id, version, reward range, time limit and reward threshold.
    public let metadata = Acrobot.defaultMetadata
    /// The names of the internal state's components, in order.
    public let stateNames = ["theta1", "theta2", "dtheta1", "dtheta2"]

    private var current = SIMD4<Double>()
    private var started = false
    private var randomness = EpisodeRandomness()

    /// An acrobot with Gymnasium's defaults, or the given variations.
    public init(torqueNoiseMax: Double = 0, resetLow: Double = -0.1, resetHigh: Double = 0.1) {
        precondition(torqueNoiseMax >= 0, "\(Self.id): torqueNoiseMax must not be negative, got \(torqueNoiseMax)")
        precondition(resetLow <= resetHigh, "\(Self.id): resetLow \(resetLow) exceeds resetHigh \(resetHigh)")
        self.torqueNoiseMax = torqueNoiseMax
        self.resetLow = resetLow
        self.resetHigh = resetHigh
    }

    /// An acrobot from registry options: `low`/`high` (Gymnasium's reset options) and
    /// `torque_noise_max`, refusing unknown names.
    public convenience init(options: EnvironmentOptions) throws(EnvironmentError) {
        var options = options
        let noise = try options.value("torque_noise_max", default: 0, range: 0...Double.greatestFiniteMagnitude, environment: Self.id)
        let bounds = try options.resetBounds(defaultLow: -0.1, defaultHigh: 0.1, environment: Self.id)
        try options.finish(environment: Self.id)
        self.init(torqueNoiseMax: noise, resetLow: bounds.low, resetHigh: bounds.high)
    }

    /// The internal state, as Gymnasium's `env.unwrapped.state` holds it.
    public var state: [Double] { [current[0], current[1], current[2], current[3]] }

    /// Starts an episode from a random state drawn from the environment's Philox generator: a seed
    /// re-seeds it, `nil` continues its stream, and an instance never seeded takes its first seed
    /// from the system's entropy (as Gymnasium's `np_random` does).
    public func reset(seed: UInt64?) -> Reset {
        randomness.reseed(seed)
        for index in 0..<4 { current[index] = Double(Float(randomness.uniform(resetLow, resetHigh))) }
        started = true
        return Reset(observation: observation)
    }

    /// Starts an episode from `state` (Gymnasium: setting `env.unwrapped.state`); throws when it
    /// has the wrong length or is not finite.
    public func reset(state: [Double]) throws(EnvironmentError) -> Reset {
        try validate(state: state, names: stateNames, environment: Self.id)
        current = SIMD4(state[0], state[1], state[2], state[3])
        started = true
        return Reset(observation: observation)
    }

    private var observation: [Float] {
        [Float(cos(current[0])), Float(sin(current[0])), Float(cos(current[1])), Float(sin(current[1])),
         Float(current[2]), Float(current[3])]
    }

    /// Applies `action` and advances one step; stops with a message naming the environment and
    /// the action for an action outside the action space.
    public func step(_ action: Action) -> Transition {
        guard case let .discrete(index) = action, (0...2).contains(index) else {
            stopOnInvalidAction(action, environment: Self.id, reason: "expected 0, 1 or 2 (torque -1, 0, +1)")
        }
        if !started { stopOnStepBeforeReset(environment: Self.id) }
        var torque = Double(index - 1)
        if torqueNoiseMax > 0 { torque += randomness.uniform(-torqueNoiseMax, torqueNoiseMax) }
        var next = rungeKutta4(current, torque: torque)
        next[0] = wrap(next[0], -Double.pi, Double.pi)
        next[1] = wrap(next[1], -Double.pi, Double.pi)
        next[2] = min(max(next[2], -maxVelocity1), maxVelocity1)
        next[3] = min(max(next[3], -maxVelocity2), maxVelocity2)
        current = next
        let terminated = -cos(next[0]) - cos(next[1] + next[0]) > 1.0
        return Transition(observation: observation, reward: terminated ? 0 : -1,
                          terminated: terminated, truncated: false)
    }

    /// One classical Runge–Kutta step of length `dt` (Gymnasium's `rk4` over `[0, dt]`), the
    /// torque held constant; sums in Gymnasium's order.
    private func rungeKutta4(_ y: SIMD4<Double>, torque: Double) -> SIMD4<Double> {
        let halfStep = dt / 2.0
        let k1 = derivatives(y, torque: torque)
        let k2 = derivatives(y + halfStep * k1, torque: torque)
        let k3 = derivatives(y + halfStep * k2, torque: torque)
        let k4 = derivatives(y + dt * k3, torque: torque)
        return y + dt / 6.0 * (k1 + 2 * k2 + 2 * k3 + k4)
    }

    /// The time derivative of the state under `torque`: Gymnasium's `_dsdt` with the "book"
    /// equation for the second link's acceleration.
    private func derivatives(_ s: SIMD4<Double>, torque a: Double) -> SIMD4<Double> {
        let (m1, m2, l1) = (linkMass1, linkMass2, linkLength1)
        let (lc1, lc2) = (linkCenterOfMass1, linkCenterOfMass2)
        let (i1, i2, g) = (linkMomentOfInertia, linkMomentOfInertia, gravity)
        let (theta1, theta2, dtheta1, dtheta2) = (s[0], s[1], s[2], s[3])
        let cosTheta2 = cos(theta2), sinTheta2 = sin(theta2)
        let d1 = m1 * (lc1 * lc1) + m2 * (l1 * l1 + lc2 * lc2 + 2 * l1 * lc2 * cosTheta2) + i1 + i2
        let d2 = m2 * (lc2 * lc2 + l1 * lc2 * cosTheta2) + i2
        let phi2 = m2 * lc2 * g * cos(theta1 + theta2 - Double.pi / 2.0)
        let phi1 = -m2 * l1 * lc2 * (dtheta2 * dtheta2) * sinTheta2
            - 2 * m2 * l1 * lc2 * dtheta2 * dtheta1 * sinTheta2
            + (m1 * lc1 + m2 * l1) * g * cos(theta1 - Double.pi / 2)
            + phi2
        let ddtheta2 = (a + d2 / d1 * phi1 - m2 * l1 * lc2 * (dtheta1 * dtheta1) * sinTheta2 - phi2)
            / (m2 * (lc2 * lc2) + i2 - (d2 * d2) / d1)
        let ddtheta1 = -(d2 * ddtheta2 + phi1) / d1
        return SIMD4(dtheta1, dtheta2, ddtheta1, ddtheta2)
    }

    /// `x` shifted by whole periods into `[low, high]`, by repeated steps as Gymnasium's `wrap`
    /// (so values agree bit for bit); far-off values jump most of the way first.
    private func wrap(_ x: Double, _ low: Double, _ high: Double) -> Double {
        let period = high - low
        var x = x
        if abs(x) > 64 * period { x -= (x / period).rounded(.towardZero) * period }
        while x > high { x -= period }
        while x < low { x += period }
        return x
    }
}

extension Acrobot: SnapshotEnvironment {
    /// The dynamics' state, the episode's flags and the generator, for resuming training.
    public func snapshot() -> EnvironmentSnapshot {
        EnvironmentSnapshot(kind: Self.id, numbers: [current[0], current[1], current[2], current[3], started ? 1 : 0], generator: randomness.state)
    }

    public func restore(_ snapshot: EnvironmentSnapshot) throws(EnvironmentError) {
        let (numbers, started) = try snapshot.dynamics(kind: Self.id, count: 5, finite: 4)
        try randomness.restore(snapshot.generator, environment: Self.id)
        current = SIMD4(numbers[0], numbers[1], numbers[2], numbers[3])
        self.started = started
    }
}

import CFrontierSystem
import Foundation
import RL

/// CartPole-v1: balance a pole hinged on a cart by pushing the cart left or right (Barto,
/// Sutton and Anderson, "Neuronlike adaptive elements that can solve difficult learning
/// control problems", 1983).
///
/// Reference: Gymnasium 1.4, `gymnasium/envs/classic_control/cartpole.py` (`CartPoleEnv`),
/// registered with `max_episode_steps=500, reward_threshold=475`. Same constants, dynamics,
/// integrator, termination, rewards, spaces and initial-state range; the state is integrated
/// in `Double` (Gymnasium's float64) and observed as `Float` (its float32 observations), so a
/// trajectory from the same state under the same actions matches Gymnasium's.
///
/// - Observation: `x, x_dot, theta, theta_dot` (bounds ±4.8, ±∞, ±0.418879 rad, ±∞).
/// - Actions: `0` pushes the cart left, `1` right, with a force of 10 N.
/// - Reward: `1` for every step including the terminating one (`sutton_barto_reward`: `0`,
///   and `-1` on the terminating step).
/// - Termination: `|x| > 2.4` or `|theta| > 12°`. Truncation: the registry's time limit.
/// - Start: every state variable uniform in `[-0.05, 0.05)` (options `low`, `high`).
///
/// Stepping on after termination without a reset keeps integrating, as Gymnasium does (it
/// only logs a warning): reward `0` (Sutton–Barto: `-1`) on those steps.
public final class CartPole: StatefulEnvironment {
    /// How positions follow velocities in one step.
    public enum Integrator: Sendable, Equatable {
        /// Positions advance with the old velocities (Gymnasium's default, `"euler"`).
        case euler
        /// Velocities first, then positions with the new velocities (`"semi-implicit euler"`).
        case semiImplicitEuler
    }

    /// The registry id.
    public static let id = "CartPole-v1"

    /// The registry's record with the default options.
    public static let defaultMetadata = EnvironmentMetadata(
        id: id, version: 1, minimumReward: 0, maximumReward: 1, maxEpisodeSteps: 500, rewardThreshold: 475,
        scoreMapping: .linear(worst: 0, best: 500))

    // Gymnasium's constants (SI units); `length` is half the pole's length.
    private let gravity = 9.8
    private let massCart = 1.0
    private let massPole = 0.1
    private let totalMass: Double
    private let length = 0.5
    private let poleMassLength: Double
    private let forceMagnitude = 10.0
    private let tau = 0.02
    // Instance copies of the thresholds keep lazily initialised globals out of `step`.
    private let thetaThreshold = CartPole.thetaThreshold
    private let xThreshold = CartPole.xThreshold

    /// The pole angle beyond which an episode terminates: 12° in radians.
    public static let thetaThreshold = 12 * 2 * Double.pi / 360
    /// The cart position beyond which an episode terminates.
    public static let xThreshold = 2.4

    /// The integrator of the equations of motion.
    public let integrator: Integrator
    /// Whether rewards follow Sutton and Barto's original (`0` per step, `-1` on failure).
    public let suttonBartoReward: Bool
    /// The lower bound of the initial state variables.
    public let resetLow: Double
    /// The upper bound of the initial state variables.
    public let resetHigh: Double

    /// The observations' bounds (Gymnasium's `observation_space`, float32).
    public let observationSpace: Space
    /// The actions accepted (Gymnasium's `action_space`).
    public let actionSpace: Space = .discrete(DiscreteSpace(2))
    /// Id, version, reward range, time limit and reward threshold.
    public let metadata: EnvironmentMetadata
    /// The names of the internal state's components, in order.
    public let stateNames = ["x", "x_dot", "theta", "theta_dot"]

    /// Everything `step` reads and writes, in one stored property.
    private struct Episode {
        var x = 0.0, xDot = 0.0, theta = 0.0, thetaDot = 0.0
        var started = false
        /// Gymnasium's `steps_beyond_terminated`: -1 while the episode runs (its `None`).
        var stepsBeyondTerminated = -1
    }

    // Speed: the stored properties `step` touches opt out of Swift's run-time exclusivity check
    // (a call into the runtime per access, a tenth of a step). The check only catches an access
    // that begins while another to the same property is under way; `step` and `reset` never call
    // out while they hold one, and an environment is used by one thread at a time.
    @exclusivity(unchecked) private var episode = Episode()
    /// The last observation handed out. Copy-on-write makes reusing it safe: once the caller has
    /// dropped the previous transition (as a training loop or vector environment does), the next
    /// observation is written in place instead of allocating a new array every step.
    @exclusivity(unchecked) private var observationBuffer = [Float](repeating: 0, count: 4)
    @exclusivity(unchecked) private var randomness = EpisodeRandomness()

    /// A cart-pole with Gymnasium's defaults, or the given variations.
    public init(suttonBartoReward: Bool = false, integrator: Integrator = .euler,
                resetLow: Double = -0.05, resetHigh: Double = 0.05) {
        precondition(resetLow <= resetHigh, "\(Self.id): resetLow \(resetLow) exceeds resetHigh \(resetHigh)")
        self.suttonBartoReward = suttonBartoReward
        self.integrator = integrator
        self.resetLow = resetLow
        self.resetHigh = resetHigh
        totalMass = massPole + massCart
        poleMassLength = massPole * length
        let high: [Float] = [Float(Self.xThreshold * 2), .infinity, Float(Self.thetaThreshold * 2), .infinity]
        observationSpace = .box(BoxSpace(low: high.map { -$0 }, high: high))
        var metadata = Self.defaultMetadata
        if suttonBartoReward {
            (metadata.minimumReward, metadata.maximumReward) = (-1, 0)
            // Only the failing step is rewarded (−1): an episode scores 1 when it never falls.
            metadata.scoreMapping = .linear(worst: -1, best: 0)
        }
        self.metadata = metadata
    }

    /// A cart-pole from registry options: `sutton_barto_reward` (Gymnasium's keyword),
    /// `low`/`high` (its reset options) and `semi_implicit_euler` (its
    /// `kinematics_integrator` attribute), all refusing unknown names.
    public convenience init(options: EnvironmentOptions) throws(EnvironmentError) {
        var options = options
        let suttonBarto = try options.flag("sutton_barto_reward", default: false, environment: Self.id)
        let semiImplicit = try options.flag("semi_implicit_euler", default: false, environment: Self.id)
        let bounds = try options.resetBounds(defaultLow: -0.05, defaultHigh: 0.05, environment: Self.id)
        try options.finish(environment: Self.id)
        self.init(suttonBartoReward: suttonBarto, integrator: semiImplicit ? .semiImplicitEuler : .euler,
                  resetLow: bounds.low, resetHigh: bounds.high)
    }

    /// The internal state, as Gymnasium's `env.unwrapped.state` holds it.
    public var state: [Double] { [episode.x, episode.xDot, episode.theta, episode.thetaDot] }

    /// Starts an episode from a random state drawn from the environment's Philox generator: a seed
    /// re-seeds it, `nil` continues its stream, and an instance never seeded takes its first seed
    /// from the system's entropy (as Gymnasium's `np_random` does).
    public func reset(seed: UInt64?) -> Reset {
        randomness.reseed(seed)
        var episode = Episode(started: true)
        episode.x = randomness.uniform(resetLow, resetHigh)
        episode.xDot = randomness.uniform(resetLow, resetHigh)
        episode.theta = randomness.uniform(resetLow, resetHigh)
        episode.thetaDot = randomness.uniform(resetLow, resetHigh)
        self.episode = episode
        return Reset(observation: observation(episode))
    }

    /// Starts an episode from `state` (Gymnasium: setting `env.unwrapped.state`); throws when it
    /// has the wrong length or is not finite.
    public func reset(state: [Double]) throws(EnvironmentError) -> Reset {
        try validate(state: state, names: stateNames, environment: Self.id)
        episode = Episode(x: state[0], xDot: state[1], theta: state[2], thetaDot: state[3], started: true)
        return Reset(observation: observation(episode))
    }

    /// The observation of `episode`, written into ``observationBuffer`` (in place once the
    /// caller has dropped the previous one) and returned.
    private func observation(_ episode: Episode) -> [Float] {
        observationBuffer.withUnsafeMutableBufferPointer { write(episode, into: $0) }
        return observationBuffer
    }

    /// Writes the float32 observation of `episode` into `buffer`, which holds four values.
    private func write(_ episode: Episode, into buffer: UnsafeMutableBufferPointer<Float>) {
        buffer[0] = Float(episode.x)
        buffer[1] = Float(episode.xDot)
        buffer[2] = Float(episode.theta)
        buffer[3] = Float(episode.thetaDot)
    }

    /// Applies `action` and advances one step; stops with a message naming the environment and
    /// the action for an action outside the action space.
    public func step(_ action: Action) -> Transition {
        let (reward, terminated) = advance(action)
        return Transition(observation: observation(episode), reward: reward, terminated: terminated, truncated: false)
    }

    /// ``step(_:)`` into the caller's transition: the observation is written into its array.
    public func step(_ action: Action, into transition: inout Transition) {
        let (reward, terminated) = advance(action)
        let episode = episode  // read before the calls below: from advance's registers, not memory
        if transition.observation.count != 4 { transition.observation = [Float](repeating: 0, count: 4) }
        transition.observation.withUnsafeMutableBufferPointer { write(episode, into: $0) }
        transition.reward = reward
        transition.terminated = terminated
        transition.truncated = false
        transition.info = Info()
    }

    /// One step of the dynamics: Gymnasium's step, with the integrator chosen before it.
    ///
    /// Speed (measured on an Intel Xeon, where these took a CartPole step from 20M to 26M steps/s
    /// in a loop that keeps one transition): `advance` is always inlined, with `semiImplicit` a
    /// constant in each branch, so each copy holds only its own integrator. With the choice made
    /// inside, the compiler computed both and selected one, and the next step's angle then waited
    /// for this step's angular acceleration instead of overlapping with it. Inlined, the steps
    /// also write the observation from the registers that hold the new state.
    @inline(__always)
    private func advance(_ action: Action) -> (reward: Double, terminated: Bool) {
        switch integrator {
        case .euler: advance(action, semiImplicit: false)
        case .semiImplicitEuler: advance(action, semiImplicit: true)
        }
    }

    /// Integrates the dynamics one step with the integrator `semiImplicit` names and returns the
    /// reward and whether the new state is terminal.
    @inline(__always)
    private func advance(_ action: Action, semiImplicit: Bool) -> (reward: Double, terminated: Bool) {
        guard case let .discrete(index) = action, index == 0 || index == 1 else {
            stopOnInvalidAction(action, environment: Self.id, reason: "expected 0 (push left) or 1 (push right)")
        }
        if !episode.started { stopOnStepBeforeReset(environment: Self.id) }
        var (x, xDot, theta, thetaDot) = (episode.x, episode.xDot, episode.theta, episode.thetaDot)
        let force = index == 1 ? forceMagnitude : -forceMagnitude
        // One call for both; glibc's sincos gives exactly its sin and cos, which Python's
        // math.sin and math.cos call.
        var sinTheta = 0.0, cosTheta = 0.0
        frontier_sincos(theta, &sinTheta, &cosTheta)
        // The operations in Gymnasium's order, so results agree to the last bit.
        let temp = (force + poleMassLength * (thetaDot * thetaDot) * sinTheta) / totalMass
        let thetaAcceleration = (gravity * sinTheta - cosTheta * temp)
            / (length * (4.0 / 3.0 - massPole * (cosTheta * cosTheta) / totalMass))
        let xAcceleration = temp - poleMassLength * thetaAcceleration * cosTheta / totalMass
        if semiImplicit {
            xDot = xDot + tau * xAcceleration
            x = x + tau * xDot
            thetaDot = thetaDot + tau * thetaAcceleration
            theta = theta + tau * thetaDot
        } else {
            x = x + tau * xDot
            xDot = xDot + tau * xAcceleration
            theta = theta + tau * thetaDot
            thetaDot = thetaDot + tau * thetaAcceleration
        }
        let terminated = x < -xThreshold || x > xThreshold || theta < -thetaThreshold || theta > thetaThreshold
        let reward: Double
        if !terminated {
            reward = suttonBartoReward ? 0 : 1
        } else if episode.stepsBeyondTerminated < 0 {
            episode.stepsBeyondTerminated = 0
            reward = suttonBartoReward ? -1 : 1
        } else {
            episode.stepsBeyondTerminated += 1
            reward = suttonBartoReward ? -1 : 0
        }
        (episode.x, episode.xDot, episode.theta, episode.thetaDot) = (x, xDot, theta, thetaDot)
        return (reward, terminated)
    }
}

extension CartPole: SnapshotEnvironment {
    /// The dynamics' state, the episode's flags and the generator, for resuming training.
    public func snapshot() -> EnvironmentSnapshot {
        EnvironmentSnapshot(kind: Self.id, numbers: [episode.x, episode.xDot, episode.theta, episode.thetaDot, Double(episode.stepsBeyondTerminated), episode.started ? 1 : 0], generator: randomness.state)
    }

    public func restore(_ snapshot: EnvironmentSnapshot) throws(EnvironmentError) {
        let (numbers, started) = try snapshot.dynamics(kind: Self.id, count: 6, finite: 4)
        guard numbers[4] >= -1, numbers[4] == numbers[4].rounded(), numbers[4] < 1e15 else {
            throw .invalidState(environment: Self.id, reason: "the saved state's counter is not a count")
        }
        try randomness.restore(snapshot.generator, environment: Self.id)
        episode = Episode(x: numbers[0], xDot: numbers[1], theta: numbers[2], thetaDot: numbers[3],
                          started: started, stepsBeyondTerminated: Int(numbers[4]))
    }
}

import Foundation
import RL

/// `count` CartPole-v1 environments stepped together from an array of actions, stored as
/// structure-of-arrays (one array per state variable) so one step of all of them is a few
/// plain loops the compiler vectorises: the batched counterpart of gymnax's `vmap`ped CartPole.
///
/// Environment `i` follows ``CartPole`` wrapped in ``TimeLimit`` (500 steps) bit for bit:
/// Gymnasium's float64 dynamics in the same operation order, float32 observations, reward `1`
/// on every step, `terminated` on `|x| > 2.4` or `|theta| > 12°`, `truncated` at the time limit.
/// Only Gymnasium's default options (Euler integrator, standard reward); ``CartPole`` has the
/// variations.
///
/// **Seeding.** `reset(seed: s)` gives environment `i` the generator `CartPole().reset(seed: s + i)`
/// would use, as ``VectorEnvironment`` does; `nil` continues every environment's stream.
///
/// **Autoreset: same step** (``VectorEnvironment``'s and gymnax's convention). An environment
/// whose episode ends in a `step` is reset, drawing from its own generator, within that call:
/// its row of ``observations`` is the new episode's first, its row of ``finalObservations``
/// the observation the finished episode ended on.
public final class CartPoleBatch {
    /// The number of environments.
    public let count: Int
    /// The number of steps after which an episode is truncated (the registry's 500).
    public let maxEpisodeSteps: Int
    /// The bounds of the uniform initial state variables.
    public let resetLow: Double, resetHigh: Double
    /// The largest batch accepted: far beyond any use, small enough that no size overflows.
    public static let maximumCount = 1 << 26

    /// `count × 4` values, row-major: environment `i`'s observation `x, x_dot, theta, theta_dot`
    /// is row `i`. After a `step`, finished environments already show their next episode's first.
    public private(set) var observations: [Float]
    /// `count × 4` values: row `i` is the last observation of the episode environment `i` just
    /// finished; only rows where `terminated[i] || truncated[i]` are meaningful.
    public private(set) var finalObservations: [Float]
    /// The last step's rewards: `1` everywhere (CartPole-v1 rewards every step, the
    /// terminating one included, and autoreset means no step follows a termination).
    public private(set) var rewards: [Double]
    /// Whether each environment's last step ended in a terminal state.
    public private(set) var terminated: [Bool]
    /// Whether each environment's last step reached the time limit.
    public private(set) var truncated: [Bool]

    /// The state, one array per variable (in Double, as Gymnasium integrates it), the step
    /// counters and the generators. They live in memory the batch allocates and owns rather
    /// than in Swift arrays: a class's array properties cost an exclusivity check and a
    /// uniqueness check on every access, which the per-environment reset path would pay
    /// thousands of times a step.
    private let x: UnsafeMutableBufferPointer<Double>, xDot: UnsafeMutableBufferPointer<Double>
    private let theta: UnsafeMutableBufferPointer<Double>, thetaDot: UnsafeMutableBufferPointer<Double>
    // Scratch for the trigonometry pass (see `computeTrigonometry`).
    private let cosTheta: UnsafeMutableBufferPointer<Double>, sinTheta: UnsafeMutableBufferPointer<Double>
    private let steps: UnsafeMutableBufferPointer<Int>
    private let randomness: UnsafeMutableBufferPointer<EpisodeRandomness>
    private var isReset = false

    /// `count` environments with Gymnasium's defaults; throws for a count outside
    /// `1...maximumCount`, a non-positive time limit or reset bounds out of order.
    public init(count: Int, maxEpisodeSteps: Int = 500, resetLow: Double = -0.05, resetHigh: Double = 0.05)
        throws(EnvironmentError) {
        guard count > 0, count <= Self.maximumCount else {
            throw .invalidOption(environment: Self.name, option: "count", reason: "must be in 1...\(Self.maximumCount), got \(count)")
        }
        guard maxEpisodeSteps > 0 else {
            throw .invalidOption(environment: Self.name, option: "max_episode_steps", reason: "must be positive, got \(maxEpisodeSteps)")
        }
        guard resetLow.isFinite, resetHigh.isFinite, resetLow <= resetHigh else {
            throw .invalidOption(environment: Self.name, option: "low", reason: "need finite low <= high, got \(resetLow) and \(resetHigh)")
        }
        self.count = count
        self.maxEpisodeSteps = maxEpisodeSteps
        self.resetLow = resetLow
        self.resetHigh = resetHigh
        observations = [Float](repeating: 0, count: count * 4)
        finalObservations = observations
        rewards = [Double](repeating: 0, count: count)
        terminated = [Bool](repeating: false, count: count)
        truncated = terminated
        func zeros() -> UnsafeMutableBufferPointer<Double> {
            let buffer = UnsafeMutableBufferPointer<Double>.allocate(capacity: count)
            buffer.initialize(repeating: 0)
            return buffer
        }
        x = zeros()
        xDot = zeros()
        theta = zeros()
        thetaDot = zeros()
        cosTheta = zeros()
        sinTheta = zeros()
        steps = .allocate(capacity: count)
        steps.initialize(repeating: 0)
        randomness = .allocate(capacity: count)
        randomness.initialize(repeating: EpisodeRandomness())
    }

    deinit {
        for buffer in [x, xDot, theta, thetaDot, cosTheta, sinTheta] { buffer.deallocate() }
        steps.deallocate()
        randomness.deinitialize()
        randomness.deallocate()
    }

    /// The name errors carry.
    static let name = "CartPole-v1 batch"

    /// Steps taken in each environment's current episode.
    public var elapsedSteps: [Int] { Array(steps) }

    /// The internal state of environment `index`, as ``CartPole/state`` holds it.
    public func state(_ index: Int) -> [Double] {
        precondition((0..<count).contains(index), "CartPoleBatch.state: index \(index) outside 0..<\(count)")
        return [x[index], xDot[index], theta[index], thetaDot[index]]
    }

    /// The observation of environment `index` (row `index` of ``observations``).
    public func observation(_ index: Int) -> [Float] { Array(observations[(4 * index)..<(4 * index + 4)]) }

    /// Starts every environment's episode: environment `i` re-seeded with `seed + i` (wrapping),
    /// or continuing its stream when `seed` is nil (an environment never seeded takes its
    /// first seed from the system's entropy, as ``CartPole`` does).
    public func reset(seed: UInt64?) {
        observations.withUnsafeMutableBufferPointer { observations in
            for index in 0..<count {
                randomness[index].reseed(seed.map { $0 &+ UInt64(index) })
                startEpisode(index, observations: observations)
            }
        }
        isReset = true
    }

    /// Starts environment `index`'s episode from `state` (Gymnasium: setting
    /// `env.unwrapped.state`); the others are untouched. Throws for an index out of range or a
    /// state of the wrong length or not finite.
    public func reset(_ index: Int, state: [Double]) throws(EnvironmentError) {
        guard (0..<count).contains(index) else {
            throw .invalidState(environment: Self.name, reason: "environment \(index) is outside 0..<\(count)")
        }
        try validate(state: state, names: ["x", "x_dot", "theta", "theta_dot"], environment: Self.name)
        (x[index], xDot[index], theta[index], thetaDot[index]) = (state[0], state[1], state[2], state[3])
        steps[index] = 0
        observations.withUnsafeMutableBufferPointer { writeObservation(index, into: $0) }
    }

    /// Draws environment `index`'s initial state from its generator, in ``CartPole``'s order.
    private func startEpisode(_ index: Int, observations: UnsafeMutableBufferPointer<Float>) {
        x[index] = randomness[index].uniform(resetLow, resetHigh)
        xDot[index] = randomness[index].uniform(resetLow, resetHigh)
        theta[index] = randomness[index].uniform(resetLow, resetHigh)
        thetaDot[index] = randomness[index].uniform(resetLow, resetHigh)
        steps[index] = 0
        writeObservation(index, into: observations)
    }

    private func writeObservation(_ index: Int, into observations: UnsafeMutableBufferPointer<Float>) {
        observations[4 * index] = Float(x[index])
        observations[4 * index + 1] = Float(xDot[index])
        observations[4 * index + 2] = Float(theta[index])
        observations[4 * index + 3] = Float(thetaDot[index])
    }

    /// Steps environment `i` with `actions[i]` (`0` pushes left, `1` right) and resets, in the
    /// same call, the environments whose episode ended. Throws, changing nothing, when there
    /// are not ``count`` actions, an action is not 0 or 1, or no reset came first.
    public func step(_ actions: [Int]) throws(EnvironmentError) {
        guard actions.count == count else {
            throw .invalidAction(environment: Self.name, action: "array of \(actions.count)",
                                 reason: "expected \(count) actions, one per environment")
        }
        // OR-ing every action's bits above the lowest finds a bad one without a branch per
        // element (the check vectorises); the slow search runs only to name it.
        var stray = 0
        for action in actions { stray |= action & ~1 }
        if stray != 0, let index = actions.firstIndex(where: { $0 != 0 && $0 != 1 }) {
            throw .invalidAction(environment: Self.name, action: "\(actions[index]) at index \(index)",
                                 reason: "expected 0 (push left) or 1 (push right)")
        }
        guard isReset else {
            throw .invalidState(environment: Self.name, reason: "call reset(seed:) before the first step")
        }
        computeTrigonometry()
        observations.withUnsafeMutableBufferPointer { observations in
        finalObservations.withUnsafeMutableBufferPointer { finalObservations in
        rewards.withUnsafeMutableBufferPointer { rewards in
        terminated.withUnsafeMutableBufferPointer { terminated in
        truncated.withUnsafeMutableBufferPointer { truncated in
        actions.withUnsafeBufferPointer { actions in
            integrate(actions, observations: observations, rewards: rewards, terminated: terminated, truncated: truncated)
            // The third pass: environments whose episode ended keep its last observation and
            // start the next one. Episodes end every ~20 steps under random actions, so this is
            // a scan with a rare, scalar body.
            for index in 0..<count where terminated[index] || truncated[index] {
                for component in 4 * index..<(4 * index + 4) { finalObservations[component] = observations[component] }
                startEpisode(index, observations: observations)
            }
        }}}}}}
    }

    /// The first pass: cos and sin of every angle. They are libm's scalar calls (the ones
    /// Gymnasium's `math.cos` makes, so results agree to the last bit); a loop holding a call
    /// does not vectorise, so they get a loop of their own and the dynamics a call-free one.
    private func computeTrigonometry() {
        for index in 0..<count {
            cosTheta[index] = cos(theta[index])
            sinTheta[index] = sin(theta[index])
        }
    }

    /// The second pass: ``CartPole/step(_:)``'s Euler step for every environment, with the
    /// termination test, the time limit and the observation. Written over raw buffers with no
    /// branch, call or bounds check in the body, which is what lets it vectorise.
    private func integrate(_ actions: UnsafeBufferPointer<Int>, observations: UnsafeMutableBufferPointer<Float>,
                           rewards: UnsafeMutableBufferPointer<Double>, terminated: UnsafeMutableBufferPointer<Bool>,
                           truncated: UnsafeMutableBufferPointer<Bool>) {
        // Gymnasium's constants, computed as CartPole computes them.
        let gravity = 9.8, massCart = 1.0, massPole = 0.1, length = 0.5, forceMagnitude = 10.0, tau = 0.02
        let totalMass = massPole + massCart, poleMassLength = massPole * length
        let xThreshold = CartPole.xThreshold, thetaThreshold = CartPole.thetaThreshold
        let limit = maxEpisodeSteps
        // Local copies of the buffers: read from `self` inside the loop, they would have to be
        // reloaded after every store, which the compiler cannot prove leaves `self` alone.
        let (x, xDot, theta, thetaDot, cosTheta, sinTheta, steps) = (x, xDot, theta, thetaDot, cosTheta, sinTheta, steps)
        for index in 0..<count {
            let force = actions[index] == 1 ? forceMagnitude : -forceMagnitude
            let cosine = cosTheta[index], sine = sinTheta[index]
            let velocity = xDot[index], angularVelocity = thetaDot[index]
            // The operations in Gymnasium's order, so results agree to the last bit.
            let temp = (force + poleMassLength * (angularVelocity * angularVelocity) * sine) / totalMass
            let thetaAcceleration = (gravity * sine - cosine * temp)
                / (length * (4.0 / 3.0 - massPole * (cosine * cosine) / totalMass))
            let xAcceleration = temp - poleMassLength * thetaAcceleration * cosine / totalMass
            let newX = x[index] + tau * velocity
            let newTheta = theta[index] + tau * angularVelocity
            let newXDot = velocity + tau * xAcceleration
            let newThetaDot = angularVelocity + tau * thetaAcceleration
            (x[index], xDot[index], theta[index], thetaDot[index]) = (newX, newXDot, newTheta, newThetaDot)
            observations[4 * index] = Float(newX)
            observations[4 * index + 1] = Float(newXDot)
            observations[4 * index + 2] = Float(newTheta)
            observations[4 * index + 3] = Float(newThetaDot)
            let elapsed = steps[index] &+ 1
            steps[index] = elapsed
            rewards[index] = 1
            terminated[index] = newX < -xThreshold || newX > xThreshold
                || newTheta < -thetaThreshold || newTheta > thetaThreshold
            truncated[index] = elapsed >= limit
        }
    }
}

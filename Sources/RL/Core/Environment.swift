/// A task an agent acts in, with Gymnasium's semantics.
///
/// `reset(seed:)` starts an episode; a seed re-seeds the environment's generator, `nil`
/// continues its stream (so consecutive episodes differ, as in Gymnasium). `step(_:)` applies
/// one action and returns a ``Transition``. After a transition with `terminated` or
/// `truncated`, the caller must reset before stepping again.
///
/// Environments are classes: wrappers and vector environments hold and advance them. One
/// instance is used by one thread at a time.
public protocol Environment: AnyObject {
    /// The values observations take (flattened to `[Float]`).
    var observationSpace: Space { get }
    /// The actions the environment accepts.
    var actionSpace: Space { get }
    /// Id, version, reward range, time limit.
    var metadata: EnvironmentMetadata { get }

    /// Starts an episode; with a seed, the episode (and those after it) are a function of it.
    func reset(seed: UInt64?) -> Reset

    /// Applies `action` (which must belong to ``actionSpace``) and advances one step.
    func step(_ action: Action) -> Transition

    /// ``step(_:)`` writing its result over `transition`, a value the caller keeps from step to
    /// step. The observation goes into `transition`'s own array when that array has the right
    /// length and is not shared, so a loop that reuses one transition neither allocates nor
    /// reference-counts an observation per step. The result is the same as `step(_:)`'s; the
    /// default implementation is `transition = step(action)`.
    func step(_ action: Action, into transition: inout Transition)
}

extension Environment {
    /// `transition = step(action)`: environments without a cheaper in-place step, and wrappers
    /// that change the observation, get this.
    public func step(_ action: Action, into transition: inout Transition) {
        transition = step(action)
    }

    /// Starts an episode, continuing the generator's stream.
    public func reset() -> Reset { reset(seed: nil) }

    /// The innermost environment, below every wrapper.
    public var unwrapped: any Environment {
        var current: any Environment = self
        while let wrapper = current as? any EnvironmentWrapper { current = wrapper.inner }
        return current
    }
}

/// An environment whose internal state can be read and set, so that a trajectory can be
/// replayed from any state (`frontier env replay --state`) and compared with another
/// implementation.
public protocol StatefulEnvironment: Environment {
    /// The names of the state's components, in order (CartPole: `x, x_dot, theta, theta_dot`).
    var stateNames: [String] { get }
    /// The internal state (what the dynamics integrate), in the order of ``stateNames``.
    var state: [Double] { get }
    /// Starts an episode from `state` instead of a random one and returns its observation.
    /// Throws ``EnvironmentError/invalidState(environment:reason:)`` when the state has the
    /// wrong length or is not finite.
    func reset(state: [Double]) throws(EnvironmentError) -> Reset
}

/// An environment that adds behaviour around another one.
public protocol EnvironmentWrapper: Environment {
    /// The wrapped environment.
    var inner: any Environment { get }
}

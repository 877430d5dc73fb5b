/// Truncates episodes after a number of steps (Gymnasium's `TimeLimit`): the step that reaches
/// the limit returns `truncated = true`, also when the episode terminated on it (then both
/// flags are set, as in Gymnasium; termination wins for value targets).
public final class TimeLimit: EnvironmentWrapper {
    /// The wrapped environment.
    public let inner: any Environment
    /// The number of steps after which an episode is truncated.
    public let maxEpisodeSteps: Int
    // Unchecked exclusivity: `step` and `reset` touch the counter without calling out while they
    // hold it, so the run-time check (a call into the runtime every step) could never fire.
    /// Steps taken in the current episode.
    @exclusivity(unchecked) public private(set) var elapsedSteps = 0

    /// Wraps `inner` with a limit of `maxEpisodeSteps` steps.
    public init(_ inner: any Environment, maxEpisodeSteps: Int) {
        precondition(maxEpisodeSteps > 0, "TimeLimit: maxEpisodeSteps must be positive, got \(maxEpisodeSteps)")
        self.inner = inner
        self.maxEpisodeSteps = maxEpisodeSteps
    }

    public var observationSpace: Space { inner.observationSpace }
    public var actionSpace: Space { inner.actionSpace }
    public var metadata: EnvironmentMetadata {
        var metadata = inner.metadata
        metadata.maxEpisodeSteps = maxEpisodeSteps
        return metadata
    }

    public func reset(seed: UInt64?) -> Reset {
        elapsedSteps = 0
        return inner.reset(seed: seed)
    }

    public func step(_ action: Action) -> Transition {
        var transition = inner.step(action)
        elapsedSteps += 1
        if elapsedSteps >= maxEpisodeSteps { transition.truncated = true }
        return transition
    }

    public func step(_ action: Action, into transition: inout Transition) {
        inner.step(action, into: &transition)
        elapsedSteps += 1
        if elapsedSteps >= maxEpisodeSteps { transition.truncated = true }
    }

    /// Starts an episode from `state` when the wrapped environment can set its state (the step
    /// count restarts too); throws ``EnvironmentError/invalidState(environment:reason:)``
    /// otherwise.
    public func reset(state: [Double]) throws(EnvironmentError) -> Reset {
        guard let stateful = inner as? any StatefulEnvironment else {
            throw .invalidState(environment: inner.metadata.id, reason: "the environment cannot be set to a given state")
        }
        let reset = try stateful.reset(state: state)
        elapsedSteps = 0
        return reset
    }
}

extension TimeLimit: SnapshotEnvironment {
    /// The elapsed steps and the inner environment's state.
    public func snapshot() throws(EnvironmentError) -> EnvironmentSnapshot {
        EnvironmentSnapshot(kind: "TimeLimit", numbers: [Double(elapsedSteps)], inner: [try snapshotInner("TimeLimit").snapshot()])
    }

    public func restore(_ snapshot: EnvironmentSnapshot) throws(EnvironmentError) {
        try snapshot.check(kind: "TimeLimit", count: 1)
        let steps = snapshot.numbers[0]
        guard steps >= 0, steps == steps.rounded(), steps <= Double(maxEpisodeSteps) else {
            throw .invalidState(environment: "TimeLimit", reason: "elapsed steps \(steps) out of range")
        }
        try snapshotInner("TimeLimit").restore(try snapshot.innerSnapshot(of: "TimeLimit"))
        elapsedSteps = Int(steps)
    }
}

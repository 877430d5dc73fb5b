import Tensor

/// `count` copies of an environment stepped together, with observations batched for a
/// network (Gymnasium's `SyncVectorEnv`, SB3's `DummyVecEnv`).
///
/// **Seeding.** `reset(seed: s)` resets copy `i` with seed `s + i` (Gymnasium's convention);
/// `reset(seed: nil)` continues every copy's own stream.
///
/// **Autoreset: same step.** This follows Gymnasium's `AutoresetMode.SAME_STEP`, which is
/// how SB3's `VecEnv` works: when copy `i`'s episode ends (terminated or truncated) in a
/// `step`, the copy is reset (seed nil) within that same call. The returned observation is
/// the new episode's first; `infos[i].finalObservation` holds the observation the finished
/// episode ended on (to bootstrap a truncated episode's value), and `infos[i]` is otherwise
/// the finishing step's info (the reset's info is dropped). No step is spent on a reset, so
/// every returned transition is a real one.
///
/// **Statistics.** Unless `recordEpisodeStatistics` is false, each copy is wrapped in
/// ``RecordEpisodeStatistics``, so `infos[i].episode` (and ``VectorStep/finishedEpisodes``)
/// report every finished episode's return and length for `charts/episodic_return`.
///
/// **Parallelism.** ``Parallelism/threads(_:)`` steps contiguous chunks of copies on
/// concurrent threads. Each copy is independent and draws from its own generator, so the
/// results are identical to ``Parallelism/serial``, bit for bit.
public final class VectorEnvironment {
    /// The number of copies.
    public let count: Int
    /// The copies, outermost wrapper first (a ``RecordEpisodeStatistics`` when recording).
    public let environments: [any Environment]
    /// One copy's observation space.
    public let observationSpace: Space
    /// One copy's action space.
    public let actionSpace: Space
    /// The length of one copy's observation.
    public let observationSize: Int
    /// How the copies are stepped; may be changed between steps.
    public var parallelism: Parallelism
    var isReset = false

    /// `count` copies made by `make(index)`; all must have the same spaces.
    public init(count: Int, parallelism: Parallelism = .serial, recordEpisodeStatistics: Bool = true,
                make: (Int) -> any Environment) {
        check(count > 0, "VectorEnvironment: count must be positive, got \(count)")
        if case let .threads(threads) = parallelism {
            check(threads > 0, "VectorEnvironment: threads must be positive, got \(threads)")
        }
        let copies = (0..<count).map { index -> any Environment in
            let environment = make(index)
            return recordEpisodeStatistics ? RecordEpisodeStatistics(environment) : environment
        }
        let first = copies[0]
        for (index, copy) in copies.enumerated().dropFirst() {
            check(copy.observationSpace == first.observationSpace,
                  "VectorEnvironment: copy \(index) has observation space \(copy.observationSpace), copy 0 has \(first.observationSpace)")
            check(copy.actionSpace == first.actionSpace,
                  "VectorEnvironment: copy \(index) has action space \(copy.actionSpace), copy 0 has \(first.actionSpace)")
        }
        self.count = count
        self.parallelism = parallelism
        environments = copies
        observationSpace = first.observationSpace
        actionSpace = first.actionSpace
        observationSize = first.observationSpace.flatSize
    }

    /// One copy's metadata.
    public var metadata: EnvironmentMetadata { environments[0].metadata }

    /// The first time a copy broke its contract (an observation of the wrong size or not finite,
    /// a non-finite reward), if one did. A third-party environment must not stop the process:
    /// the bad values are replaced (zeros, the episode truncated) so the batch keeps its shape,
    /// and learners stop training when this is set.
    public private(set) var fault: EnvironmentFault?

    /// `observation` when it is well formed, else zeros and the reason.
    private static func checked(_ observation: [Float], size: Int, copy: Int, when: String)
        -> (observation: [Float], fault: EnvironmentFault?) {
        if observation.count != size {
            return ([Float](repeating: 0, count: size),
                    EnvironmentFault(copy: copy, reason: "\(when) gave an observation of \(observation.count) values, the space holds \(size)"))
        }
        if !observation.allSatisfy(\.isFinite) {
            return ([Float](repeating: 0, count: size), EnvironmentFault(copy: copy, reason: "\(when) gave a non-finite observation"))
        }
        return (observation, nil)
    }

    /// Resets every copy: copy `i` with `seed + i` (wrapping), or continuing its stream when
    /// `seed` is nil.
    public func reset(seed: UInt64? = nil) -> VectorReset {
        let environments = environments, size = observationSize
        let resets = performForEach(count: count, parallelism: parallelism) { index in
            var reset = environments[index].reset(seed: seed.map { $0 &+ UInt64(index) })
            let (observation, fault) = Self.checked(reset.observation, size: size, copy: index, when: "reset")
            reset.observation = observation
            return (reset, fault)
        }.map { result -> Reset in
            if fault == nil, let problem = result.1 { fault = problem }
            return result.0
        }
        isReset = true
        return VectorReset(observations: resets.flatMap(\.observation), infos: resets.map(\.info), observationSize: size)
    }

    /// Steps copy `i` with `actions[i]`, resetting in the same step the copies whose episode
    /// ends. Stops with a message when the number of actions is not ``count`` or no reset
    /// came first.
    public func step(_ actions: [Action]) -> VectorStep {
        check(actions.count == count, "VectorEnvironment.step: got \(actions.count) actions for \(count) environments")
        check(isReset, "VectorEnvironment.step: call reset(seed:) before the first step")
        let environments = environments, size = observationSize
        let results = performForEach(count: count, parallelism: parallelism) { index -> (Transition, EnvironmentFault?) in
            var transition = environments[index].step(actions[index])
            var (observation, fault) = Self.checked(transition.observation, size: size, copy: index, when: "a step")
            transition.observation = observation
            if !transition.reward.isFinite {
                fault = fault ?? EnvironmentFault(copy: index, reason: "a step gave a non-finite reward (\(transition.reward))")
                transition.reward = 0
            }
            if fault != nil { transition.truncated = true }
            if transition.isDone {
                let next = environments[index].reset(seed: nil)
                let (nextObservation, resetFault) = Self.checked(next.observation, size: size, copy: index, when: "reset")
                fault = fault ?? resetFault
                transition.info.finalObservation = transition.observation
                transition.observation = nextObservation
            }
            return (transition, fault)
        }
        if fault == nil, let first = results.lazy.compactMap(\.1).first { fault = first }
        let transitions = results.map(\.0)
        return VectorStep(observations: transitions.flatMap(\.observation), rewards: transitions.map(\.reward),
                          terminated: transitions.map(\.terminated), truncated: transitions.map(\.truncated),
                          infos: transitions.map(\.info), observationSize: size)
    }
}

extension VectorEnvironment {
    /// Every copy's state, for resuming training; throws when a copy cannot save its state.
    public func snapshot() throws(EnvironmentError) -> [EnvironmentSnapshot] {
        var snapshots: [EnvironmentSnapshot] = []
        for (index, environment) in environments.enumerated() {
            guard let copy = environment as? any SnapshotEnvironment else {
                throw .invalidState(environment: metadata.id, reason: "copy \(index) cannot save its state")
            }
            snapshots.append(try copy.snapshot())
        }
        return snapshots
    }

    /// Puts back every copy's state from ``snapshot()``: the copies then continue their episodes
    /// as if they had never stopped, with no reset in between.
    public func restore(_ snapshots: [EnvironmentSnapshot]) throws(EnvironmentError) {
        guard snapshots.count == count else {
            throw .invalidState(environment: metadata.id, reason: "\(snapshots.count) saved copies for \(count) environments")
        }
        for (index, snapshot) in snapshots.enumerated() {
            guard let copy = environments[index] as? any SnapshotEnvironment else {
                throw .invalidState(environment: metadata.id, reason: "copy \(index) cannot restore a state")
            }
            try copy.restore(snapshot)
        }
        isReset = true
    }
}

import Tensor

/// Records each episode's return, length and wall-clock time (Gymnasium's
/// `RecordEpisodeStatistics`).
///
/// Rewards are summed as the inner environment reports them, so place this wrapper inside any
/// reward normalisation to log the task's own returns. On the step that ends an episode
/// (`terminated` or `truncated`), `info.episode` holds the totals, and they are appended to
/// bounded queues of the most recent episodes (Gymnasium's `return_queue`, `length_queue`,
/// `time_queue`, 100 long by default), oldest first.
public final class RecordEpisodeStatistics: EnvironmentWrapper {
    /// The wrapped environment.
    public let inner: any Environment
    /// How many recent episodes the queues keep.
    public let bufferLength: Int
    /// The return of the current episode so far.
    public private(set) var episodeReturn: Double = 0
    /// The number of steps of the current episode so far.
    public private(set) var episodeLength = 0
    /// The number of episodes finished since this wrapper was made.
    public private(set) var episodeCount = 0
    /// The returns of the most recent finished episodes, oldest first.
    public private(set) var returnQueue: [Double] = []
    /// The lengths of the most recent finished episodes, oldest first.
    public private(set) var lengthQueue: [Int] = []
    /// The durations in seconds of the most recent finished episodes, oldest first.
    public private(set) var timeQueue: [Double] = []

    private let clock = ContinuousClock()
    private var episodeStart: ContinuousClock.Instant

    /// Wraps `inner`, keeping the statistics of the last `bufferLength` episodes.
    public init(_ inner: any Environment, bufferLength: Int = 100) {
        check(bufferLength > 0, "RecordEpisodeStatistics: bufferLength must be positive, got \(bufferLength)")
        self.inner = inner
        self.bufferLength = bufferLength
        episodeStart = clock.now
    }

    public var observationSpace: Space { inner.observationSpace }
    public var actionSpace: Space { inner.actionSpace }
    public var metadata: EnvironmentMetadata { inner.metadata }

    public func reset(seed: UInt64?) -> Reset {
        let reset = inner.reset(seed: seed)
        episodeReturn = 0
        episodeLength = 0
        episodeStart = clock.now
        return reset
    }

    public func step(_ action: Action) -> Transition {
        var transition = inner.step(action)
        episodeReturn += transition.reward
        episodeLength += 1
        if transition.isDone {
            let statistics = EpisodeStatistics(episodeReturn: episodeReturn, length: episodeLength,
                                               seconds: episodeStart.duration(to: clock.now).seconds)
            transition.info.episode = statistics
            append(statistics)
            episodeStart = clock.now
        }
        return transition
    }

    private func append(_ statistics: EpisodeStatistics) {
        episodeCount += 1
        returnQueue.append(statistics.episodeReturn)
        lengthQueue.append(statistics.length)
        timeQueue.append(statistics.seconds)
        if returnQueue.count > bufferLength {
            returnQueue.removeFirst()
            lengthQueue.removeFirst()
            timeQueue.removeFirst()
        }
    }
}

extension RecordEpisodeStatistics: SnapshotEnvironment {
    /// The current episode's return and length, the episode count and the inner environment's
    /// state. The queues of recent episodes are left out (they are reports, not state the next
    /// steps depend on, and would make every snapshot 100 episodes long); they start empty.
    public func snapshot() throws(EnvironmentError) -> EnvironmentSnapshot {
        EnvironmentSnapshot(kind: "RecordEpisodeStatistics", numbers: [episodeReturn, Double(episodeLength), Double(episodeCount)],
                            inner: [try snapshotInner("RecordEpisodeStatistics").snapshot()])
    }

    public func restore(_ snapshot: EnvironmentSnapshot) throws(EnvironmentError) {
        let name = "RecordEpisodeStatistics"
        try snapshot.check(kind: name, count: 3)
        for count in snapshot.numbers.dropFirst() {
            guard count >= 0, count == count.rounded(), count < 1e15 else { throw .invalidState(environment: name, reason: "counts must be whole numbers") }
        }
        guard snapshot.numbers[0].isFinite else { throw .invalidState(environment: name, reason: "the episode's return is not finite") }
        try snapshotInner(name).restore(try snapshot.innerSnapshot(of: name))
        episodeReturn = snapshot.numbers[0]
        episodeLength = Int(snapshot.numbers[1])
        episodeCount = Int(snapshot.numbers[2])
        (returnQueue, lengthQueue, timeQueue) = ([], [], [])
        episodeStart = clock.now
    }
}

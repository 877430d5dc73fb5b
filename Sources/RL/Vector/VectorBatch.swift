/// What ``VectorEnvironment/reset(seed:)`` returns: every copy's first observation.
public struct VectorReset: Sendable {
    /// `count × observationSize` values, row-major: copy `i`'s observation is row `i`.
    public var observations: [Float]
    /// Each copy's reset info.
    public var infos: [Info]
    /// The length of one copy's observation.
    public var observationSize: Int

    /// A batch of reset results.
    public init(observations: [Float], infos: [Info], observationSize: Int) {
        self.observations = observations
        self.infos = infos
        self.observationSize = observationSize
    }

    /// The observation of copy `index`.
    public func observation(_ index: Int) -> [Float] {
        Array(observations[(index * observationSize)..<((index + 1) * observationSize)])
    }
}

/// What ``VectorEnvironment/step(_:)`` returns: one transition per copy, batched.
///
/// With same-step autoreset, the observation of a copy whose episode just ended is already
/// the next episode's first; the last observation of the finished episode is in
/// `infos[i].finalObservation`, and `infos[i].episode` holds its statistics.
public struct VectorStep: Sendable {
    /// `count × observationSize` values, row-major: copy `i`'s observation is row `i`.
    public var observations: [Float]
    /// Each copy's reward.
    public var rewards: [Double]
    /// Whether each copy reached a terminal state.
    public var terminated: [Bool]
    /// Whether each copy's episode was cut short.
    public var truncated: [Bool]
    /// Each copy's info (with `finalObservation` and `episode` on copies that ended).
    public var infos: [Info]
    /// The length of one copy's observation.
    public var observationSize: Int

    /// A batch of transitions.
    public init(observations: [Float], rewards: [Double], terminated: [Bool], truncated: [Bool], infos: [Info],
                observationSize: Int) {
        self.observations = observations
        self.rewards = rewards
        self.terminated = terminated
        self.truncated = truncated
        self.infos = infos
        self.observationSize = observationSize
    }

    /// The observation of copy `index`.
    public func observation(_ index: Int) -> [Float] {
        Array(observations[(index * observationSize)..<((index + 1) * observationSize)])
    }

    /// The episodes that ended at this step, by copy, in copy order (for
    /// `charts/episodic_return`); empty unless the copies record statistics.
    public var finishedEpisodes: [(copy: Int, statistics: EpisodeStatistics)] {
        infos.indices.compactMap { index in infos[index].episode.map { (index, $0) } }
    }
}

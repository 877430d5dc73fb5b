/// Gymnasium's `info` dict: named numbers an environment or wrapper reports beside the
/// transition, and the statistics of an episode that just ended.
public struct Info: Sendable, Equatable {
    /// Named numbers (for example a distance to goal).
    public var values: [String: Double]
    /// Set by ``RecordEpisodeStatistics`` on the step that ends an episode.
    public var episode: EpisodeStatistics?
    /// Set by a vector environment that reset this copy in the same step: the observation the
    /// episode ended on (the returned observation is already the next episode's first).
    public var finalObservation: [Float]?

    /// An info record.
    @inlinable
    public init(values: [String: Double] = [:], episode: EpisodeStatistics? = nil, finalObservation: [Float]? = nil) {
        self.values = values
        self.episode = episode
        self.finalObservation = finalObservation
    }

    /// The named number, if present.
    public subscript(key: String) -> Double? {
        get { values[key] }
        set { values[key] = newValue }
    }
}

/// The totals of one finished episode (Gymnasium's `info["episode"]`: `r`, `l`, `t`).
public struct EpisodeStatistics: Sendable, Equatable, Codable {
    /// The sum of the episode's (unnormalised) rewards.
    public var episodeReturn: Double
    /// The number of steps.
    public var length: Int
    /// Seconds from the episode's reset to its end.
    public var seconds: Double

    /// Statistics of one episode.
    public init(episodeReturn: Double, length: Int, seconds: Double) {
        self.episodeReturn = episodeReturn
        self.length = length
        self.seconds = seconds
    }
}

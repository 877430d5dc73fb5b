/// Gymnasium's `info` dict: named numbers an environment or wrapper reports beside the
/// transition, and the statistics of an episode that just ended.
public struct Info: Sendable, Equatable {
    /// The record's contents, shared between copies until one of them is changed; `nil` while
    /// the record is empty, as it is on most steps. One reference keeps an empty info free to
    /// build and copy, and keeps ``Transition`` small enough to be returned in registers.
    @usableFromInline var storage: Storage?

    /// Named numbers (for example a distance to goal).
    public var values: [String: Double] {
        get { storage?.values ?? [:] }
        set { uniqueStorage().values = newValue }
    }

    /// Set by ``RecordEpisodeStatistics`` on the step that ends an episode.
    public var episode: EpisodeStatistics? {
        get { storage?.episode }
        set { uniqueStorage().episode = newValue }
    }

    /// Set by a vector environment that reset this copy in the same step: the observation the
    /// episode ended on (the returned observation is already the next episode's first).
    public var finalObservation: [Float]? {
        get { storage?.finalObservation }
        set { uniqueStorage().finalObservation = newValue }
    }

    /// An empty record.
    @inlinable
    public init() { storage = nil }

    /// An info record.
    public init(values: [String: Double] = [:], episode: EpisodeStatistics? = nil, finalObservation: [Float]? = nil) {
        if values.isEmpty, episode == nil, finalObservation == nil { return }
        storage = Storage(values: values, episode: episode, finalObservation: finalObservation)
    }

    /// The named number, if present.
    public subscript(key: String) -> Double? {
        get { storage?.values[key] }
        set { uniqueStorage().values[key] = newValue }
    }

    public static func == (lhs: Info, rhs: Info) -> Bool {
        lhs.values == rhs.values && lhs.episode == rhs.episode && lhs.finalObservation == rhs.finalObservation
    }

    /// The storage, made first or copied first when another copy of the record shares it.
    private mutating func uniqueStorage() -> Storage {
        if !isKnownUniquelyReferenced(&storage) {
            storage = Storage(values: storage?.values ?? [:], episode: storage?.episode,
                              finalObservation: storage?.finalObservation)
        }
        return storage!
    }

    /// The fields; changed only through ``uniqueStorage()``, that is when no other copy of the
    /// record can see the change, which is what makes sharing it across threads safe.
    @usableFromInline
    final class Storage: @unchecked Sendable {
        var values: [String: Double]
        var episode: EpisodeStatistics?
        var finalObservation: [Float]?

        init(values: [String: Double], episode: EpisodeStatistics?, finalObservation: [Float]?) {
            self.values = values
            self.episode = episode
            self.finalObservation = finalObservation
        }
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

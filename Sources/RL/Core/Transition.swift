/// What one call of ``Environment/step(_:)`` returns (Gymnasium's 5-tuple, named).
///
/// `terminated` means the task reached a terminal state (no future reward: value targets do
/// not bootstrap); `truncated` means the episode was cut short (by a time limit): value
/// targets bootstrap from `observation`.
public struct Transition: Sendable {
    /// The observation after the action, as a flat vector.
    public var observation: [Float]
    /// The reward for the action.
    public var reward: Double
    /// Whether the episode ended in a terminal state.
    public var terminated: Bool
    /// Whether the episode was cut short, for instance by a time limit.
    public var truncated: Bool
    /// Extra facts about the step.
    public var info: Info

    /// A transition.
    @inlinable
    public init(observation: [Float], reward: Double, terminated: Bool, truncated: Bool, info: Info = Info()) {
        self.observation = observation
        self.reward = reward
        self.terminated = terminated
        self.truncated = truncated
        self.info = info
    }

    /// Whether the episode is over for either reason.
    public var isDone: Bool { terminated || truncated }
}

/// What ``Environment/reset(seed:)`` returns.
public struct Reset: Sendable {
    /// The first observation of the episode.
    public var observation: [Float]
    /// Extra facts about the start.
    public var info: Info

    /// A reset result.
    @inlinable
    public init(observation: [Float], info: Info = Info()) {
        self.observation = observation
        self.info = info
    }
}

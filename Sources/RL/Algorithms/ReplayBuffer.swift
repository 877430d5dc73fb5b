import Tensor

/// A circular store of transitions `(observation, action, reward, next observation,
/// terminated)` for off-policy learning, kept in flat arrays. When full, the oldest transition
/// is overwritten. `terminated` is stored rather than "done": a truncated transition still
/// bootstraps from its next observation.
public struct ReplayBuffer: Sendable {
    /// The most transitions kept.
    public let capacity: Int
    /// Floats per observation.
    public let observationSize: Int
    private var observations: [Float]
    private var nextObservations: [Float]
    private var actions: [Int]
    private var rewards: [Float]
    private var terminals: [Float]
    private var position = 0
    /// Transitions currently stored.
    public private(set) var count = 0

    /// An empty buffer.
    public init(capacity: Int, observationSize: Int) {
        precondition(capacity > 0 && observationSize > 0, "ReplayBuffer: capacity and observation size must be positive")
        self.capacity = capacity
        self.observationSize = observationSize
        observations = [Float](repeating: 0, count: capacity * observationSize)
        nextObservations = observations
        actions = [Int](repeating: 0, count: capacity)
        rewards = [Float](repeating: 0, count: capacity)
        terminals = rewards
    }

    /// Stores one transition.
    public mutating func append(observation: ArraySlice<Float>, action: Int, reward: Double,
                                nextObservation: ArraySlice<Float>, terminated: Bool) {
        precondition(observation.count == observationSize && nextObservation.count == observationSize,
                     "ReplayBuffer.append: observations must have \(observationSize) floats")
        let start = position * observationSize
        observations.replaceSubrange(start..<(start + observationSize), with: observation)
        nextObservations.replaceSubrange(start..<(start + observationSize), with: nextObservation)
        actions[position] = action
        rewards[position] = Float(reward)
        terminals[position] = terminated ? 1 : 0
        position = (position + 1) % capacity
        count = min(count + 1, capacity)
    }

    /// Transition `index` as stored (oldest first until the buffer wraps), for inspection.
    func transition(at index: Int) -> (observation: [Float], action: Int, reward: Float, nextObservation: [Float], terminated: Bool) {
        let start = index * observationSize
        return (Array(observations[start..<(start + observationSize)]), actions[index], rewards[index],
                Array(nextObservations[start..<(start + observationSize)]), terminals[index] == 1)
    }

    /// A minibatch drawn uniformly with replacement.
    public func sample(_ size: Int, using generator: inout PhiloxGenerator) -> ReplayBatch {
        precondition(count > 0, "ReplayBuffer.sample: the buffer is empty")
        let indices = (0..<size).map { _ in generator.nextInt(below: count) }
        let width = observationSize
        var batchObservations = [Float](repeating: 0, count: size * width)
        var batchNext = batchObservations
        for (row, index) in indices.enumerated() {
            for column in 0..<width {
                batchObservations[row * width + column] = observations[index * width + column]
                batchNext[row * width + column] = nextObservations[index * width + column]
            }
        }
        return ReplayBatch(observations: Tensor(shape: [size, width], scalars: batchObservations),
                           actions: Tensor(shape: [size, 1], scalars: indices.map { Float(actions[$0]) }),
                           rewards: Tensor(indices.map { rewards[$0] }),
                           nextObservations: Tensor(shape: [size, width], scalars: batchNext),
                           terminated: Tensor(indices.map { terminals[$0] }))
    }
}

/// A minibatch of transitions from a ``ReplayBuffer``.
public struct ReplayBatch {
    /// `[batch, observationSize]`.
    public var observations: Tensor
    /// The discrete actions taken, `[batch, 1]` (indices as floats, ready for `gather`).
    public var actions: Tensor
    /// `[batch]`.
    public var rewards: Tensor
    /// `[batch, observationSize]`.
    public var nextObservations: Tensor
    /// `[batch]`: 1 where the transition ended in a terminal state.
    public var terminated: Tensor
}

import Tensor

/// Stacks the last `stackSize` observations into one (Gymnasium 1.x's
/// `FrameStackObservation`), as a flat concatenation, oldest first.
///
/// After a reset the stack is filled by ``Padding``: ``Padding/reset`` (the default, as
/// Gymnasium 1.x's `padding_type="reset"`) repeats the first observation; ``Padding/zero``
/// (`padding_type="zero"`) uses the space's value nearest zero (0 clamped into a box's
/// bounds, a discrete space's start) for the older slots. Each step drops the oldest
/// observation and appends the new one.
///
/// The observation space is the inner one repeated: a box gets shape `[stackSize] + shape`;
/// a multi-discrete space repeats its counts; a discrete space becomes a multi-discrete one
/// (a box of its integer range when it does not start at 0).
public final class FrameStack: EnvironmentWrapper {
    /// How the older slots are filled after a reset.
    public enum Padding: Sendable, Equatable {
        /// Copies of the reset observation.
        case reset
        /// The observation space's value nearest zero.
        case zero
    }

    /// The wrapped environment.
    public let inner: any Environment
    /// The number of observations stacked.
    public let stackSize: Int
    /// How the stack is filled after a reset.
    public let padding: Padding
    /// The stacked observation space.
    public let observationSpace: Space

    private let frameSize: Int
    private var frames: [[Float]] = []

    /// Wraps `inner`, stacking `stackSize` observations.
    public init(_ inner: any Environment, stackSize: Int, padding: Padding = .reset) {
        check(stackSize > 0, "FrameStack: stackSize must be positive, got \(stackSize)")
        self.inner = inner
        self.stackSize = stackSize
        self.padding = padding
        frameSize = inner.observationSpace.flatSize
        observationSpace = Self.stacked(inner.observationSpace, stackSize)
    }

    public var actionSpace: Space { inner.actionSpace }
    public var metadata: EnvironmentMetadata { inner.metadata }

    public func reset(seed: UInt64?) -> Reset {
        var reset = inner.reset(seed: seed)
        checkSize(reset.observation)
        let filler = padding == .reset ? reset.observation : Self.zero(of: inner.observationSpace)
        frames = Array(repeating: filler, count: stackSize - 1) + [reset.observation]
        reset.observation = frames.flatMap { $0 }
        return reset
    }

    public func step(_ action: Action) -> Transition {
        check(frames.count == stackSize, "FrameStack: call reset(seed:) before step")
        var transition = inner.step(action)
        checkSize(transition.observation)
        frames.removeFirst()
        frames.append(transition.observation)
        transition.observation = frames.flatMap { $0 }
        return transition
    }

    private func checkSize(_ observation: [Float]) {
        check(observation.count == frameSize, "FrameStack: observation has \(observation.count) elements, expected \(frameSize)")
    }

    /// Gymnasium's `create_zero_array`: the value of `space` nearest zero.
    private static func zero(of space: Space) -> [Float] {
        switch space {
        case let .box(box): zip(box.low, box.high).map { low, high in Swift.min(Swift.max(0, low), high) }
        case let .discrete(discrete): [Float(discrete.start)]
        case let .multiDiscrete(multi): Array(repeating: 0, count: multi.counts.count)
        case .multiBinary, .dict, .text: Array(repeating: 0, count: space.flatSize)
        }
    }

    private static func stacked(_ space: Space, _ count: Int) -> Space {
        func repeated<T>(_ values: [T]) -> [T] { Array(Array(repeating: values, count: count).joined()) }
        switch space {
        case let .box(box):
            return .box(BoxSpace(low: repeated(box.low), high: repeated(box.high), shape: [count] + box.shape))
        case let .discrete(discrete) where discrete.start == 0:
            return .multiDiscrete(MultiDiscreteSpace(Array(repeating: discrete.count, count: count)))
        case let .discrete(discrete):
            return .box(BoxSpace(low: Float(discrete.start), high: Float(discrete.start + discrete.count - 1), shape: [count]))
        case let .multiDiscrete(multi):
            return .multiDiscrete(MultiDiscreteSpace(repeated(multi.counts)))
        case let .multiBinary(binary):
            return .multiBinary(MultiBinarySpace(binary.count * count))
        case .dict, .text:
            // Gymnasium stacks these as a Dict of stacks or a tuple of strings; Frontier's flat
            // observations keep the frames in a row instead.
            return .dict(DictSpace((0..<count).map { DictSpace.Entry("frame_\($0)", space) }))
        }
    }
}

import Tensor

/// A finite set of actions `start, start+1, …, start+count-1` (Gymnasium's `Discrete`).
public struct DiscreteSpace: Codable, Sendable, Equatable {
    /// How many values the space holds.
    public var count: Int
    /// The smallest value.
    public var start: Int

    /// A space of `count` values from `start`.
    public init(_ count: Int, start: Int = 0) {
        check(count > 0, "DiscreteSpace: count must be positive, got \(count)")
        self.count = count
        self.start = start
    }

    /// Whether `value` is one of the space's values.
    public func contains(_ value: Int) -> Bool { value >= start && value < start + count }

    /// A value drawn uniformly; with a mask, only among the values whose mask entry is true
    /// (Gymnasium's action masks). An all-false mask gives `start`, as Gymnasium does.
    public func sample(using generator: inout PhiloxGenerator, mask: [Bool]? = nil) -> Int {
        guard let mask else { return start + generator.nextInt(below: count) }
        check(mask.count == count, "DiscreteSpace.sample: mask has \(mask.count) entries for a space of \(count)")
        let allowed = mask.indices.filter { mask[$0] }
        guard !allowed.isEmpty else { return start }
        return start + allowed[generator.nextInt(below: allowed.count)]
    }
}

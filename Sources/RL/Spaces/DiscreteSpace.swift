import Tensor

/// A finite set of actions `start, start+1, …, start+count-1` (Gymnasium's `Discrete`).
public struct DiscreteSpace: Codable, Sendable, Equatable {
    /// How many values the space holds.
    public var count: Int
    /// The smallest value.
    public var start: Int

    /// A space of `count` values from `start`.
    public init(_ count: Int, start: Int = 0) {
        if let problem = Self.problem(count: count, start: start) { check(false, "DiscreteSpace: \(problem)") }
        self.count = count
        self.start = start
    }

    private enum CodingKeys: String, CodingKey { case count, start }

    /// Decodes a space and refuses an impossible one (JSON in a stranger's bundle), as the
    /// initialiser does.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let count = try container.decode(Int.self, forKey: .count)
        let start = try container.decodeIfPresent(Int.self, forKey: .start) ?? 0
        if let problem = Self.problem(count: count, start: start) {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "Discrete space: \(problem)"))
        }
        self.init(count, start: start)
    }

    static func problem(count: Int, start: Int) -> String? {
        if count <= 0 { return "count must be positive, got \(count)" }
        if start.addingReportingOverflow(count).overflow { return "start \(start) + count \(count) overflows" }
        return nil
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

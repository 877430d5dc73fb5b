import Tensor

/// Several independent discrete choices, element `i` in `0..<counts[i]` (Gymnasium's
/// `MultiDiscrete`).
public struct MultiDiscreteSpace: Codable, Sendable, Equatable {
    /// The number of values of each element.
    public var counts: [Int]

    /// A space with the given number of values per element.
    public init(_ counts: [Int]) {
        if let problem = Self.problem(counts) { check(false, "MultiDiscreteSpace: \(problem)") }
        self.counts = counts
    }

    private enum CodingKeys: String, CodingKey { case counts }

    /// Decodes a space and refuses an impossible one, as the initialiser does.
    public init(from decoder: any Decoder) throws {
        let counts = try decoder.container(keyedBy: CodingKeys.self).decode([Int].self, forKey: .counts)
        if let problem = Self.problem(counts) {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "MultiDiscrete space: \(problem)"))
        }
        self.init(counts)
    }

    static func problem(_ counts: [Int]) -> String? {
        counts.isEmpty || !counts.allSatisfy({ $0 > 0 }) ? "counts must be non-empty and positive, got \(counts)" : nil
    }

    /// Whether `value` has one in-range entry per element.
    public func contains(_ value: [Int]) -> Bool {
        value.count == counts.count && zip(value, counts).allSatisfy { $0 >= 0 && $0 < $1 }
    }

    /// A value with each element drawn uniformly.
    public func sample(using generator: inout PhiloxGenerator) -> [Int] {
        counts.map { generator.nextInt(below: $0) }
    }
}

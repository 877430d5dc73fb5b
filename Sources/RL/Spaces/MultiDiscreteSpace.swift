import Tensor

/// Several independent discrete choices, element `i` in `0..<counts[i]` (Gymnasium's
/// `MultiDiscrete`).
public struct MultiDiscreteSpace: Codable, Sendable, Equatable {
    /// The number of values of each element.
    public var counts: [Int]

    /// A space with the given number of values per element.
    public init(_ counts: [Int]) {
        check(!counts.isEmpty && counts.allSatisfy { $0 > 0 }, "MultiDiscreteSpace: counts must be positive, got \(counts)")
        self.counts = counts
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

/// A set of environments, as bits over the table's environment indices (bit e = environment e).
public struct EnvironmentSubset: Sendable, Hashable, Codable, Comparable {
    /// Bit e is set when environment e belongs to the subset.
    public var mask: UInt64

    /// A subset from its bit mask.
    public init(mask: UInt64) { self.mask = mask }

    /// A subset from environment indices (each below 64).
    public init(_ indices: [Int]) {
        var mask: UInt64 = 0
        for index in indices {
            precondition((0..<64).contains(index), "environment index \(index) outside 0..<64")
            mask |= 1 << UInt64(index)
        }
        self.mask = mask
    }

    /// How many environments the subset holds.
    public var count: Int { mask.nonzeroBitCount }

    /// Whether environment `index` belongs to the subset.
    public func contains(_ index: Int) -> Bool { mask & (1 << UInt64(index)) != 0 }

    /// The environment indices, ascending.
    public var indices: [Int] {
        var result: [Int] = []
        var rest = mask
        while rest != 0 {
            result.append(rest.trailingZeroBitCount)
            rest &= rest - 1
        }
        return result
    }

    /// The environments' names, as `{a, b}`.
    public func label(_ environments: [String]) -> String {
        "{" + indices.map { $0 < environments.count ? environments[$0] : "#\($0)" }.joined(separator: ", ") + "}"
    }

    /// Orders by size, then by mask (the order subsets are scored and reported in).
    public static func < (lhs: EnvironmentSubset, rhs: EnvironmentSubset) -> Bool {
        (lhs.count, lhs.mask) < (rhs.count, rhs.mask)
    }
}

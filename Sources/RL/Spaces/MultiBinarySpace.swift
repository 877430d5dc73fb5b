import Tensor

/// `count` independent bits, each 0 or 1 (Gymnasium's `MultiBinary`): flags such as an action
/// mask. As an action, a value is a ``Action/multiDiscrete(_:)`` of zeros and ones.
public struct MultiBinarySpace: Codable, Sendable, Equatable {
    /// The number of bits.
    public var count: Int

    /// A space of `count` bits.
    public init(_ count: Int) {
        check(count > 0, "MultiBinarySpace: count must be positive, got \(count)")
        self.count = count
    }

    private enum CodingKeys: String, CodingKey { case count }

    /// Decodes a space and refuses an empty or negative one (JSON from a stranger's bundle).
    public init(from decoder: any Decoder) throws {
        let count = try decoder.container(keyedBy: CodingKeys.self).decode(Int.self, forKey: .count)
        guard count > 0 else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "MultiBinary space: count must be positive, got \(count)"))
        }
        self.count = count
    }

    /// Whether `values` holds `count` zeros and ones.
    public func contains(_ values: [Int]) -> Bool {
        values.count == count && values.allSatisfy { $0 == 0 || $0 == 1 }
    }

    /// Whether the flat observation holds `count` zeros and ones.
    public func contains(observation: ArraySlice<Float>) -> Bool {
        observation.count == count && observation.allSatisfy { $0 == 0 || $0 == 1 }
    }

    /// Bits drawn independently with probability ½.
    public func sample(using generator: inout PhiloxGenerator) -> [Int] {
        (0..<count).map { _ in generator.nextInt(below: 2) }
    }
}

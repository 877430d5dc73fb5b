import Foundation
import Tensor

/// A box of real vectors with per-element bounds (Gymnasium's `Box`), stored flat in row-major
/// order with its `shape`. Bounds may be infinite.
public struct BoxSpace: Codable, Sendable, Equatable {
    /// Lower bounds, one per element.
    public var low: [Float]
    /// Upper bounds, one per element.
    public var high: [Float]
    /// The shape of one value.
    public var shape: [Int]

    /// A box with the given bounds; `shape` defaults to a vector.
    public init(low: [Float], high: [Float], shape: [Int]? = nil) {
        let shape = shape ?? [low.count]
        if let problem = Self.problem(low: low, high: high, shape: shape) { check(false, "BoxSpace: \(problem)") }
        self.low = low
        self.high = high
        self.shape = shape
    }

    private enum CodingKeys: String, CodingKey { case low, high, shape }

    /// Decodes a box and refuses an inconsistent one (JSON in a stranger's bundle), as the
    /// initialiser does.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let low = try container.decode([Float].self, forKey: .low)
        let high = try container.decode([Float].self, forKey: .high)
        let shape = try container.decode([Int].self, forKey: .shape)
        if let problem = Self.problem(low: low, high: high, shape: shape) {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "Box space: \(problem)"))
        }
        self.init(low: low, high: high, shape: shape)
    }

    static func problem(low: [Float], high: [Float], shape: [Int]) -> String? {
        if low.count != high.count { return "low has \(low.count) bounds, high has \(high.count)" }
        if shape.contains(where: { $0 < 0 }) { return "shape \(shape) has a negative axis" }
        var elements = 1
        for axis in shape {
            let (product, overflow) = elements.multipliedReportingOverflow(by: axis)
            if overflow { return "shape \(shape) is too large" }
            elements = product
        }
        if elements != low.count { return "shape \(shape) does not hold \(low.count) bounds" }
        for index in low.indices where low[index].isNaN || high[index].isNaN || low[index] > high[index] {
            return "bound \(index) is invalid: low \(low[index]), high \(high[index])"
        }
        return nil
    }

    /// A box with the same bounds for every element.
    public init(low: Float, high: Float, shape: [Int]) {
        let count = shape.reduce(1, *)
        self.init(low: Array(repeating: low, count: count), high: Array(repeating: high, count: count), shape: shape)
    }

    /// The number of elements of one value.
    public var elementCount: Int { low.count }

    /// Whether `value` has the right size and every element lies within its bounds.
    public func contains(_ value: [Float]) -> Bool {
        guard value.count == low.count else { return false }
        for index in value.indices where !(value[index] >= low[index] && value[index] <= high[index]) { return false }
        return true
    }

    /// A value drawn as Gymnasium does: uniform on bounded elements, exponential shifted by
    /// the bound on half-bounded ones, standard normal on unbounded ones.
    public func sample(using generator: inout PhiloxGenerator) -> [Float] {
        var value = [Float](repeating: 0, count: low.count)
        for index in value.indices {
            let lower = Double(low[index]), upper = Double(high[index])
            switch (lower.isFinite, upper.isFinite) {
            case (true, true): value[index] = Float(lower + (upper - lower) * generator.nextDouble())
            case (true, false): value[index] = Float(lower - log1p(-generator.nextDouble()))
            case (false, true): value[index] = Float(upper + log1p(-generator.nextDouble()))
            case (false, false): value[index] = Float(generator.nextNormal())
            }
            value[index] = Swift.min(Swift.max(value[index], low[index]), high[index])
        }
        return value
    }
}

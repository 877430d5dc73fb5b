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
        check(low.count == high.count, "BoxSpace: low has \(low.count) bounds, high has \(high.count)")
        check(shape.reduce(1, *) == low.count, "BoxSpace: shape \(shape) does not hold \(low.count) bounds")
        for index in low.indices {
            check(!low[index].isNaN && !high[index].isNaN && low[index] <= high[index],
                  "BoxSpace: bound \(index) is invalid: low \(low[index]), high \(high[index])")
        }
        self.low = low
        self.high = high
        self.shape = shape
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

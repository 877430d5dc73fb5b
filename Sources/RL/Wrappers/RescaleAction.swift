import Tensor

/// Maps actions affinely from `[minimum, maximum]` to the inner environment's box bounds
/// (Gymnasium 1.x's `RescaleAction`), so a policy can act in, say, `[-1, 1]`.
///
/// Element `i` becomes `low[i] + (high[i] - low[i]) · (a[i] - minimum[i]) / (maximum[i] - minimum[i])`,
/// computed in `Double`. The wrapper's action space is the box `[minimum, maximum]`; as in
/// Gymnasium 1.x, actions outside it are mapped by the same line, not clipped (put a
/// ``ClipAction`` outside this wrapper to clip). The inner bounds must be finite.
public final class RescaleAction: EnvironmentWrapper {
    /// The wrapped environment.
    public let inner: any Environment
    /// The inner action bounds (the image of the map).
    public let innerBounds: BoxSpace
    /// The bounds actions are given in.
    public let bounds: BoxSpace

    /// Wraps `inner`, whose action space must be a box with finite bounds, taking actions in
    /// `[minimum, maximum]` element-wise.
    public init(_ inner: any Environment, minimum: [Float], maximum: [Float]) {
        guard case let .box(innerBounds) = inner.actionSpace else {
            preconditionFailure("RescaleAction: the action space must be a box, got \(inner.actionSpace)")
        }
        let size = innerBounds.elementCount
        check(minimum.count == size && maximum.count == size,
              "RescaleAction: minimum has \(minimum.count) and maximum \(maximum.count) elements, the action \(size)")
        for index in 0..<size {
            check(innerBounds.low[index].isFinite && innerBounds.high[index].isFinite,
                  "RescaleAction: inner bound \(index) is not finite: [\(innerBounds.low[index]), \(innerBounds.high[index])]")
            check(minimum[index].isFinite && maximum[index].isFinite && minimum[index] < maximum[index],
                  "RescaleAction: element \(index) needs finite minimum < maximum, got \(minimum[index]), \(maximum[index])")
        }
        self.inner = inner
        self.innerBounds = innerBounds
        bounds = BoxSpace(low: minimum, high: maximum, shape: innerBounds.shape)
    }

    /// Wraps `inner`, taking every element in `[minimum, maximum]` (default `[-1, 1]`).
    public convenience init(_ inner: any Environment, minimum: Float = -1, maximum: Float = 1) {
        let size = inner.actionSpace.flatSize
        self.init(inner, minimum: Array(repeating: minimum, count: size), maximum: Array(repeating: maximum, count: size))
    }

    public var observationSpace: Space { inner.observationSpace }
    /// The box `[minimum, maximum]`.
    public var actionSpace: Space { .box(bounds) }
    public var metadata: EnvironmentMetadata { inner.metadata }

    public func reset(seed: UInt64?) -> Reset { inner.reset(seed: seed) }

    public func step(_ action: Action) -> Transition {
        inner.step(.continuous(rescale(action.continuousValues(for: "RescaleAction"))))
    }

    /// `values` mapped from ``bounds`` to ``innerBounds``.
    public func rescale(_ values: [Float]) -> [Float] {
        check(values.count == bounds.elementCount, "RescaleAction: action has \(values.count) elements, expected \(bounds.elementCount)")
        return values.indices.map { index in
            let low = Double(innerBounds.low[index]), high = Double(innerBounds.high[index])
            let minimum = Double(bounds.low[index]), maximum = Double(bounds.high[index])
            return Float(low + (high - low) * ((Double(values[index]) - minimum) / (maximum - minimum)))
        }
    }
}

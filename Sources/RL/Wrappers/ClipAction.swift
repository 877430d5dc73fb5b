import Tensor

/// Clips continuous actions to the inner environment's box bounds (Gymnasium 1.x's
/// `ClipAction`), so a Gaussian policy's unbounded samples can be applied directly.
///
/// As in Gymnasium, the wrapper's action space is the unbounded box of the inner shape: any
/// real vector of the right size is accepted. A NaN element stops the process with a message
/// (a policy bug, not something to clip).
public final class ClipAction: EnvironmentWrapper {
    /// The wrapped environment.
    public let inner: any Environment
    /// The inner action bounds the actions are clipped to.
    public let bounds: BoxSpace

    /// Wraps `inner`, whose action space must be a box.
    public init(_ inner: any Environment) {
        guard case let .box(bounds) = inner.actionSpace else {
            preconditionFailure("ClipAction: the action space must be a box, got \(inner.actionSpace)")
        }
        self.inner = inner
        self.bounds = bounds
    }

    public var observationSpace: Space { inner.observationSpace }
    /// An unbounded box of the inner action's shape.
    public var actionSpace: Space { .box(BoxSpace(low: -.infinity, high: .infinity, shape: bounds.shape)) }
    public var metadata: EnvironmentMetadata { inner.metadata }

    public func reset(seed: UInt64?) -> Reset { inner.reset(seed: seed) }

    public func step(_ action: Action) -> Transition {
        inner.step(.continuous(clip(action.continuousValues(for: "ClipAction"))))
    }

    /// `values` clipped element-wise to ``bounds``.
    public func clip(_ values: [Float]) -> [Float] {
        check(values.count == bounds.elementCount, "ClipAction: action has \(values.count) elements, expected \(bounds.elementCount)")
        return values.indices.map { index in
            check(!values[index].isNaN, "ClipAction: action element \(index) is NaN")
            return Swift.min(Swift.max(values[index], bounds.low[index]), bounds.high[index])
        }
    }
}

import Checkpoint
import NN
import Tensor

/// A network that maps observations to actions: what a bundle holds per environment and what
/// evaluation runs.
public protocol Policy: DescribedModule {
    /// The length of one (flat) observation.
    var observationSize: Int { get }
    /// The actions the policy produces.
    var actionSpace: Space { get }

    /// One action per row of `observations` (`[batch, observationSize]`), as a
    /// `[batch, actionSize]` tensor: the most likely action when `deterministic`, otherwise
    /// drawn with `generator`. Computed without recording gradients.
    func actions(for observations: Tensor, deterministic: Bool, using generator: inout PhiloxGenerator) -> Tensor
}

extension Space {
    /// The width of an action row in a policy's output tensor (1 for a discrete action).
    public var actionWidth: Int { flatSize }

    /// Row `row` of a `[batch, actionWidth]` action tensor's scalars as an action of this
    /// space; continuous actions are clipped to the box (as Stable-Baselines3 does before
    /// stepping), discrete ones rounded and bounded.
    public func action(fromRow row: Int, of scalars: [Float]) -> Action {
        let width = actionWidth
        let values = scalars[(row * width)..<((row + 1) * width)]
        switch self {
        case let .discrete(space):
            let index = Int(values.first!.rounded())
            return .discrete(Swift.min(Swift.max(index, space.start), space.start + space.count - 1))
        case let .box(space):
            return .continuous(values.enumerated().map { offset, value in
                Swift.min(Swift.max(value, space.low[offset]), space.high[offset])
            })
        case let .multiDiscrete(space):
            return .multiDiscrete(values.enumerated().map { offset, value in
                Swift.min(Swift.max(Int(value.rounded()), 0), space.counts[offset] - 1)
            })
        case .multiBinary:
            return .multiDiscrete(values.map { $0 >= 0.5 ? 1 : 0 })
        case .dict, .text:
            preconditionFailure("Space.action(fromRow:of:): \(self) is not an action space")
        }
    }

    /// Every row of a `[batch, actionWidth]` action tensor as an action of this space.
    public func actions(from tensor: Tensor) -> [Action] {
        let scalars = tensor.scalars
        return (0..<(scalars.count / Swift.max(actionWidth, 1))).map { action(fromRow: $0, of: scalars) }
    }
}

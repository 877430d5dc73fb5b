import Foundation
import Tensor

/// A batch of action distributions, as a policy network outputs them: categorical over discrete
/// actions (from logits) or diagonal Gaussian over continuous ones (from means and a
/// state-independent log standard deviation, as in PPO's reference implementations).
///
/// Actions are passed as a float tensor `[batch, actionSize]`; a discrete action is one column
/// holding the index.
public enum ActionDistribution {
    /// Categorical with unnormalised log-probabilities `[batch, count]`.
    case categorical(logits: Tensor)
    /// Diagonal Gaussian with means `[batch, size]` and log standard deviations `[size]`.
    case gaussian(mean: Tensor, logStd: Tensor)

    private static let halfLogTwoPi = 0.5 * Foundation.log(2 * Double.pi)

    /// Whether every parameter of the distributions is finite.
    public var isFinite: Bool {
        switch self {
        case let .categorical(logits): logits.allFinite
        case let .gaussian(mean, logStd): mean.allFinite && logStd.allFinite
        }
    }

    /// The log-probability (density) of each row of `actions`, shape `[batch]`; differentiable.
    public func logProbability(of actions: Tensor) -> Tensor {
        switch self {
        case let .categorical(logits):
            return logits.logSoftmax(axis: 1).gather(axis: 1, indices: actions).reshaped(to: [-1])
        case let .gaussian(mean, logStd):
            let standardised = (actions - mean) * (logStd * -1).exp()
            let perElement = standardised.squared() * -0.5 - logStd - Float(Self.halfLogTwoPi)
            return perElement.sum(axis: 1)
        }
    }

    /// The entropy of each distribution, shape `[batch]`; differentiable.
    public func entropy() -> Tensor {
        switch self {
        case let .categorical(logits):
            let logProbabilities = logits.logSoftmax(axis: 1)
            return (logProbabilities.exp() * logProbabilities).sum(axis: 1) * -1
        case let .gaussian(mean, logStd):
            let perElement = logStd + Float(0.5 + Self.halfLogTwoPi)
            return perElement.sum() + Tensor.zeros([mean.shape[0]], dtype: mean.dtype)
        }
    }

    /// One action per row, drawn with `generator`, as a `[batch, actionSize]` tensor.
    public func sample(using generator: inout PhiloxGenerator) -> Tensor {
        noGrad {
            switch self {
            case let .categorical(logits):
                let indices = Tensor.categorical(logits: logits, using: &generator)
                return Tensor(shape: [indices.count, 1], scalars: indices.map(Float.init))
            case let .gaussian(mean, logStd):
                let noise = Tensor.randomNormal(mean.shape, dtype: mean.dtype, using: &generator)
                return mean.detached() + noise * logStd.detached().exp()
            }
        }
    }

    /// The most likely action per row (argmax, or the mean), as a `[batch, actionSize]` tensor.
    public func mode() -> Tensor {
        noGrad {
            switch self {
            case let .categorical(logits):
                let indices = logits.argmaxIndices(axis: 1)
                return Tensor(shape: [indices.count, 1], scalars: indices.map(Float.init))
            case let .gaussian(mean, _):
                return mean.detached()
            }
        }
    }
}

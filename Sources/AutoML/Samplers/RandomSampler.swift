import Foundation
import Tensor

/// Draws every parameter uniformly (on the log of the range for log-scale parameters), as
/// Optuna's `RandomSampler`. Also the start-up sampler of TPE.
public struct RandomSampler: Sampler {
    /// The seed every draw derives from.
    public var seed: UInt64

    /// A sampler seeded with `seed`.
    public init(seed: UInt64 = 0) {
        self.seed = seed
    }

    public func sampleIndependent(history: StudyHistory, trialNumber: Int, name: String, distribution: Distribution) -> ParameterValue {
        var generator = SamplerStream.generator(seed: seed, trial: trialNumber, name: name)
        return Self.draw(distribution, using: &generator)
    }

    /// One uniform draw from `distribution`.
    static func draw(_ distribution: Distribution, using generator: inout PhiloxGenerator) -> ParameterValue {
        switch distribution {
        case let .float(low, high, log, step):
            if log { return .double(min(max(exp(Foundation.log(low) + generator.nextDouble() * (Foundation.log(high) - Foundation.log(low))), low), high)) }
            if let step {
                let count = Int(((high - low) / step).rounded()) + 1
                return .double(min(low + Double(generator.nextInt(below: count)) * step, high))
            }
            return .double(low + generator.nextDouble() * (high - low))
        case let .int(low, high, log, step):
            if log {
                // Uniform on [log(low - 0.5), log(high + 0.5)], then rounded: each integer gets the
                // mass of its half-open cell on the log axis, as Optuna does.
                let lower = Foundation.log(Double(low) - 0.5), upper = Foundation.log(Double(high) + 0.5)
                return distribution.value(internal: exp(lower + generator.nextDouble() * (upper - lower)))
            }
            let count = (high - low) / step + 1
            return .int(low + generator.nextInt(below: count) * step)
        case let .categorical(choices):
            return choices[generator.nextInt(below: choices.count)]
        }
    }
}

extension RandomSampler {
    /// The smallest value of `distribution` (its only one, when it holds one).
    static func lowest(_ distribution: Distribution) -> ParameterValue {
        switch distribution {
        case let .float(low, _, _, _): return .double(low)
        case let .int(low, _, _, _): return .int(low)
        case let .categorical(choices): return choices[0]
        }
    }
}

import Tensor

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Learning rate as a function of the step (0-based), composable and `Codable` so a training
/// config can name it.
public indirect enum LearningRateSchedule: Sendable, Codable, Equatable {
    /// The same rate at every step.
    case constant(Float)
    /// From `start` to `end` linearly over `steps` steps, then `end` (cleanrl's LR annealing is
    /// `.linear(start: lr, end: 0, steps: updates)`).
    case linear(start: Float, end: Float, steps: Int)
    /// Cosine annealing from `base` to `minimum` over `steps` steps (Loshchilov & Hutter 2017,
    /// without restarts), then `minimum`.
    case cosine(base: Float, minimum: Float, steps: Int)
    /// A linear ramp over `steps` steps from `base(0)/steps` up to `base(0)`, then `base`
    /// shifted by `steps` (so `base` starts afresh after the warm-up).
    case warmup(steps: Int, then: LearningRateSchedule)

    /// The learning rate at `step`.
    public func value(at step: Int) -> Float {
        check(step >= 0, "LearningRateSchedule: step \(step) is negative")
        switch self {
        case .constant(let rate):
            return rate
        case .linear(let start, let end, let steps):
            guard steps > 0 else { return end }
            let fraction = Float(Swift.min(step, steps)) / Float(steps)
            return start + (end - start) * fraction
        case .cosine(let base, let minimum, let steps):
            guard steps > 0, step < steps else { return minimum }
            let progress = Double(step) / Double(steps)
            let weight = Float((1 + cos(Double.pi * progress)) / 2)
            return minimum + (base - minimum) * weight
        case .warmup(let steps, let then):
            guard step < steps else { return then.value(at: step - steps) }
            return then.value(at: 0) * Float(step + 1) / Float(steps)
        }
    }

    /// Checks the schedule's numbers, for configs read from files.
    public func validate() throws(ScheduleError) {
        switch self {
        case .constant(let rate):
            guard rate >= 0, rate.isFinite else { throw ScheduleError(reason: "constant rate \(rate) must be a non-negative number") }
        case .linear(let start, let end, let steps):
            guard start >= 0, end >= 0, start.isFinite, end.isFinite, steps >= 0 else {
                throw ScheduleError(reason: "linear schedule needs non-negative rates and steps, got \(start)→\(end) over \(steps)")
            }
        case .cosine(let base, let minimum, let steps):
            guard base >= minimum, minimum >= 0, base.isFinite, steps >= 0 else {
                throw ScheduleError(reason: "cosine schedule needs base ≥ minimum ≥ 0 and steps ≥ 0, got \(base), \(minimum), \(steps)")
            }
        case .warmup(let steps, let then):
            guard steps > 0 else { throw ScheduleError(reason: "warm-up needs a positive number of steps, got \(steps)") }
            try then.validate()
        }
    }
}

/// A learning-rate schedule with numbers that make no sense.
public struct ScheduleError: Error, Equatable, CustomStringConvertible {
    /// What is wrong.
    public var reason: String
    public var description: String { "invalid learning-rate schedule: \(reason)" }
}

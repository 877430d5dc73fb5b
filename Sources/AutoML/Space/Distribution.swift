import Foundation

/// The range a parameter is drawn from, with Optuna's three kinds (`FloatDistribution`,
/// `IntDistribution`, `CategoricalDistribution`). Samplers work on an internal number for each
/// value (the value itself, or the index of a categorical choice), as Optuna's do.
public enum Distribution: Hashable, Sendable, Codable {
    /// Reals in `[low, high]`; on a log scale when `log`; on the grid `low + k·step` when `step` is set.
    case float(low: Double, high: Double, log: Bool = false, step: Double? = nil)
    /// Integers in `[low, high]` on the grid `low + k·step`; on a log scale when `log` (step must be 1).
    case int(low: Int, high: Int, log: Bool = false, step: Int = 1)
    /// One of the listed choices.
    case categorical([ParameterValue])

    /// Checks the bounds, the scale and the step; `name` is the parameter's name in errors.
    /// Nothing is adjusted: a range the step does not divide is refused, not trimmed.
    public func validate(name: String) throws(SearchSpaceError) {
        func refuse(_ reason: String) -> SearchSpaceError { .invalidDistribution(parameter: name, reason: reason) }
        switch self {
        case let .float(low, high, log, step):
            guard low.isFinite, high.isFinite else { throw refuse("bounds must be finite, got [\(low), \(high)]") }
            guard low <= high else { throw refuse("low \(low) is above high \(high)") }
            if log {
                guard low > 0 else { throw refuse("a log scale needs low > 0, got \(low)") }
                guard step == nil else { throw refuse("a log scale cannot have a step") }
            }
            if let step {
                guard step.isFinite, step > 0 else { throw refuse("step must be positive, got \(step)") }
                let intervals = (high - low) / step
                guard abs(intervals - intervals.rounded()) <= 1e-9 * max(1, intervals) else {
                    throw refuse("the range [\(low), \(high)] is not a whole number of steps of \(step)")
                }
            }
        case let .int(low, high, log, step):
            guard low <= high else { throw refuse("low \(low) is above high \(high)") }
            guard step > 0 else { throw refuse("step must be positive, got \(step)") }
            if log {
                guard low > 0 else { throw refuse("a log scale needs low > 0, got \(low)") }
                guard step == 1 else { throw refuse("a log scale needs step 1, got \(step)") }
            }
            let (span, overflow) = high.subtractingReportingOverflow(low)
            guard !overflow else { throw refuse("the range [\(low), \(high)] is too wide") }
            guard span % step == 0 else { throw refuse("the range [\(low), \(high)] is not a whole number of steps of \(step)") }
        case let .categorical(choices):
            guard !choices.isEmpty else { throw refuse("a categorical parameter needs at least one choice") }
            guard Set(choices).count == choices.count else { throw refuse("choices must be distinct") }
            for choice in choices {
                if case let .double(value) = choice, !value.isFinite { throw refuse("choice \(value) is not finite") }
            }
        }
    }

    /// Whether `value` lies in the distribution (on its grid, for stepped ones).
    public func contains(_ value: ParameterValue) -> Bool {
        switch self {
        case let .float(low, high, _, step):
            guard case let .double(x) = value, x >= low, x <= high else { return false }
            guard let step else { return true }
            let k = (x - low) / step
            return abs(k - k.rounded()) <= 1e-9 * max(1, k)
        case let .int(low, high, _, step):
            guard case let .int(x) = value else { return false }
            return x >= low && x <= high && (x - low) % step == 0
        case let .categorical(choices):
            return choices.contains(value)
        }
    }

    /// The internal number samplers work with: the value itself, or a choice's index.
    public func internalValue(_ value: ParameterValue) -> Double? {
        switch self {
        case .float, .int: return value.number
        case let .categorical(choices): return choices.firstIndex(of: value).map(Double.init)
        }
    }

    /// The value for an internal number, snapped to the grid and the bounds (the number comes
    /// from a sampler, never from a user: rounding here is part of sampling).
    public func value(internal x: Double) -> ParameterValue {
        switch self {
        case let .float(low, high, _, step):
            guard let step else { return .double(min(max(x, low), high)) }
            let k = ((x - low) / step).rounded()
            return .double(min(max(low + k * step, low), high))
        case let .int(low, high, _, step):
            let k = ((x - Double(low)) / Double(step)).rounded()
            let snapped = Double(low) + k * Double(step)
            return .int(Int(min(max(snapped, Double(low)), Double(high))))
        case let .categorical(choices):
            return choices[min(max(Int(x.rounded()), 0), choices.count - 1)]
        }
    }

    /// Whether only one value is possible (samplers need not draw it).
    public var isSingle: Bool {
        switch self {
        case let .float(low, high, _, _): return low == high
        case let .int(low, high, _, _): return low == high
        case let .categorical(choices): return choices.count == 1
        }
    }
}

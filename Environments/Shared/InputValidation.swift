import RL

/// Stops with a message naming the environment and the action. Out-of-space actions are
/// programmer errors (the caller chose the action from the wrong space), so they stop rather
/// than throw; code that handles outside input checks `actionSpace.contains(_:)` first and
/// throws ``EnvironmentError/invalidAction(environment:action:reason:)`` itself.
@inline(never)
func stopOnInvalidAction(_ action: Action, environment: String, reason: String) -> Never {
    fatalError(EnvironmentError.invalidAction(environment: environment, action: action.description, reason: reason).description)
}

/// Stops when `step` is called before the first reset (Gymnasium asserts the same).
@inline(never)
func stopOnStepBeforeReset(environment: String) -> Never {
    fatalError("\(environment): step() called before reset(); call reset(seed:) or reset(state:) first")
}

/// Throws unless `state` has one finite value per name.
func validate(state: [Double], names: [String], environment: String) throws(EnvironmentError) {
    guard state.count == names.count else {
        throw .invalidState(environment: environment,
                            reason: "expected \(names.count) values (\(names.joined(separator: ", "))), got \(state.count)")
    }
    if let index = state.indices.first(where: { !state[$0].isFinite }) {
        throw .invalidState(environment: environment, reason: "\(names[index]) must be finite, got \(state[index])")
    }
}

extension EnvironmentOptions {
    /// The `low`/`high` options Gymnasium's classic-control `reset(options=)` takes for the
    /// uniform initial-state distribution (`utils.maybe_parse_reset_bounds`), which refuses
    /// `low > high`.
    mutating func resetBounds(defaultLow: Double, defaultHigh: Double,
                              environment: String) throws(EnvironmentError) -> (low: Double, high: Double) {
        let low = try value("low", default: defaultLow, environment: environment)
        let high = try value("high", default: defaultHigh, environment: environment)
        guard low <= high else {
            throw .invalidOption(environment: environment, option: "low",
                                 reason: "the lower bound \(low) must not exceed the upper bound \(high)")
        }
        return (low, high)
    }
}

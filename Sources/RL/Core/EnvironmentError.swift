/// What can go wrong when making, configuring or driving an environment from outside input.
public enum EnvironmentError: Error, Equatable, CustomStringConvertible {
    /// No environment is registered under the id.
    case unknownEnvironment(id: String, known: [String])
    /// An option the environment does not have, or a value it refuses.
    case invalidOption(environment: String, option: String, reason: String)
    /// A state that cannot be set.
    case invalidState(environment: String, reason: String)
    /// An action outside the action space.
    case invalidAction(environment: String, action: String, reason: String)

    /// A message naming the environment and the problem.
    public var description: String {
        switch self {
        case let .unknownEnvironment(id, known):
            "unknown environment '\(id)'; registered: \(known.joined(separator: ", "))"
        case let .invalidOption(environment, option, reason):
            "\(environment): option '\(option)': \(reason)"
        case let .invalidState(environment, reason):
            "\(environment): invalid state: \(reason)"
        case let .invalidAction(environment, action, reason):
            "\(environment): invalid action \(action): \(reason)"
        }
    }
}

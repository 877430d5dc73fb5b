/// Why a search space was refused. Errors from a YAML file name the file, the line and the key.
public enum SearchSpaceError: Error, Equatable, CustomStringConvertible, Sendable {
    /// A parameter's range, scale, step or choices are not usable.
    case invalidDistribution(parameter: String, reason: String)
    /// Two parameters share a name.
    case duplicateParameter(String)
    /// A condition names a parent that is not a categorical parameter defined before it.
    case invalidCondition(parameter: String, reason: String)
    /// A search-space file says something the reader cannot accept.
    case invalidFile(file: String, line: Int, key: String, reason: String)

    public var description: String {
        switch self {
        case let .invalidDistribution(parameter, reason): return "parameter '\(parameter)': \(reason)"
        case let .duplicateParameter(name): return "parameter '\(name)' is defined twice"
        case let .invalidCondition(parameter, reason): return "parameter '\(parameter)': condition: \(reason)"
        case let .invalidFile(file, line, key, reason): return "\(file), line \(line), key '\(key)': \(reason)"
        }
    }
}

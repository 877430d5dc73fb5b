/// A value an environment's action space accepts.
public enum Action: Sendable, Equatable, Hashable {
    /// An index into a ``DiscreteSpace``.
    case discrete(Int)
    /// A real vector for a ``BoxSpace``.
    case continuous([Float])
    /// One index per element of a ``MultiDiscreteSpace``.
    case multiDiscrete([Int])

    /// The discrete index; stops with a message naming `environment` for any other kind.
    @inline(__always)
    public func discreteIndex(for environment: String) -> Int {
        if case let .discrete(index) = self { return index }
        preconditionFailure("\(environment): expected a discrete action, got \(self)")
    }

    /// The continuous vector; stops with a message naming `environment` for any other kind.
    public func continuousValues(for environment: String) -> [Float] {
        if case let .continuous(values) = self { return values }
        preconditionFailure("\(environment): expected a continuous action, got \(self)")
    }
}

extension Action: CustomStringConvertible {
    /// The action as Gymnasium would print it: `1` or `[0.5, -0.25]`.
    public var description: String {
        switch self {
        case let .discrete(index): "\(index)"
        case let .continuous(values): "\(values)"
        case let .multiDiscrete(values): "\(values)"
        }
    }
}

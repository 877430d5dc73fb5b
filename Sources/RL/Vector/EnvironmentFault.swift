/// A copy of a vector environment broke its contract: which copy, and how.
public struct EnvironmentFault: Error, Sendable, Equatable, CustomStringConvertible {
    /// The copy's index.
    public var copy: Int
    /// What it did.
    public var reason: String

    /// A fault.
    public init(copy: Int, reason: String) {
        self.copy = copy
        self.reason = reason
    }

    public var description: String { "environment copy \(copy): \(reason)" }
}

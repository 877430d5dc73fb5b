/// Bounds on the networks a registry builds from a description it did not write (a stranger's
/// bundle). They are checked on the sizes a family predicts from the description, before
/// anything is allocated, so a validator sets them once for every kind.
public struct ArchitectureLimits: Sendable, Equatable, Codable {
    /// Most parameters (scalars) one network may have. The default, 64 Mi, is what
    /// ``HDF5SafetyLimits/maxTotalElements`` lets a whole bundle file hold by default, so no
    /// network a readable bundle can pay for is refused.
    public var maximumParameterCount: Int
    /// Largest single size in a description: a layer's width, an observation, a vocabulary, a
    /// context length (default 65 536).
    public var maximumWidth: Int
    /// Most repeated layers or blocks (hidden layers, Transformer blocks; default 64).
    public var maximumDepth: Int

    /// Limits with the given values; every argument defaults to the documented default.
    public init(maximumParameterCount: Int = 64 << 20, maximumWidth: Int = 1 << 16, maximumDepth: Int = 64) {
        self.maximumParameterCount = maximumParameterCount
        self.maximumWidth = maximumWidth
        self.maximumDepth = maximumDepth
    }

    /// Throws unless `value` lies in `1...maximumWidth`; `what` names it in the error.
    public func requireWidth(_ value: Int, _ what: String, kind: String) throws(BundleError) {
        guard value >= 1 && value <= maximumWidth else {
            throw .invalidArchitecture(kind: kind, reason: "\(what) is \(value); it must lie in 1...\(maximumWidth)")
        }
    }

    /// Throws unless `value` lies in `minimum...maximumDepth`; `what` names it in the error.
    public func requireDepth(_ value: Int, _ what: String, atLeast minimum: Int = 1, kind: String) throws(BundleError) {
        guard value >= minimum && value <= maximumDepth else {
            throw .invalidArchitecture(kind: kind, reason: "\(what) is \(value); it must lie in \(minimum)...\(maximumDepth)")
        }
    }
}

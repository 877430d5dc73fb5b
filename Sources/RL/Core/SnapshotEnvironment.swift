import Tensor

/// An environment whose complete state — the episode's dynamics, its counters and its random
/// generator — can be saved and put back, so a training run resumed from a bundle continues
/// exactly as the uninterrupted run would have (`frontier train --resume`). Wrappers save their
/// own counters and the inner environment's snapshot.
public protocol SnapshotEnvironment: Environment {
    /// The state now; throws when a wrapped environment cannot save its state.
    func snapshot() throws(EnvironmentError) -> EnvironmentSnapshot
    /// Puts back a state taken from an environment of the same kind; throws
    /// ``EnvironmentError/invalidState(environment:reason:)`` when it does not fit.
    func restore(_ snapshot: EnvironmentSnapshot) throws(EnvironmentError)
}

/// One environment's (or wrapper's) saved state: a kind tag, numbers (stored exactly: JSON
/// writes Doubles in their shortest round-tripping form), the generator, and the inner
/// environment's snapshot for wrappers.
public struct EnvironmentSnapshot: Codable, Sendable, Equatable {
    /// What saved it (the environment id or wrapper name), checked on restore.
    public var kind: String
    /// The numeric state, in an order the environment defines.
    public var numbers: [Double]
    /// The random generator, when the environment has one and it was seeded.
    public var generator: PhiloxGenerator.State?
    /// The wrapped environment's snapshot (empty, or one element).
    public var inner: [EnvironmentSnapshot]

    /// A snapshot.
    public init(kind: String, numbers: [Double], generator: PhiloxGenerator.State? = nil, inner: [EnvironmentSnapshot] = []) {
        self.kind = kind
        self.numbers = numbers
        self.generator = generator
        self.inner = inner
    }

    /// Checks the kind and the count of numbers before an environment reads them.
    public func check(kind expected: String, count: Int) throws(EnvironmentError) {
        guard kind == expected else {
            throw .invalidState(environment: expected, reason: "the saved state belongs to \(kind)")
        }
        guard numbers.count == count else {
            throw .invalidState(environment: expected, reason: "the saved state holds \(numbers.count) numbers, expected \(count)")
        }
    }

    /// The numbers of a classic-control environment's snapshot, checked: the kind, `count`
    /// numbers in all, the first `finite` of them finite, and the last one a started flag (0 or 1).
    public func dynamics(kind expected: String, count: Int, finite: Int) throws(EnvironmentError) -> (numbers: [Double], started: Bool) {
        try check(kind: expected, count: count)
        guard let flag = numbers.last, flag == 0 || flag == 1 else {
            throw .invalidState(environment: expected, reason: "the saved state's started flag is \(numbers.last ?? .nan)")
        }
        guard numbers[0..<finite].allSatisfy(\.isFinite) else {
            throw .invalidState(environment: expected, reason: "the saved state is not finite")
        }
        return (numbers, flag == 1)
    }

    /// The single inner snapshot of a wrapper's state.
    public func innerSnapshot(of wrapper: String) throws(EnvironmentError) -> EnvironmentSnapshot {
        guard inner.count == 1 else { throw .invalidState(environment: wrapper, reason: "the saved state lacks the wrapped environment's") }
        return inner[0]
    }
}

extension EnvironmentWrapper {
    /// The inner environment as a ``SnapshotEnvironment``, or an error naming the wrapper.
    func snapshotInner(_ wrapper: String) throws(EnvironmentError) -> any SnapshotEnvironment {
        guard let inner = inner as? any SnapshotEnvironment else {
            throw .invalidState(environment: wrapper, reason: "the wrapped environment cannot save its state")
        }
        return inner
    }
}

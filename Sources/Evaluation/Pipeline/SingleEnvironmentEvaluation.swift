import Checkpoint
import Foundation
import RL

/// Why a bundle could not be evaluated on an environment.
public struct EvaluationError: Error, Equatable, CustomStringConvertible {
    /// What went wrong.
    public var description: String
    /// An error saying `description`.
    public init(_ description: String) { self.description = description }
}

/// Reading bundles from strangers and playing one environment: `frontier evaluate --env`.
public enum SingleEnvironmentEvaluation {
    /// The bundle at `path`: read through ``IsolatedBundleReader`` when a `checker` (the
    /// `frontier` executable) is given, which is how a stranger's file must be read.
    public static func readBundle(_ path: String, checker: URL?) throws(BundleError) -> CheckpointBundle {
        if let checker { return try IsolatedBundleReader.read(path, checker: checker) }
        return try BundleReader.read(path)
    }

    /// Plays the bundle's policy for `environmentID` for `episodes` episodes from seeds
    /// `seed`, `seed + 1`, … (the environment made with `options`), single-threaded (``EvaluationRuntime``), so the same inputs give
    /// the same numbers.
    public static func evaluate(bundle: CheckpointBundle, bundlePath: String, environmentID: String, options: EnvironmentOptions = [:],
                                registry: EnvironmentRegistry,
                                episodes: Int, seed: UInt64, deterministic: Bool) throws -> EvaluationResult {
        guard episodes > 0 else { throw EvaluationError("episodes must be positive, got \(episodes)") }
        EvaluationRuntime.configure()
        let environment = try registry.make(environmentID, options: options)
        guard let entry = registry.policyEntry(in: bundle, for: environmentID) else {
            throw EvaluationError("\(bundlePath) has no policy for \(environmentID); it holds: "
                                  + bundle.entries.map(\.name).joined(separator: ", "))
        }
        let policy = try registry.loadPolicy(entry, for: environmentID, environment: environment)
        return try PolicyEvaluation.evaluate(policy, on: environment, episodes: episodes, seed: seed, deterministic: deterministic)
    }
}

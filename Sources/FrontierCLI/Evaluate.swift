import ArgumentParser
import Checkpoint
import Environments
import Foundation
import RL
import Tensor

extension Frontier {
    /// `frontier evaluate`: plays a bundle's policy for N episodes and reports the return.
    struct Evaluate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Evaluate a bundle's policy on an environment: mean, standard deviation and a 95% interval of the return.")

        @Argument(help: "The checkpoint bundle (.h5).")
        var bundle: String

        @Option(help: "Environment id; the bundle must hold an entry for it.")
        var env: String

        @Option(help: "Episodes to play.")
        var episodes = 10

        @Option(help: "Episode i starts from reset(seed: seed + i).")
        var seed: UInt64 = 0

        @Flag(help: "Sample actions (seeded) instead of taking the most likely one.")
        var stochastic = false

        @Flag(help: "Print one JSON object instead of text.")
        var json = false

        func validate() throws {
            guard episodes > 0 else { throw ValidationError("--episodes must be positive, got \(episodes)") }
        }

        func run() throws {
            // Single-threaded inference: a fixed reduction order, so the same inputs print the same numbers.
            BLASRuntime.setThreadCount(1)
            TensorRuntime.intraOpThreads = 1
            // Bundles may come from strangers: a child `frontier inspect` reads the file first (see
            // IsolatedBundleReader), so a file that crashes libhdf5 cannot take this process down.
            let checker = SelfExecutable.url
            let result = try PolicyRunner.evaluate(bundlePath: bundle, environmentID: env, episodes: episodes, seed: seed,
                                                   deterministic: !stochastic, checker: checker)
            if json {
                print(result.json)
            } else {
                let interval = result.confidenceInterval95
                print(String(format: "%@: mean return %.3f ± %.3f (std), 95%% interval [%.3f, %.3f] over %d episodes, seed %llu",
                             env, result.mean, result.standardDeviation, interval.lowerBound, interval.upperBound,
                             result.episodes, result.seed))
            }
        }
    }
}

/// Loading a bundle's policy for an environment and playing it.
enum PolicyRunner {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Reads `bundlePath` (through the `checker` executable's `inspect` in a child process when
    /// given), loads the entry for `environmentID` and evaluates it.
    static func evaluate(bundlePath: String, environmentID: String, episodes: Int, seed: UInt64,
                         deterministic: Bool, checker: URL? = nil) throws -> EvaluationResult {
        let environment = try EnvironmentRegistry.builtIn.make(environmentID)
        let bundle = try checker.map { checker throws(BundleError) in try IsolatedBundleReader.read(bundlePath, checker: checker) }
            ?? BundleReader.read(bundlePath)
        guard let entry = bundle.entry(environmentID) else {
            throw Failure(description: "\(bundlePath) has no policy for \(environmentID); it holds: "
                          + bundle.entries.map(\.name).joined(separator: ", "))
        }
        let policy = try PolicyBundle.load(entry, expecting: (environment.observationSpace, environment.actionSpace))
        return try PolicyEvaluation.evaluate(policy, on: environment, episodes: episodes, seed: seed, deterministic: deterministic)
    }
}

extension Algorithm: ExpressibleByArgument {}

import Checkpoint
import Foundation
import NN

/// Saving a training run in its bundle and continuing it (`frontier train --resume`): the
/// run's ``ResumeState`` goes into the entry's metadata as JSON under ``stateKey``, the
/// optimiser's state into the entry's optimizer group; the hyperparameters and the seed are
/// already in the metadata, and the weights are the entry's parameters.
public enum RunResumption {
    /// The metadata key of the run's state.
    public static let stateKey = "training_state"
    /// The largest state stored: a bundle's attributes are read back under a 64 KiB limit.
    public static let maximumStateBytes = 60_000

    /// The metadata value and optimiser state that make `learner`'s run resumable, or nil (with
    /// the reason) when the state cannot be stored.
    public static func save(_ learner: any ResumableLearner) -> (state: String, optimizer: StateDict)?  {
        guard let (state, optimizer) = try? learner.resumeState(), let json = try? state.json(),
              json.utf8.count <= maximumStateBytes else { return nil }
        return (json, optimizer)
    }

    /// Rebuilds the learner the run in `entry` was trained with (algorithm, hyperparameters and
    /// seed from its metadata, environments from `registry`) and puts its state back.
    public static func restore(_ entry: BundleEntry, registry: EnvironmentRegistry,
                               threads: Int = 1, memoryLimit: Int = MemoryEstimate.defaultLimit)
        throws -> (learner: any ResumableLearner, algorithm: Algorithm, seed: UInt64) {
        let metadata = entry.metadata
        guard let stateText = metadata[stateKey] else {
            throw ResumeError("the bundle's entry \(entry.name) holds no training state (it was not written by `frontier train`, or its state was too large to store)")
        }
        guard let algorithmName = metadata["algorithm"], let algorithm = Algorithm(rawValue: algorithmName) else {
            throw ResumeError("the entry's metadata names no known algorithm")
        }
        guard let seedText = metadata["seed"], let seed = UInt64(seedText) else { throw ResumeError("the entry's metadata holds no seed") }
        guard let hyperparameters = metadata["hyperparameters"],
              let overrides = try? JSONSerialization.jsonObject(with: Data(hyperparameters.utf8)) as? [String: Any] else {
            throw ResumeError("the entry's hyperparameters are not a JSON object")
        }
        guard let optimizer = entry.optimizerState else { throw ResumeError("the entry holds no optimiser state") }
        let state: ResumeState
        do {
            state = try ResumeState.decode(json: stateText)
        } catch {
            throw ResumeError("the training state is not readable: \(error)")
        }
        let options: EnvironmentOptions
        do {
            options = try EnvironmentOptions(pairs: RunResumption.optionPairs(metadata[RunResumption.optionsKey]))
        } catch {
            throw ResumeError("the entry's environment options are not readable: \(error)")
        }
        // The stored hyperparameters are complete (bundles written before the run length left
        // the configs also hold `total_steps`, which the factory sets apart): the environment's
        // preset, which may have changed since, plays no part.
        let made = try LearnerFactory.make(algorithm, environmentID: entry.name, options: options, registry: registry,
                                           overrides: overrides, usePreset: false, seed: seed, threads: threads, memoryLimit: memoryLimit)
        guard let learner = made.learner as? any ResumableLearner else {
            throw ResumeError("resuming is supported for PPO and A2C runs; this one was trained with \(algorithm.rawValue)")
        }
        try learner.restore(state, optimizer: optimizer, parameters: entry.parameters)
        return (learner, algorithm, seed)
    }
}

extension RunResumption {
    /// The metadata key of the environment options a run was trained with (`key=value` pairs,
    /// one per line; absent for default options).
    public static let optionsKey = "environment_options"

    /// What ``optionsKey`` holds for `options`: nil for default options, which are not stored.
    public static func storedOptions(_ options: EnvironmentOptions) -> String? {
        options.pairs.isEmpty ? nil : options.pairs.joined(separator: "\n")
    }

    /// The pairs stored under ``optionsKey``.
    public static func optionPairs(_ stored: String?) -> [String] {
        (stored ?? "").split(separator: "\n").map(String.init).filter { !$0.isEmpty }
    }
}

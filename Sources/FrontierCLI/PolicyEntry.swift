import Checkpoint
import Environments
import RL

/// The bundle entry of a trained policy, with the metadata `frontier train` records (algorithm,
/// hyperparameters, seed, steps, versions, the environment options): shared by `train` and the
/// demo, so both write bundles the evaluator and `--resume` read the same way.
enum PolicyEntry {
    static func make(environmentID: String, options: EnvironmentOptions, learner: any Learner, algorithm: Algorithm,
                     seed: UInt64, summary: TrainingSummary) throws -> BundleEntry {
        let observationSpace = try RL.EnvironmentRegistry.builtIn.make(environmentID, options: options).observationSpace
        var metadata = [
            "algorithm": algorithm.rawValue, "hyperparameters": learner.configurationJSON, "seed": "\(seed)",
            "steps": "\(summary.steps)", "episodes": "\(summary.episodes.count)",
            "environment_version": "\(EnvironmentRegistry.builtIn.entry(environmentID)?.metadata.version ?? 0)",
            "frontier_version": VersionReport.version,
        ]
        metadata[RunResumption.optionsKey] = RunResumption.storedOptions(options)
        return try PolicyBundle.entry(
            environmentID: environmentID, policy: learner.policy, observationSpace: observationSpace,
            observationStatistics: learner.observationStatistics, observationClip: learner.observationClip, metadata: metadata)
    }
}

import Checkpoint
import Environments
import Foundation
import Models
import NN
import RL
import Tensor

/// The demo's three miners, each a bundle in the checkpoints folder: a generalist (PPO on every
/// control task, one entry each), a forecasting specialist (one pooled quantile forecaster, and
/// short PPO runs on two control tasks),
/// and a later near-copy of the generalist with noise on its weights, the copier a subnet's
/// anti-copy filter exists for.
struct DemoMiners {
    /// A miner: a name for the tables and its bundle.
    struct Miner {
        var name: String
        var bundle: String
    }

    let plan: DemoPlan
    let seed: UInt64
    let checkpoints: String
    let plots: String
    let progress: DemoProgress

    /// Trains PPO on each control task in turn and writes one bundle with an entry per task;
    /// each run's learning curve goes to the plots folder.
    func trainGeneralist() throws -> Miner {
        let path = "\(checkpoints)/demo-miner1-control.h5"
        try BundleWriter.write(CheckpointBundle(entries: try trainPolicies(plan.controlTasks, miner: 1)), to: path)
        return Miner(name: "generalist", bundle: path)
    }

    /// PPO on each of `tasks` in turn, an entry each (named by the environment, as the
    /// evaluator looks them up), with the learning curves in the plots folder.
    private func trainPolicies(_ tasks: [DemoPlan.ControlTask], miner: Int) throws -> [BundleEntry] {
        var entries: [BundleEntry] = []
        // Each miner trains from its own seed, as separate people would.
        let runSeed = seed + UInt64(miner - 1)
        for task in tasks {
            let made = try LearnerFactory.make(.ppo, environmentID: task.id, registry: .builtIn, seed: runSeed)
            let totalSteps = made.learner.plannedSteps(for: task.steps ?? made.totalSteps)
            if let resumable = made.learner as? any ResumableLearner { resumable.scheduleHorizon = totalSteps }
            var bar = progress.bar(total: totalSteps)
            let summary = made.learner.train(totalSteps: totalSteps, hooks: TrainingHooks(onProgress: { bar.update(done: $0.step, status: $0.statusLine) }))
            bar.finish()
            if let failure = summary.failure { throw ValidationFailure("training on \(task.id) stopped: \(failure)") }
            entries.append(try PolicyEntry.make(environmentID: task.id, options: [:], learner: made.learner, algorithm: .ppo,
                                                seed: runSeed, summary: summary))
            let curve = "\(plots)/learning-curve-miner\(miner)-\(task.id).svg"
            try LearningCurveSVG.render(summary.episodes, title: "miner \(miner): \(task.id), PPO, \(summary.steps) steps")
                .write(toFile: curve, atomically: true, encoding: .utf8)
            let recent = summary.recentMeanReturn.map { String(format: "%.1f", $0) } ?? "n/a"
            progress.detail("\(task.id): \(summary.steps) steps in \(String(format: "%.1f", summary.seconds)) s, mean return of the last 100 episodes \(recent)")
        }
        return entries
    }

    /// Trains one forecaster on every series (pinball loss on the first 80% of each; the
    /// validator scores on the held-out end), adds short PPO runs on the plan's side tasks (a
    /// specialist still fills in the other environments), and writes them as one bundle.
    func trainSpecialist(series: [TimeSeries]) throws -> Miner {
        var config = ForecastTrainingConfig()
        config.kind = .mlp
        config.setup.context = DemoPlan.forecastContext
        config.setup.horizon = DemoPlan.forecastHorizon
        config.training.epochs = plan.forecasterEpochs
        config.training.seed = seed
        let (model, reports, optimizerState) = try ForecastExperiment.runPooled(series, config: config, showsProgress: progress.showsBars)
        for report in reports {
            let skill = report.skill.map { String(format: "%+.3f", $0) } ?? "undefined"
            progress.detail("\(report.series): CRPS \(String(format: "%.4g", report.crps)) against seasonal naive's "
                            + "\(String(format: "%.4g", report.baselineCRPS)), skill \(skill) on its own test part")
        }
        let setup = reports[0].setup
        let entry = try BundleEntry(
            name: "pooled-\(config.kind.rawValue)", module: model, optimizerState: optimizerState,
            observationSpace: "{\"context\": \(setup.context), \"scaling\": \"context mean and standard deviation\"}",
            actionSpace: "{\"horizon\": \(setup.horizon), \"quantiles\": \(setup.quantiles)}",
            metadata: ["task": "forecast", "series": series.map(\.name).joined(separator: ","), "algorithm": "adam+pinball",
                       "seed": String(seed), "epochs": String(reports[0].epochs), "date": BundleClock.now()])
        let sideEntries = try trainPolicies(plan.specialistSideTasks, miner: 2)
        let path = "\(checkpoints)/demo-miner2-forecast.h5"
        try BundleWriter.write(CheckpointBundle(entries: [entry] + sideEntries), to: path)
        return Miner(name: "specialist", bundle: path)
    }

    /// The generalist's bundle with Gaussian noise on every parameter (``DemoPlan/copyNoise``
    /// times each tensor's root mean square): a different weight hash, the same behaviour.
    func nearCopy(of original: Miner) throws -> Miner {
        let bundle = try BundleReader.read(original.bundle)
        var generator = PhiloxGenerator(seed: seed, stream: 0xC0_97)
        var entries: [BundleEntry] = []
        for var entry in bundle.entries {
            var noisy = StateDict()
            for key in entry.parameters.keys {
                let tensor = entry.parameters[key]!
                let values = tensor.scalars
                let rms = (values.reduce(0) { $0 + Double($1) * Double($1) } / Double(max(values.count, 1))).squareRoot()
                let noise = Tensor.randomNormal(tensor.shape, standardDeviation: plan.copyNoise * rms, dtype: tensor.dtype, using: &generator)
                noisy[key] = noGrad { tensor + noise }
            }
            entry.parameters = noisy
            entry.optimizerState = nil
            entry.metadata["note"] = "a near-copy of \(original.name)'s weights"
            entries.append(entry)
        }
        let path = "\(checkpoints)/demo-miner3-copy.h5"
        try BundleWriter.write(CheckpointBundle(entries: entries), to: path)
        return Miner(name: "near-copy", bundle: path)
    }

    /// The series the forecaster trains on and the validator scores on: every CSV in `folder`.
    static func series(in folder: String) throws -> [TimeSeries] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".csv") }.sorted()
        guard !names.isEmpty else { throw ValidationFailure("\(folder) holds no .csv series") }
        return try names.map { try TimeSeries.load(path: "\(folder)/\($0)") }
    }

    /// Synthetic series, when no data folder is at hand (the validator then scores on new
    /// synthetic series of the same generators).
    static func syntheticSeries(seed: UInt64) throws -> [TimeSeries] {
        var generator = PhiloxGenerator(seed: seed, stream: 0x5E_41E5)
        return try SyntheticSeriesKind.allCases.map { kind in
            let values = kind.generate(length: 600, using: &generator).values
            return try TimeSeries(name: "synthetic-\(kind.rawValue)", timestamps: values.indices.map { String(1000 + $0) }, values: values)
        }
    }
}

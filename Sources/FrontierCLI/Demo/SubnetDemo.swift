import ArgumentParser
import Evaluation
import Foundation
import Models
import Tensor
import Validator

extension Frontier.Demo {
    /// `frontier demo` (`frontier demo subnet`): a whole subnet on one machine. Three miners
    /// train locally and write bundles to the checkpoints folder; an embedded validator on
    /// loopback takes their signed submissions, runs an epoch on fresh secret seeds and scores
    /// it; the tables print, and the page, its screenshot, the plots and the weights stay in the
    /// output folder.
    struct Subnet: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "subnet",
            abstract: "Three miners train, sign and submit; an embedded validator scores them on fresh secret seeds and prints the weights.")

        @Flag(help: "Short training and few episodes: seconds instead of minutes (the test's mode).")
        var quick = false

        @Option(help: "Where the demo leaves the leaderboard page, its screenshot, the plots, the weights and the validator's data.")
        var out = "demo-output"

        @Option(help: "Where the miners' bundles go.")
        var checkpoints = "Checkpoints"

        @Option(help: "A folder of timestamp,value CSV series for the forecaster and Forecast-v0 (default: ../shared/datasets/forecasting when it exists, else synthetic series).")
        var forecastData: String?

        @Option(help: "Seed of the miners' training (the validator's epoch seeds come from its own fresh secret).")
        var seed: UInt64 = 0

        @Option(help: "The validator's port on 127.0.0.1 (0: any free one).")
        var port = 0

        @Flag(help: "Keep serving the leaderboard after the epoch, until interrupted.")
        var serve = false

        static let defaultForecastData = "../shared/datasets/forecasting"

        func validate() throws {
            guard (0...65535).contains(port) else { throw ValidationError("--port must lie in 0...65535") }
            if let forecastData, !Self.isFolder(forecastData) {
                throw ValidationError("--forecast-data \(forecastData) is not a folder")
            }
        }

        func run() throws {
            // Small networks: one BLAS thread each, as `frontier train` does.
            BLASRuntime.setThreadCount(1)
            TensorRuntime.intraOpThreads = 1
            let plan = quick ? DemoPlan.quick : DemoPlan.full
            let progress = DemoProgress(stages: 6)
            let plots = "\(out)/plots"
            // The plots are the demo's own: last run's go, so the folder shows this run's.
            try? FileManager.default.removeItem(atPath: plots)
            for folder in [out, plots, checkpoints] {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            }
            print(VersionReport.text)
            print("a subnet on this machine: three miners, one validator, one epoch" + (quick ? " (quick mode)" : ""))

            let dataFolder = forecastData ?? (Self.isFolder(Self.defaultForecastData) ? Self.defaultForecastData : nil)
            let series = try dataFolder.map(DemoMiners.series(in:)) ?? DemoMiners.syntheticSeries(seed: seed)
            let miners = DemoMiners(plan: plan, seed: seed, checkpoints: checkpoints, plots: plots, progress: progress)
            progress.stage(1, "miner 1, a generalist: PPO on \(plan.controlTasks.map(\.id).joined(separator: ", "))")
            let generalist = try miners.trainGeneralist()
            progress.detail("bundle \(generalist.bundle)")
            progress.stage(2, "miner 2, a forecasting specialist: one quantile forecaster on \(series.map(\.name).joined(separator: ", "))"
                           + (dataFolder == nil ? " (no data folder found: synthetic series)" : "")
                           + ", and short PPO runs on \(plan.specialistSideTasks.map(\.id).joined(separator: " and "))")
            let forecaster = try miners.trainSpecialist(series: series)
            progress.detail("bundle \(forecaster.bundle)")
            progress.stage(3, "miner 3, a copier: miner 1's weights with \(plan.copyNoise) × RMS Gaussian noise, submitted later")
            let copier = try miners.nearCopy(of: generalist)
            progress.detail("bundle \(copier.bundle)")

            let suite = plan.suite(forecastData: dataFolder)
            let validator = try DemoValidator(folder: "\(out)/validator", suite: suite)
            defer { validator.stop() }
            let url = try validator.start(port: port)
            progress.stage(4, "validator on \(url.absoluteString) (SQLite in \(out)/validator): signed submissions")
            var names: [String: String] = [:], uids: [Int: String] = [:]
            // The miners' hotkeys, fresh each run (a key file is never overwritten).
            let keys = "\(out)/miner-keys"
            try? FileManager.default.removeItem(atPath: keys)
            try FileManager.default.createDirectory(atPath: keys, withIntermediateDirectories: true)
            for (index, miner) in [generalist, forecaster, copier].enumerated() {
                let key = Hotkey()
                try key.write(to: "\(keys)/miner\(index + 1).key")
                let answer = try SubmissionUpload.send(bundle: miner.bundle, validator: url, key: key).object
                let id = answer["id"] as? String ?? "?", uid = answer["uid"] as? Int ?? -1
                names[id] = miner.name
                uids[uid] = miner.name
                progress.detail("miner \(index + 1) (\(miner.name)), hotkey \(key.publicKeyHex.prefix(12))…: uid \(uid), "
                                + "\(answer["status"] as? String ?? "?"), weight hash \((answer["weight_hash"] as? String ?? "?").prefix(12))…")
            }

            progress.stage(5, "epoch on fresh secret seeds: \(suite.environments.map { "\($0.id) × \($0.episodes)" }.joined(separator: ", "))")
            let counter = JobCounter(), jobNames = names
            let (epoch, result) = try validator.runEpoch(workers: 2, onOpened: { counter.total = $0.pending + $0.done }) { job, results in
                let done = counter.next()
                let scores = results.compactMap(\.score)
                let mean = scores.isEmpty ? "no score" : String(format: "mean score %.3f", scores.reduce(0, +) / Double(scores.count))
                progress.detail("job \(done)/\(counter.total): \(jobNames[job.submission] ?? job.submission) on \(job.environment), "
                                + "\(results.count) episodes, \(mean)")
            }

            progress.stage(6, "scores, weights and the page")
            let artefacts = try DemoArtefacts.write(validator: validator, result: result, folder: out, plots: plots)
            print()
            print(DemoSummary.text(epoch: epoch, result: result, names: uids))
            print("outputs (\(String(format: "%.0f", progress.elapsed)) s):")
            print("  bundles      \(generalist.bundle), \(forecaster.bundle), \(copier.bundle)")
            for (label, path) in artefacts.listing { print("  \(label.padding(12)) \(path)") }
            print("open \(out)/leaderboard.html in a browser, or run `frontier demo --serve` to keep the validator's page and API up")
            if serve {
                print("\nthe leaderboard is at \(url.absoluteString)/ — interrupt (Ctrl-C) to stop")
                while true { sleep(3600) }
            }
        }

        static func isFolder(_ path: String) -> Bool {
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue
        }
    }
}

/// Counts finished jobs across the epoch's workers.
private final class JobCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var done = 0
    var total = 0

    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        done += 1
        return done
    }
}

import Checkpoint
import Foundation
import NN
import RL
import Testing

@Suite("frontier train --resume and --stop-at-return", .serialized)
struct TrainResumeCommandTests {
    static func parameters(_ path: String) throws -> [String: [Float]] {
        let entry = try #require(try BundleReader.read(path).entries.first)
        var values: [String: [Float]] = [:]
        for (key, tensor) in entry.parameters { values[key] = tensor.scalars }
        return values
    }

    @Test("2N steps at once and N steps plus --resume for N more give the same weights, bit for bit")
    func resumeIsBitIdentical() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let config = folder + "/ppo.yaml"
        // Normalisation on, so the saved statistics and per-copy returns matter too.
        try "environment_count: 4\nrollout_steps: 64\nepochs: 2\nminibatch_count: 4\nnormalize_observations: true\nnormalize_rewards: true\ntotal_steps: 4096\n"
            .write(toFile: config, atomically: true, encoding: .utf8)
        let straight = try runFrontier(["train", "--env", "CartPole-v1", "--seed", "4", "--config", config,
                                        "--out", folder + "/straight.h5", "--quiet"])
        #expect(straight.status == 0, "\(straight.error)")
        // The same 4096-step plan, stopped half-way: a threshold every evaluation reaches ends
        // the run at its first evaluation, after 2048 steps, with the schedule still planned for 4096.
        let firstHalf = try runFrontier(["train", "--env", "CartPole-v1", "--seed", "4", "--config", config,
                                         "--eval-every", "2048", "--eval-episodes", "1", "--stop-at-return=-1",
                                         "--out", folder + "/half.h5", "--quiet"])
        #expect(firstHalf.status == 0, "\(firstHalf.error)")
        #expect(firstHalf.output.contains("solved (≥ -1.0) at step 2048"), "\(firstHalf.output)")
        let half = try #require(try BundleReader.read(folder + "/half.h5").entries.first)
        #expect(half.metadata["steps"] == "2048")
        #expect(half.metadata[RunResumption.stateKey] != nil && half.optimizerState != nil)

        let resumed = try runFrontier(["train", "--resume", folder + "/half.h5", "--out", folder + "/resumed.h5", "--quiet"])
        #expect(resumed.status == 0, "\(resumed.error)")
        #expect(resumed.output.contains("4096 steps"), "\(resumed.output)")
        let straightWeights = try Self.parameters(folder + "/straight.h5")
        let resumedWeights = try Self.parameters(folder + "/resumed.h5")
        #expect(straightWeights.keys.sorted() == resumedWeights.keys.sorted())
        #expect(straightWeights == resumedWeights)
        #expect(straightWeights != (try Self.parameters(folder + "/half.h5")))

        // A finished run needs --steps to go on; resuming options come from the bundle.
        let again = try runFrontier(["train", "--resume", folder + "/resumed.h5", "--out", folder + "/again.h5", "--quiet"])
        #expect(again.status != 0 && again.error.contains("the run is complete"), "\(again.error)")
        let extended = try runFrontier(["train", "--resume", folder + "/resumed.h5", "--steps", "256", "--out", folder + "/more.h5", "--quiet"])
        #expect(extended.status == 0 && extended.output.contains("4352 steps"), "\(extended.error)\(extended.output)")
        let conflicting = try runFrontier(["train", "--resume", folder + "/half.h5", "--seed", "5", "--quiet"])
        #expect(conflicting.status != 0 && conflicting.error.contains("--seed comes from the bundle"), "\(conflicting.error)")
        let overwrite = try runFrontier(["train", "--resume", folder + "/half.h5", "--out", folder + "/half.h5", "--quiet"])
        #expect(overwrite.status != 0 && overwrite.error.contains("is also an input"), "\(overwrite.error)")
    }

    @Test("--stop-at-return stops at the first evaluation that reaches it and logs every evaluation")
    func stopAtReturn() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let run = try runFrontier(["train", "--env", "CartPole-v1", "--seed", "0", "--steps", "100000", "--eval-every", "2048",
                                   "--eval-episodes", "5", "--stop-at-return", "150", "--out", folder + "/solved.h5", "--quiet"])
        #expect(run.status == 0, "\(run.error)")
        let metrics = try String(contentsOfFile: folder + "/solved.metrics.jsonl", encoding: .utf8)
        let evaluations = metrics.split(separator: "\n").compactMap { line -> (step: Int, mean: Double)? in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let mean = object["eval/mean_return"] as? Double, let step = object["step"] as? Int else { return nil }
            return (step, mean)
        }
        try #require(!evaluations.isEmpty)
        // Every evaluation but the last was below the threshold; the last reached it.
        #expect(evaluations.dropLast().allSatisfy { $0.mean < 150 })
        #expect(evaluations.last!.mean >= 150)
        let entry = try #require(try BundleReader.read(folder + "/solved.h5").entries.first)
        #expect(entry.metadata["steps"] == "\(evaluations.last!.step)")
        #expect(Int(entry.metadata["steps"]!)! < 100_000)
        // The kept bundle is the evaluated policy: evaluating it on the same seeds gives the same mean.
        let check = try runFrontier(["evaluate", folder + "/solved.h5", "--env", "CartPole-v1", "--episodes", "5",
                                     "--seed", "\(PeriodicEvaluation.defaultSeed(trainingSeed: 0))", "--json"])
        #expect(check.status == 0, "\(check.error)")
        let reported = try JSONSerialization.jsonObject(with: Data(check.output.utf8)) as? [String: Any]
        #expect(reported?["mean"] as? Double == evaluations.last!.mean, "\(check.output)")
    }
}

@Suite("frontier search", .serialized)
struct SearchCommandTests {
    @Test("search writes a config train accepts, a bundle and two SVGs, and a study in SQLite resumes to more trials")
    func searchAndResume() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let prefix = folder + "/cp"
        let first = try runFrontier(["search", "--env", "CartPole-v1", "--trials", "4", "--budget", "3072", "--eval-every", "1024",
                                     "--study", folder + "/study.sqlite", "--out", prefix, "--seed", "2"])
        #expect(first.status == 0, "\(first.error)")
        #expect(first.output.contains("trial  state"), "\(first.output)")
        for suffix in [".best.yaml", ".best.h5", ".history.svg", ".importance.svg"] {
            #expect(FileManager.default.fileExists(atPath: prefix + suffix), "\(suffix)")
        }
        let train = try runFrontier(["train", "--env", "CartPole-v1", "--config", prefix + ".best.yaml", "--out", folder + "/t.h5", "--quiet"])
        #expect(train.status == 0, "\(train.error)")
        #expect(train.output.contains("3072 steps") || train.error.contains("3072 steps requested"), "\(train.output)\(train.error)")

        let more = try runFrontier(["search", "--env", "CartPole-v1", "--trials", "6", "--budget", "3072", "--eval-every", "1024",
                                    "--study", folder + "/study.sqlite", "--out", prefix + "2", "--seed", "2"])
        #expect(more.status == 0, "\(more.error)")
        let rows = more.output.split(separator: "\n").filter { line in
            let words = line.split(separator: " ")
            return words.count > 2 && ["complete", "pruned", "failed"].contains(String(words[1]))
        }
        #expect(rows.map { $0.split(separator: " ").first.map(String.init) } == ["4", "5"], "\(more.output)")
        let bad = try runFrontier(["search", "--env", "CartPole-v1", "--algo", "dqn", "--trials", "1"])
        #expect(bad.status != 0 && bad.error.contains("needs a --space"), "\(bad.error)")
    }

    @Test("search passes --option to every trial and stores it in the best bundle; a bad option is refused before any trial")
    func searchWithOptions() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let prefix = folder + "/sat"
        // 12 variables instead of SAT-v0's default 20: a policy trained without the option would
        // not fit the environment's per-variable observations.
        let run = try runFrontier(["search", "--env", "SAT-v0", "--option", "variables=12", "--option", "flips=40", "--trials", "2",
                                   "--budget", "1024", "--eval-every", "512", "--eval-episodes", "2", "--out", prefix, "--quiet"])
        #expect(run.status == 0, "\(run.error)")
        let bundle = try BundleReader.read(prefix + ".best.h5")
        #expect(bundle.entries.first?.metadata["environment_options"] == "flips=40\nvariables=12")
        let config = try String(contentsOfFile: prefix + ".best.yaml", encoding: .utf8)
        #expect(config.contains("frontier train --env SAT-v0 --option flips=40 --option variables=12"), "\(config)")
        let evaluated = try runFrontier(["evaluate", prefix + ".best.h5", "--env", "SAT-v0", "--option", "variables=12",
                                         "--option", "flips=40", "--episodes", "2", "--json"])
        #expect(evaluated.status == 0, "\(evaluated.error)")

        let unknown = try runFrontier(["search", "--env", "SAT-v0", "--option", "variable=12", "--trials", "1", "--out", folder + "/x"])
        #expect(unknown.status != 0 && unknown.error.contains("variable"), "\(unknown.error)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/x.best.h5"))
        let malformed = try runFrontier(["search", "--env", "SAT-v0", "--option", "variables", "--trials", "1"])
        #expect(malformed.status == 64, "\(malformed.error)")
        let withoutEnv = try runFrontier(["search", "--model", "forecaster", folder + "/none.csv", "--option", "variables=12"])
        #expect(withoutEnv.status == 64 && withoutEnv.error.contains("goes with --env"), "\(withoutEnv.error)")
    }
}

@Suite("frontier search --model forecaster", .serialized)
struct ForecasterSearchCommandTests {
    @Test("tunes forecasters on validation loss and writes their bundle, config and plots")
    func forecasterSearch() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let lines = (0..<200).map { "\($0),\(10 + 3 * sin(Double($0) * 2 * Double.pi / 12) + Double($0 % 7) * 0.1)" }
        try ("timestamp,value\n" + lines.joined(separator: "\n") + "\n").write(toFile: folder + "/a.csv", atomically: true, encoding: .utf8)
        let run = try runFrontier(["search", "--model", "forecaster", folder + "/a.csv", "--trials", "3", "--out", folder + "/fc"])
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output.contains("trial  state     value     epochs"), "\(run.output)")
        #expect(run.output.contains("mean validation pinball loss"), "\(run.output)")
        let bundle = try BundleReader.read(folder + "/fc.best.h5")
        #expect(bundle.entries.count == 1 && bundle.entries[0].metadata["task"] == "forecast")
        let config = try String(contentsOfFile: folder + "/fc.best.yaml", encoding: .utf8)
        #expect(config.contains("retrain with: frontier fit forecast") && config.contains("kind: "))
        let both = try runFrontier(["search", "--env", "CartPole-v1", "--model", "forecaster", folder + "/a.csv"])
        #expect(both.status != 0 && both.error.contains("give either --env"), "\(both.error)")
    }
}

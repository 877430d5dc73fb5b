import ArgumentParser
import Checkpoint
import Environments
import Foundation
import RL
import Testing
@testable import FrontierCLI

/// Runs the built `frontier` binary; returns (status, stdout, stderr).
func runFrontier(_ arguments: [String]) throws -> (status: Int32, output: String, error: String) {
    let process = Process()
    process.executableURL = RestartTests.executable
    process.arguments = arguments
    let output = Pipe(), error = Pipe()
    process.standardOutput = output
    process.standardError = error
    try process.run()
    let outData = output.fileHandleForReading.readDataToEndOfFile()
    let errData = error.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
}

func temporaryFolder() throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("frontier-cli-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

@Suite("frontier train, evaluate and env", .serialized)
struct RLCommandTests {
    @Test("train writes a bundle inspect can read, JSON-lines metrics and an SVG curve; evaluate is deterministic")
    func trainAndEvaluate() throws {
        let folder = try temporaryFolder()
        let bundle = folder + "/cartpole.h5"
        let config = folder + "/ppo.yaml"
        try "# a short run\nepochs: 4\nminibatch_count: 4\nlearning_rate: 0.002\n".write(toFile: config, atomically: true, encoding: .utf8)
        let train = try runFrontier(["train", "--env", "CartPole-v1", "--algo", "ppo", "--steps", "20000", "--seed", "3",
                                     "--config", config, "--out", bundle, "--quiet"])
        #expect(train.status == 0, "\(train.error)")
        #expect(train.output.contains("trained ppo on CartPole-v1"), "\(train.output)")

        let metrics = try String(contentsOfFile: folder + "/cartpole.metrics.jsonl", encoding: .utf8)
        let lines = metrics.split(separator: "\n")
        #expect(lines.contains { $0.contains("\"charts/episodic_return\"") })
        #expect(lines.contains { $0.contains("\"losses/value_loss\"") && $0.contains("\"losses/approx_kl\"") })
        for line in lines { #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil, "\(line)") }
        let svg = try String(contentsOfFile: folder + "/cartpole.svg", encoding: .utf8)
        #expect(svg.hasPrefix("<svg") && svg.contains("<polyline"))

        let read = try BundleReader.read(bundle)
        let entry = try #require(read.entry("CartPole-v1"))
        #expect(entry.metadata["algorithm"] == "ppo")
        #expect(entry.metadata["hyperparameters"]?.contains("\"epochs\":4") == true)
        let inspect = try runFrontier(["inspect", bundle])
        #expect(inspect.status == 0, "\(inspect.error)")
        #expect(inspect.output.contains("CartPole-v1: actor_critic") && inspect.output.contains("rebuilds: architecture predicts")
                && inspect.output.contains("observation and action spaces agree with the network"), "\(inspect.output)")

        let first = try runFrontier(["evaluate", bundle, "--env", "CartPole-v1", "--episodes", "5", "--seed", "9", "--json"])
        let second = try runFrontier(["evaluate", bundle, "--env", "CartPole-v1", "--episodes", "5", "--seed", "9", "--json"])
        #expect(first.status == 0, "\(first.error)")
        #expect(first.output == second.output)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(first.output.utf8)) as? [String: Any])
        #expect(object["episodes"] as? Int == 5)
        let mean = try #require(object["mean"] as? Double)
        #expect(object["std"] is Double && object["ci95"] is [Double])
        #expect(mean > 100, "a 20k-step PPO policy balances for a while: \(mean)")

        let text = try runFrontier(["evaluate", bundle, "--env", "CartPole-v1", "--episodes", "5", "--seed", "9"])
        #expect(text.output.contains("mean return") && text.output.contains("95% interval"))
        let wrongEnv = try runFrontier(["evaluate", bundle, "--env", "Pendulum-v1"])
        #expect(wrongEnv.status != 0 && wrongEnv.error.contains("no policy for Pendulum-v1"), "\(wrongEnv.error)")
    }

    @Test("bad training input is refused with a message naming the problem, and nothing is written")
    func trainRefusals() throws {
        let folder = try temporaryFolder()
        let unknown = try runFrontier(["train", "--env", "CartPol-v1", "--out", folder + "/x.h5", "--quiet"])
        #expect(unknown.status != 0 && unknown.error.contains("unknown environment 'CartPol-v1'"), "\(unknown.error)")
        let config = folder + "/bad.yaml"
        try "learning_rat: 0.1\n".write(toFile: config, atomically: true, encoding: .utf8)
        let misspelt = try runFrontier(["train", "--env", "CartPole-v1", "--config", config, "--out", folder + "/x.h5", "--quiet"])
        #expect(misspelt.status != 0 && misspelt.error.contains("unknown key 'learning_rat'"), "\(misspelt.error)")
        try "epochs: [unclosed\n".write(toFile: config, atomically: true, encoding: .utf8)
        let malformed = try runFrontier(["train", "--env", "CartPole-v1", "--config", config, "--out", folder + "/x.h5", "--quiet"])
        #expect(malformed.status != 0 && malformed.error.contains("not valid YAML"), "\(malformed.error)")
        let dqnOnPendulum = try runFrontier(["train", "--env", "Pendulum-v1", "--algo", "dqn", "--out", folder + "/x.h5", "--quiet"])
        #expect(dqnOnPendulum.status != 0 && dqnOnPendulum.error.contains("Discrete"), "\(dqnOnPendulum.error)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/x.h5"))
        #expect(throws: (any Error).self) { try Frontier.Train.parse(["--env", "CartPole-v1", "--steps", "0"]) }
        #expect(throws: (any Error).self) { try Frontier.Train.parse(["--env", "CartPole-v1", "--algo", "sac"]) }
    }

    @Test("env list shows every registered environment")
    func list() throws {
        let text = try runFrontier(["env", "list"])
        #expect(text.status == 0)
        for id in ["CartPole-v1", "Acrobot-v1", "MountainCar-v0", "Pendulum-v1"] { #expect(text.output.contains(id)) }
        let json = try runFrontier(["env", "list", "--json"])
        let objects = json.output.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(objects.count == EnvironmentRegistry.builtIn.ids.count)
        #expect(objects.contains { $0["id"] as? String == "CartPole-v1" && $0["max_episode_steps"] as? Int == 500 })
    }

    @Test("env replay prints one JSON line per transition, from a state or a seed, matching the library")
    func replay() throws {
        let result = try runFrontier(["env", "replay", "CartPole-v1", "--state", "[0.01, -0.02, 0.03, 0.04]", "--actions", "1,0,1"])
        #expect(result.status == 0, "\(result.error)")
        let lines = result.output.split(separator: "\n").map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(lines.count == 4)
        let environment = try EnvironmentRegistry.builtIn.make("CartPole-v1") as! TimeLimit
        _ = try environment.reset(state: [0.01, -0.02, 0.03, 0.04])
        for (index, action) in [1, 0, 1].enumerated() {
            let transition = environment.step(.discrete(action))
            let line = lines[index + 1]
            let observation = (line["observation"] as! [NSNumber]).map(\.floatValue)
            #expect(observation == transition.observation)
            #expect(line["reward"] as? Double == transition.reward)
            #expect(line["terminated"] as? Bool == false && line["truncated"] as? Bool == false)
        }
        let pendulum = try runFrontier(["env", "replay", "Pendulum-v1", "--seed", "4", "--actions", "0.5,-3,2"])
        #expect(pendulum.status == 0 && pendulum.output.split(separator: "\n").count == 4, "\(pendulum.error)")
        let seeded = try runFrontier(["env", "replay", "Pendulum-v1", "--seed", "4", "--actions", "0.5,-3,2"])
        #expect(seeded.output == pendulum.output)

        // A negative first torque is a value, not an option; huge values are refused, not stepped.
        let negative = try runFrontier(["env", "replay", "Pendulum-v1", "--seed", "1", "--actions", "-1.5,0.5"])
        #expect(negative.status == 0 && negative.output.contains("\"action\": [-1.5]"), "\(negative.error)")
        let huge = try runFrontier(["env", "replay", "Pendulum-v1", "--actions", "1e39"])
        #expect(huge.status != 0 && huge.error.contains("not finite"), "\(huge.error)")
        // States are read exactly: the line-0 state prints the given digits back.
        let precise = try runFrontier(["env", "replay", "CartPole-v1", "--state", "[0.027395604855596334, 0, 0, 0]", "--actions", "1"])
        #expect(precise.output.contains("0.027395604855596334"), "\(precise.output)")

        let badAction = try runFrontier(["env", "replay", "CartPole-v1", "--actions", "1,2"])
        #expect(badAction.status != 0 && badAction.error.contains("action 1"), "\(badAction.error)")
        let badState = try runFrontier(["env", "replay", "CartPole-v1", "--state", "[1, 2]", "--actions", "1"])
        #expect(badState.status != 0 && badState.error.contains("state"), "\(badState.error)")
        let both = try runFrontier(["env", "replay", "CartPole-v1", "--state", "[0,0,0,0]", "--seed", "1", "--actions", "1"])
        #expect(both.status != 0)
    }

    @Test("YAML config files: mappings are read, other shapes refused")
    func configFiles() throws {
        let folder = try temporaryFolder()
        let path = folder + "/c.yaml"
        try "learning_rate: 0.001\nhidden_sizes: [32, 32]\n".write(toFile: path, atomically: true, encoding: .utf8)
        let file = try ConfigFile.read(path)
        #expect(file.values["learning_rate"] as? Double == 0.001)
        #expect(file.lines == ["learning_rate": 1, "hidden_sizes": 2])
        let config = try ConfigLoading.merge(PPOConfig(), overrides: file.values)
        #expect(config.hiddenSizes == [32, 32])
        try "- a\n- b\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: (any Error).self) { try ConfigFile.read(path) }
        #expect(throws: (any Error).self) { try ConfigFile.read(folder + "/missing.yaml") }
    }
}

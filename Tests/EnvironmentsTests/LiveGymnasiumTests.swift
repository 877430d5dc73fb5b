import Environments
import Foundation
import RL
import Tensor
import Testing

/// Runs Gymnasium itself (the project's venv, which `make test` installs) on freshly drawn
/// states and actions and compares Frontier's replay: the golden file cannot cover every
/// state, and this catches a Gymnasium upgrade that changes the dynamics.
@Suite struct LiveGymnasiumTests {
    /// The package root, from this file's path (Tests/EnvironmentsTests/<file>).
    private static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func randomEpisodesMatchLiveGymnasium() throws {
        let python = Self.packageRoot.appendingPathComponent(".venv/bin/python")
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            Issue.record("\(python.path) is missing: run `scripts/venv.sh test` (or `make test`, which does) to install Gymnasium")
            return
        }
        var entropy = SystemRandomNumberGenerator()
        let seed = entropy.next() as UInt64
        let request = Self.randomCases(seed: seed)
        let replies = try Self.runGymnasium(python: python, cases: request)
        #expect(replies.count == request.count)
        for (index, golden) in replies.enumerated() where index < request.count {
            let id = request[index]["id"] as! String
            if let problem = try firstDisagreement(replaying: golden, in: id) {
                Issue.record("seed \(seed), \(id) (\(golden.name)): \(problem)")
            }
        }
    }

    /// One or two cases per environment from a random state, options and actions.
    private static func randomCases(seed: UInt64) -> [[String: Any]] {
        var random = PhiloxGenerator(seed: seed)
        func uniform(_ low: Double, _ high: Double) -> Double { low + (high - low) * random.nextDouble() }
        func discrete(_ count: Int) -> [Int] { (0..<300).map { _ in random.nextInt(below: count) } }
        let pi = Double.pi
        return [
            ["id": CartPole.id, "name": "random state",
             "initial_state": [uniform(-2, 2), uniform(-2, 2), uniform(-0.2, 0.2), uniform(-2, 2)], "actions": discrete(2),
             "options": ["sutton_barto_reward": Double(random.nextInt(below: 2))], "steps_after_end": 3],
            ["id": CartPole.id, "name": "random state, semi-implicit euler",
             "initial_state": [uniform(-0.5, 0.5), uniform(-1, 1), uniform(-0.1, 0.1), uniform(-1, 1)], "actions": discrete(2),
             "options": ["semi_implicit_euler": 1.0]],
            ["id": Acrobot.id, "name": "random state near rest (long episode)",
             "initial_state": [uniform(-1, 1), uniform(-1, 1), uniform(-2, 2), uniform(-2, 2)], "actions": discrete(3)],
            ["id": Acrobot.id, "name": "random state",
             "initial_state": [uniform(-pi, pi), uniform(-pi, pi), uniform(-4 * pi, 4 * pi), uniform(-9 * pi, 9 * pi)],
             "actions": discrete(3)],
            ["id": MountainCar.id, "name": "random state",
             "initial_state": [uniform(-1.2, 0.5), uniform(-0.07, 0.07)], "actions": discrete(3),
             "options": ["goal_velocity": uniform(0, 0.02)]],
            ["id": Pendulum.id, "name": "random state",
             "initial_state": [uniform(-10, 10), uniform(-8, 8)],
             "actions": (0..<200).map { _ in Double(Float(uniform(-3, 3))) }, "options": ["g": uniform(5, 15)]],
        ]
    }

    /// Runs `scripts/golden/gym_trajectories.py --replay` on the cases and decodes its answer.
    private static func runGymnasium(python: URL, cases: [[String: Any]]) throws -> [GoldenCase] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("frontier-gym-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let requestURL = directory.appendingPathComponent("request.json")
        try JSONSerialization.data(withJSONObject: ["cases": cases]).write(to: requestURL)
        let outputURL = directory.appendingPathComponent("reply.json")
        let errorURL = directory.appendingPathComponent("stderr.txt")
        for url in [outputURL, errorURL] { _ = FileManager.default.createFile(atPath: url.path, contents: nil) }
        let process = Process()
        process.executableURL = python
        process.arguments = [packageRoot.appendingPathComponent("scripts/golden/gym_trajectories.py").path, "--replay", requestURL.path]
        process.standardOutput = try FileHandle(forWritingTo: outputURL)
        process.standardError = try FileHandle(forWritingTo: errorURL)
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = (try? String(contentsOf: errorURL, encoding: .utf8)) ?? ""
            throw LiveGymnasiumError(message: "gym_trajectories.py --replay exited with \(process.terminationStatus): \(message)")
        }
        struct Reply: Decodable { var gymnasiumVersion: String; var cases: [GoldenCase] }
        let reply = try GoldenTrajectories.decode(Reply.self, Data(contentsOf: outputURL))
        #expect(reply.gymnasiumVersion == "1.4.0")
        return reply.cases
    }
}

/// Gymnasium could not be run.
struct LiveGymnasiumError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

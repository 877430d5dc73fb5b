import Foundation
import Testing
import RL

/// `Resources/gym_trajectories.json`, written by `scripts/golden/gym_trajectories.py` from
/// Gymnasium.
struct GoldenTrajectories: Decodable {
    var gymnasiumVersion: String
    var environments: [String: GoldenEnvironment]

    /// The file, decoded once.
    static let shared: GoldenTrajectories = {
        guard let url = Bundle.module.url(forResource: "gym_trajectories", withExtension: "json", subdirectory: "Resources") else {
            fatalError("gym_trajectories.json is missing from the test bundle; run `make golden`")
        }
        do {
            return try decode(GoldenTrajectories.self, Data(contentsOf: url))
        } catch {
            fatalError("cannot read gym_trajectories.json: \(error)")
        }
    }()

    /// Decodes the script's JSON (snake_case keys, infinities as "inf"/"-inf").
    static func decode<T: Decodable>(_ type: T.Type = GoldenTrajectories.self, _ data: Data) throws -> T {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try decoder.decode(T.self, from: data)
    }

    /// Every case as `(environment id, case index)`, for parameterised tests.
    static var caseKeys: [GoldenCaseKey] {
        shared.environments.keys.sorted().flatMap { id in
            shared.environments[id]!.cases.indices.map { GoldenCaseKey(id: id, index: $0, name: shared.environments[id]!.cases[$0].name) }
        }
    }
}

/// One environment's spaces, limits and cases in the golden file.
struct GoldenEnvironment: Decodable {
    var stateNames: [String]
    var observationSpace: GoldenSpace
    var actionSpace: GoldenSpace
    var maxEpisodeSteps: Int
    var rewardThreshold: Double?
    var initialStateLow: [Double]
    var initialStateHigh: [Double]
    var cases: [GoldenCase]
}

/// A Gymnasium `Discrete` (`n`, `start`) or `Box` (`low`, `high`, `shape`).
struct GoldenSpace: Decodable {
    var n: Int?
    var start: Int?
    var low: [Double]?
    var high: [Double]?
    var shape: [Int]?
}

/// One recorded episode: where it starts, the actions, and what Gymnasium returned per step.
struct GoldenCase: Codable {
    var name: String
    var options: [String: Double]
    var initialState: [Double]
    var initialObservation: [Double]
    var actions: [Double]
    var observations: [[Double]]
    var rewards: [Double]
    var terminated: [Bool]
    var truncated: [Bool]
    var states: [[Double]]
}

/// Names one golden case in test output.
struct GoldenCaseKey: Sendable, CustomTestStringConvertible {
    var id: String
    var index: Int
    var name: String

    var testDescription: String { "\(id) #\(index): \(name)" }
    var goldenCase: GoldenCase { GoldenTrajectories.shared.environments[id]!.cases[index] }
}


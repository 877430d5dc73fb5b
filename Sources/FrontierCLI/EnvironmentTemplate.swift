import Foundation

/// The files `frontier env new NAME` writes: a working environment to edit, its registry entry
/// and its tests. The placeholder `__NAME__` stands for the type name, `__ID__` for the id.
enum EnvironmentTemplate {
    /// Why `name` cannot name an environment type (nil when it can).
    static func problem(_ name: String) -> String? {
        guard let first = name.unicodeScalars.first, CharacterSet.uppercaseLetters.contains(first), first.isASCII else {
            return "'\(name)' must start with an uppercase ASCII letter (it names a Swift type, like CartPole)"
        }
        guard name.count <= 64, name.unicodeScalars.allSatisfy({ $0.isASCII && CharacterSet.alphanumerics.contains($0) }) else {
            return "'\(name)' may hold only ASCII letters and digits, at most 64"
        }
        return nil
    }

    /// The files to write, by path relative to the package root.
    static func files(name: String) -> [(path: String, contents: String)] {
        let id = "\(name)-v0"
        func fill(_ text: String) -> String {
            text.replacingOccurrences(of: "__NAME__", with: name).replacingOccurrences(of: "__ID__", with: id)
        }
        return [
            ("Environments/\(name)/\(name).swift", fill(environment)),
            ("Environments/\(name)/\(name)+Registration.swift", fill(registration)),
            ("Tests/EnvironmentsTests/\(name)/\(name)Tests.swift", fill(tests)),
        ]
    }

    /// The line `env new` inserts into Environments/AuthoredEnvironments.swift.
    static func registryLine(name: String) -> String { "        \(name).registryEntry," }

    /// The marker the line goes above.
    static let registryMarker = "        // frontier env new: entries above"

    static let environment = """
    import RL
    import Tensor

    /// __ID__: walk along a line of cells to a target cell. (The skeleton `frontier env new`
    /// wrote: replace the task with yours, keeping the shape of the class.)
    ///
    /// - Observation: Box `[2]`: the walker's cell and the target's, each divided by `cells − 1`
    ///   so they lie in [0, 1].
    /// - Action: `Discrete(3)`: 0 steps left, 1 stays, 2 steps right (walls stop the walker).
    /// - Reward: −1/`cells` per step, and 1 on reaching the target (the episode terminates).
    /// - Truncation: the registry's time limit, 50 steps.
    /// - Score: the return mapped linearly from −50/`cells` (never arriving) to 1.
    ///
    /// Options: `cells` (3…1000, default 21).
    public final class __NAME__: Environment {
        /// The registry id.
        public static let id = "__ID__"
        /// The registry's record: reward range, time limit, how a return becomes a score.
        public static let defaultMetadata = EnvironmentMetadata(
            id: id, version: 0, minimumReward: -1, maximumReward: 1, maxEpisodeSteps: 50,
            scoreMapping: .linear(worst: -50.0 / 21, best: 1))

        /// The number of cells.
        public let cells: Int
        public let observationSpace: Space = .box(BoxSpace(low: [0, 0], high: [1, 1]))
        public let actionSpace: Space = .discrete(DiscreteSpace(3))
        public let metadata: EnvironmentMetadata

        private var randomness = EpisodeRandomness()
        private var position = 0
        private var target = 0
        private var started = false

        /// The environment with `options` (unknown or out-of-range options throw).
        public init(options: EnvironmentOptions = [:]) throws(EnvironmentError) {
            var options = options
            cells = Int(try options.value("cells", default: 21, range: 3...1000, environment: Self.id))
            try options.finish(environment: Self.id)
            var metadata = Self.defaultMetadata
            metadata.minimumReward = -1.0 / Double(cells)
            metadata.scoreMapping = .linear(worst: -50.0 / Double(cells), best: 1)
            self.metadata = metadata
        }

        /// A new episode: the walker and the target on distinct random cells.
        public func reset(seed: UInt64?) -> Reset {
            randomness.reseed(seed)
            position = Int(randomness.uniform(0, Double(cells)))
            repeat { target = Int(randomness.uniform(0, Double(cells))) } while target == position
            started = true
            return Reset(observation: observation())
        }

        /// Moves the walker one cell (or not) and pays the step's cost, or the arrival.
        public func step(_ action: Action) -> Transition {
            guard started else { stopOnStepBeforeReset(environment: Self.id) }
            let move = action.discreteIndex(for: Self.id)
            guard (0...2).contains(move) else { stopOnInvalidAction(action, environment: Self.id, reason: "actions are 0, 1 and 2") }
            position = min(max(position + move - 1, 0), cells - 1)
            let arrived = position == target
            let reward = arrived ? 1 : -1.0 / Double(cells)
            return Transition(observation: observation(), reward: reward, terminated: arrived, truncated: false,
                              info: Info(values: ["distance": Double(abs(target - position))]))
        }

        private func observation() -> [Float] {
            [Float(position) / Float(cells - 1), Float(target) / Float(cells - 1)]
        }
    }

    """

    static let registration = """
    import RL

    extension __NAME__ {
        /// What the registry knows of __ID__ (listed in Environments/AuthoredEnvironments.swift).
        static let registryEntry = EnvironmentRegistry.Entry(
            metadata: defaultMetadata,
            summary: "Walk along a line of cells to a target cell (a skeleton to replace).",
            factory: { options throws(EnvironmentError) in try __NAME__(options: options) })
    }

    """

    static let tests = """
    import Environments
    import RL
    import Testing

    @Suite("__ID__")
    struct __NAME__Tests {
        @Test("passes the conformance checks (what `frontier env check __ID__` runs)")
        func conformance() throws {
            let environment = try EnvironmentRegistry.builtIn.make(__NAME__.id)
            let findings = EnvironmentChecker.check(environment, seed: 0, steps: 2_000)
            #expect(findings.isEmpty, "\\(findings.map(\\.description))")
        }

        @Test("walking toward the target reaches it, for the highest score")
        func walkingTowardTheTargetArrives() throws {
            let environment = try EnvironmentRegistry.builtIn.make(__NAME__.id)
            for seed in 0..<20 as Range<UInt64> {
                var observation = environment.reset(seed: seed).observation
                var total = 0.0
                while true {
                    let transition = environment.step(.discrete(observation[1] > observation[0] ? 2 : 0))
                    total += transition.reward
                    observation = transition.observation
                    if transition.isDone {
                        #expect(transition.terminated, "seed \\(seed): the walker never arrived")
                        break
                    }
                }
                #expect(total > 0, "seed \\(seed): return \\(total)")
            }
        }

        @Test("options are checked")
        func options() {
            #expect(throws: EnvironmentError.self) { try __NAME__(options: ["cells": 1]) }
            #expect(throws: EnvironmentError.self) { try __NAME__(options: ["colour": 2]) }
        }
    }

    """
}

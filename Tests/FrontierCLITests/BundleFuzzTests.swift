import Checkpoint
import Foundation
import Models
import NN
import RL
import Tensor
import Testing
import TestSupport

/// Seeded mutations of whole bundle files, bounded in count and time so they run in CI: whatever a
/// mutation does, reading a bundle through the isolated reader and rebuilding its policy ends in a
/// value or a typed error. Mutated entries (architectures, spaces, parameters of every kind) are
/// fed to the loaders in-process by ``EntryFuzzTests``.
@Suite("Bundle loader fuzzing", .serialized)
struct BundleFuzzTests {
    /// Mutations drawn from a seeded generator.
    typealias Mutator = FuzzRandom

    /// A small trained-shape policy bundle entry (weights from a seeded initialisation).
    static func policyEntry() throws -> BundleEntry {
        var generator = PhiloxGenerator(seed: 5)
        let policy = ActorCritic(.init(observationSize: 4, actionSpace: .discrete(DiscreteSpace(2)), hiddenSizes: [8, 8]),
                                 using: &generator)
        let observation = Space.box(BoxSpace(low: -1, high: 1, shape: [4]))
        return try PolicyBundle.entry(environmentID: "CartPole-v1", policy: policy, observationSpace: observation,
                                      observationStatistics: nil, metadata: ["algorithm": "ppo"])
    }

    @Test("mutated bundle files are read through the isolated reader: a bundle or a BundleError, never a crash",
          .timeLimit(.minutes(3)))
    func mutatedFiles() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let original = folder + "/original.h5"
        try BundleWriter.write(CheckpointBundle(entries: [try Self.policyEntry()], hotkey: "abc"), to: original)
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: original)))
        var mutator = Mutator(seed: 1207)
        var outcomes: [String: Int] = [:]
        let clock = ContinuousClock()
        let start = clock.now
        var cases = 0
        while cases < 300 && clock.now - start < .seconds(60) {
            var damaged = bytes
            switch mutator.below(4) {
            case 0:
                for _ in 0..<(1 + mutator.below(4)) { damaged[mutator.below(damaged.count)] ^= UInt8(1 << mutator.below(8)) }
            case 1:
                let offset = mutator.below(damaged.count)
                for index in offset..<min(damaged.count, offset + 1 + mutator.below(16)) { damaged[index] = UInt8(mutator.below(256)) }
            case 2:
                damaged.removeSubrange(mutator.below(damaged.count)...)
            default:
                let offset = mutator.below(damaged.count)
                damaged[offset] = mutator.pick([0x00, 0xFF, 0x7F, 0x80])
            }
            let path = folder + "/case.h5"
            try Data(damaged).write(to: URL(fileURLWithPath: path))
            cases += 1
            outcomes[Self.outcome(of: path), default: 0] += 1
        }
        print("bundle file fuzz: \(cases) cases: " + outcomes.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "))
        #expect(cases >= 50)
        #expect(outcomes.values.reduce(0, +) == cases)
    }

    /// What reading `path` through the isolated reader and rebuilding its policies ended in.
    static func outcome(of path: String) -> String {
        do throws(BundleError) {
            let bundle = try IsolatedBundleReader.read(path, checker: RestartTests.executable, timeout: .seconds(20))
            for entry in bundle.entries { _ = try PolicyBundle.load(entry) }
            return "read and rebuilt"
        } catch {
            guard case let .checkFailed(_, reason) = error else { return "refused with an error" }
            if reason.contains("crashed") { return "refused: the child crashed" }
            if reason.contains("longer than") { return "refused: the child hung" }
            return "refused with an error"
        }
    }
}

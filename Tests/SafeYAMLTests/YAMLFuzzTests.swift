import Foundation
import Testing
import TestSupport
@testable import SafeYAML

/// A seeded mutation loop over the YAML loader: every mutated document must come back as a value
/// or a ``YAMLError``; a trap, a hang or a stack overflow fails the run. Bounded in count and time
/// so it runs in CI.
@Suite("YAML loader fuzzing")
struct YAMLFuzzTests {
    /// Mutations of YAML text, drawn from a seeded generator.
    struct Mutator {
        var random: FuzzRandom
        init(state: UInt64) { random = FuzzRandom(seed: state) }
        mutating func below(_ n: Int) -> Int { random.below(n) }

        /// Pieces that matter to YAML's grammar, spliced in at random places.
        static let tokens = ["[", "]", "{", "}", ",", ": ", "- ", "? ", "*a", "&a ", "!!str ", "|\n", ">\n", "'", "\"", "#",
                             "\n", "\n  ", "\t", "---\n", "...\n", "%YAML 1.1\n", "\\", "~", ".inf", "0x", "\u{0}", "é", "\u{FEFF}"]

        mutating func mutate(_ text: [UInt8]) -> [UInt8] {
            var bytes = text
            for _ in 0..<(1 + below(4)) {
                switch below(5) {
                case 0 where !bytes.isEmpty:
                    bytes[below(bytes.count)] ^= UInt8(1 << below(8))
                case 1:
                    let token = Array(Self.tokens[below(Self.tokens.count)].utf8)
                    bytes.insert(contentsOf: token, at: below(bytes.count + 1))
                case 2 where bytes.count > 1:
                    let start = below(bytes.count)
                    let end = min(bytes.count, start + 1 + below(16))
                    bytes.removeSubrange(start..<end)
                case 3 where !bytes.isEmpty:
                    let start = below(bytes.count)
                    let end = min(bytes.count, start + 1 + below(32))
                    let span = Array(bytes[start..<end])
                    for _ in 0..<(1 + below(50)) { bytes.insert(contentsOf: span, at: start) }
                default:
                    let open = ["[", "{a: ", "- ", "\n "][below(4)]
                    let depth = 1 + below(300)
                    bytes.insert(contentsOf: Array(String(repeating: open, count: depth).utf8), at: below(bytes.count + 1))
                }
            }
            return bytes
        }
    }

    static let seeds = [
        "learning_rate: 0.001\nepochs: 4\nhidden_sizes: [64, 64]\nactivation: tanh\ntarget_kl: null\n",
        "environments:\n  - id: CartPole-v1\n    episodes: 100\n    options: {max_steps: 500}\n  - id: SAT-v0\n    options:\n      variables: 20\nrule: affine-subsets\n",
        "space:\n  learning_rate: {type: float, low: 1.0e-5, high: 1.0e-2, log: true}\n  model: {type: categorical, choices: [mlp, gru]}\n  text: |\n    line one\n    line two\n",
    ]

    @Test("mutated documents give a value or a YAMLError, never a trap", .timeLimit(.minutes(2)))
    func mutations() {
        var mutator = Mutator(state: 20261207)
        var accepted = 0, refused = 0
        let clock = ContinuousClock()
        let start = clock.now
        var cases = 0
        while cases < 20_000 && clock.now - start < .seconds(20) {
            let seed = Array(Self.seeds[mutator.below(Self.seeds.count)].utf8)
            let mutated = mutator.mutate(seed)
            cases += 1
            guard let text = String(validating: mutated, as: UTF8.self) else { refused += 1; continue }
            do {
                _ = try BoundedYAML.parse(text, file: "fuzz.yaml")
                accepted += 1
            } catch {
                refused += 1
                #expect(!error.description.isEmpty)
            }
        }
        print("YAML fuzz: \(cases) cases, \(accepted) accepted, \(refused) refused with an error, 0 crashes")
        #expect(cases >= 1_000)
        #expect(accepted + refused == cases)
    }
}

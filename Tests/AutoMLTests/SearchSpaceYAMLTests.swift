import Foundation
import Testing
@testable import AutoML

@Suite struct SearchSpaceYAMLTests {
    func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("space-\(UUID().uuidString).yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func readsEveryKindAndConditions() throws {
        let path = try write("""
        learning_rate: {type: float, low: 1.0e-5, high: 1.0e-2, log: true}
        n_steps: {type: int, low: 64, high: 2048, step: 64}
        model: {type: categorical, choices: [gru, mlp, 3]}
        gru_size:
          type: int
          low: 8
          high: 128
          log: true
          when: {model: [gru]}
        dropout: {type: float, low: 0.0, high: 0.5, when: {model: mlp}}
        """)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let space = try SearchSpaceYAML.load(path: path)
        #expect(space["learning_rate"]?.distribution == .float(low: 1e-5, high: 1e-2, log: true))
        #expect(space["n_steps"]?.distribution == .int(low: 64, high: 2048, step: 64))
        #expect(space["model"]?.distribution == .categorical([.string("gru"), .string("mlp"), .int(3)]))
        #expect(space["gru_size"]?.condition == Condition(parent: "model", values: [.string("gru")]))
        #expect(space["dropout"]?.condition == Condition(parent: "model", values: [.string("mlp")]))
    }

    @Test(arguments: [
        ("a: {type: float, low: 1, high: 0}\n", 1, "a", "above high"),
        ("a: {type: float, low: 0.1, high: 1}\nb: {type: int, low: x, high: 3}\n", 2, "b.low", "integer"),
        ("a:\n  type: int\n  low: 1\n  high: 3\n  colour: red\n", 5, "a.colour", "unknown key"),
        ("a: {type: gaussian, low: 1, high: 3}\n", 1, "a.type", "unknown type"),
        ("a: {type: int, high: 3}\n", 1, "a.low", "missing"),
        ("a: {type: categorical, choices: [x], low: 1}\n", 1, "a.low", "not allowed"),
        ("a: {type: categorical, choices: [x, y]}\nb: {type: int, low: 1, high: 3, when: {a: z}}\n", 2, "b", "not a choice"),
        ("b: {type: int, low: 1, high: 3, when: {a: z}}\n", 1, "b", "defined before"),
        ("a: 3\n", 1, "a", "expected a mapping"),
    ])
    func errorsNameFileLineAndKey(text: String, line: Int, key: String, reason: String) throws {
        let path = try write(text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect {
            try SearchSpaceYAML.load(path: path)
        } throws: { error in
            guard case let .invalidFile(file, errorLine, errorKey, text) = error as? SearchSpaceError else { return false }
            return file == path && errorLine == line && errorKey == key && text.contains(reason)
        }
    }

    @Test func malformedYAMLIsABoundedLoaderError() throws {
        let path = try write("a: [1, 2\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect { try SearchSpaceYAML.load(path: path) } throws: { "\($0)".contains(path) }
    }
}

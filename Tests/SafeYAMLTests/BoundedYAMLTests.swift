import Foundation
import Testing
@testable import SafeYAML

@Suite("Bounded YAML loader")
struct BoundedYAMLTests {
    func parse(_ text: String, limits: YAMLLimits = YAMLLimits()) throws(YAMLError) -> YAMLValue {
        try BoundedYAML.parse(text, file: "test.yaml", limits: limits)
    }

    @Test("plain scalars resolve like YAML 1.1; quoted ones stay strings; lines are kept")
    func resolvesScalars() throws {
        let value = try parse("""
        # a config
        learning_rate: 0.001
        epochs: 4
        anneal: true
        target_kl: null
        name: "123"
        sizes: [64, 64]
        nested:
          inner: it's fine & so is this *star
        """)
        let entries = try #require(value.mapping)
        #expect(entries.map(\.key) == ["learning_rate", "epochs", "anneal", "target_kl", "name", "sizes", "nested"])
        #expect(value["learning_rate"]?.kind == .double(0.001))
        #expect(value["epochs"]?.kind == .int(4))
        #expect(value["anneal"]?.kind == .bool(true))
        #expect(value["target_kl"]?.kind == .null)
        #expect(value["name"]?.kind == .string("123"))
        #expect(value["sizes"]?.kind == .sequence([YAMLValue(.int(64), line: 7), YAMLValue(.int(64), line: 7)]))
        #expect(value["nested"]?["inner"]?.kind == .string("it's fine & so is this *star"))
        #expect(entries[1].line == 3)
        let plain = try #require(value.plain as? [String: Any])
        #expect(plain["epochs"] as? Int == 4 && plain["sizes"] as? [Int] == [64, 64])
    }

    @Test("block scalars and multi-line quoted strings do not confuse the nesting scan")
    func blockScalars() throws {
        let value = try parse("""
        text: |
          - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - -
          *not an alias* &nor an anchor
        quoted: "a [ [ [
          still quoted"
        after: 1
        """)
        #expect(value["after"]?.kind == .int(1))
        #expect(value["quoted"]?.kind == .string("a [ [ [ still quoted"))
    }

    @Test("complex mapping keys are refused with the line, not trapped on")
    func complexKeys() {
        #expect(throws: YAMLError.unsupported(file: "test.yaml", line: 2, feature: "an explicit mapping key ('? ')")) {
            try parse("a: 1\n? [a, b]\n: value\n")
        }
        // A flow mapping used as a key, without '?', reaches the converter.
        #expect(throws: YAMLError.nonScalarKey(file: "test.yaml", line: 1)) { try parse("{[a, b]: 1}") }
    }

    @Test("duplicate keys are refused with the line and the key")
    func duplicateKeys() {
        #expect(throws: YAMLError.duplicateKey(file: "test.yaml", line: 3, key: "epochs")) {
            try parse("epochs: 1\nlearning_rate: 0.1\nepochs: 2\n")
        }
    }

    @Test("deep nesting is refused before the parser sees it, flow or block")
    func deepNesting() {
        let flow = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: YAMLError.tooDeep(file: "test.yaml", line: 1, limit: 64)) { try parse(flow) }
        let mapping = String(repeating: "{a: ", count: 50_000) + "1" + String(repeating: "}", count: 50_000)
        #expect(throws: YAMLError.tooDeep(file: "test.yaml", line: 1, limit: 64)) { try parse(mapping) }
        var block = ""
        for level in 0..<200 { block += String(repeating: " ", count: level) + "k\(level):\n" }
        #expect(throws: YAMLError.self) { try parse(block) }
        let dashes = String(repeating: "- ", count: 10_000) + "x"
        #expect(throws: YAMLError.tooDeep(file: "test.yaml", line: 1, limit: 64)) { try parse(dashes) }
        // Moderate nesting is fine.
        #expect((try? parse("a: {b: {c: [1, [2, [3]]]}}")) != nil)
    }

    @Test("anchors and aliases are refused: a billion-laughs file cannot expand")
    func aliasBomb() {
        var bomb = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        for level in 1..<9 {
            bomb += "\(Character(UnicodeScalar(97 + level)!)): &\(Character(UnicodeScalar(97 + level)!)) ["
                + Array(repeating: "*\(Character(UnicodeScalar(96 + level)!))", count: 9).joined(separator: ",") + "]\n"
        }
        #expect(throws: YAMLError.unsupported(file: "test.yaml", line: 1, feature: "an anchor ('&name')")) { try parse(bomb) }
        #expect(throws: YAMLError.unsupported(file: "test.yaml", line: 1, feature: "an alias ('*name')")) { try parse("a: *b") }
        #expect(throws: YAMLError.unsupported(file: "test.yaml", line: 1, feature: "an anchor ('&name')")) { try parse("a: !!str &x b") }
    }

    @Test("size, value-count and scalar limits; several documents; syntax errors name line and column")
    func limits() throws {
        #expect(throws: YAMLError.tooLarge(file: "test.yaml", bytes: 2000, limit: 1000)) {
            try parse(String(repeating: "#", count: 2000), limits: YAMLLimits(maxBytes: 1000))
        }
        let many = "[" + Array(repeating: "1", count: 500).joined(separator: ",") + "]"
        #expect(throws: YAMLError.tooManyValues(file: "test.yaml", limit: 100)) { try parse(many, limits: YAMLLimits(maxNodes: 100)) }
        #expect(throws: YAMLError.scalarTooLong(file: "test.yaml", line: 1, bytes: 300, limit: 100)) {
            try parse("a: " + String(repeating: "x", count: 300), limits: YAMLLimits(maxScalarBytes: 100))
        }
        #expect(throws: YAMLError.self) { try parse("a: 1\n---\nb: 2\n") }
        do {
            _ = try parse("a: 1\nb: [1, 2\nc: 3\n")
            Issue.record("accepted unbalanced brackets")
        } catch let error {
            guard case let .syntax(file, line, _, _) = error else { Issue.record("\(error)"); return }
            #expect(file == "test.yaml" && line >= 2)
        }
    }

    @Test("files: folders, FIFOs, missing files and non-UTF-8 bytes are refused without hanging")
    func files() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("yaml-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(throws: YAMLError.unreadable(file: folder, reason: "it is a folder")) { try BoundedYAML.load(path: folder) }
        let fifo = folder + "/fifo.yaml"
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(throws: YAMLError.unreadable(file: fifo, reason: "not a regular file")) { try BoundedYAML.load(path: fifo) }
        let binary = folder + "/binary.yaml"
        try Data([0x61, 0x3A, 0x20, 0xFF, 0xFE]).write(to: URL(fileURLWithPath: binary))
        #expect(throws: YAMLError.notText(file: binary)) { try BoundedYAML.load(path: binary) }
        let empty = folder + "/empty.yaml"
        try Data().write(to: URL(fileURLWithPath: empty))
        #expect(try BoundedYAML.loadMapping(path: empty).isEmpty)
        let list = folder + "/list.yaml"
        try "- 1\n- 2\n".write(toFile: list, atomically: true, encoding: .utf8)
        #expect(throws: YAMLError.unexpectedShape(file: list, line: 1, key: nil, expected: "a mapping of keys to values, like `key: value`")) {
            try BoundedYAML.loadMapping(path: list)
        }
        #expect(throws: YAMLError.self) { try BoundedYAML.load(path: folder + "/missing.yaml") }
    }
}

import Foundation
import Tensor
import Testing
@testable import Checkpoint

/// The canonical JSON form the bundle hash covers: its rules, its refusals, and agreement with the
/// Python version in scripts/check_bundle.py (the one docs/checkpoint-format.md shows).
@Suite("Canonical JSON")
struct CanonicalJSONTests {
    /// Inputs and their canonical forms, written out by hand from the rules.
    static let cases: [(String, String)] = [
        (#" { "b" : 1 , "a" : [ true , false , null ] } "#, #"{"a":[true,false,null],"b":1}"#),
        (#"[64, 64.0, 6.4e1, 640E-1, 0.64e+2, -0, -0.0, 0e5]"#, "[64,64,64,64,64,0,0,0]"),
        (#"[1e21, 1e20, 123e18, 1e-7, 1e-6, 0.000001234, 1.5e-7, 123.456, 0.1]"#,
         "[1e+21,100000000000000000000,123000000000000000000,1e-7,0.000001,0.000001234,1.5e-7,123.456,0.1]"),
        (#"[5e-324, 1.7976931348623157e308, 9007199254740992, -9007199254740992, 2.5e-400]"#,
         "[5e-324,1.7976931348623157e+308,9007199254740992,-9007199254740992,0]"),
        // Integers are doubles too: beyond 2^53 they are rounded (and written without an exponent
        // below 10^21, which reads back to the same double).
        (#"[9007199254740993, 4611686018427387904, -9223372036854775808, 123456789012345678901234567890]"#,
         "[9007199254740992,4611686018427388000,-9223372036854776000,1.2345678901234568e+29]"),
        // 0.1 + 0.2 and a float32 bound written with 17 digits keep their shortest round-trip digits.
        (#"[0.30000000000000004, 0.10000000149011612, 3.4028234663852886e38]"#,
         "[0.30000000000000004,0.10000000149011612,3.4028234663852886e+38]"),
        (#"{"s": "a\/b\"c\\d\u00e9\n\t\b\f\r\u0001\u001f\u007f"}"#, "{\"s\":\"a/b\\\"c\\\\d\u{E9}\\n\\t\\b\\f\\r\\u0001\\u001f\u{7F}\"}"),
        (#""\ud83d\ude00""#, "\"\u{1F600}\""),
        // Keys sort by UTF-8 bytes: "Z" (0x5A) < "a" (0x61) < "é" (0xC3 0xA9); a precomposed and a
        // decomposed "é" are different keys, as in Python.
        (#"{"é": 1, "a": 2, "Z": 3, "e\u0301": 4}"#, "{\"Z\":3,\"a\":2,\"e\u{301}\":4,\"é\":1}"),
        ("[]", "[]"), ("{}", "{}"), ("\"\"", "\"\""), ("0", "0"),
    ]

    @Test("texts take their documented canonical form, which is a fixed point")
    func canonicalForms() throws {
        for (input, expected) in Self.cases {
            let canonical = try CanonicalJSON.canonicalize(input)
            #expect(canonical == expected, "\(input)")
            #expect(try CanonicalJSON.canonicalize(canonical) == canonical, "\(input)")
        }
    }

    @Test("JSON without a canonical form is refused with the offset and the reason")
    func refusals() {
        let refused: [(String, String)] = [
            (#"{"a": 1, "a": 2}"#, "appears twice"), ("NaN", "unexpected character"), ("[Infinity]", "unexpected character"),
            ("1e400", "beyond the range"), ("-1e400", "beyond the range"), ("1" + String(repeating: "0", count: 400), "beyond the range"),
            (#""\ud800""#, "lone surrogate"), (#""\udc00\ud800""#, "lone surrogate"), (#""\ud800\u0041""#, "lone surrogate"),
            ("[1,]", "unexpected character"), ("{\"a\":1,}", "object key"), ("01", "text after"), ("1.", "digit must follow"),
            ("-", "digit must follow"), ("1e", "digit must follow"), (".5", "unexpected character"), ("+1", "unexpected character"),
            ("\"a\u{01}b\"", "control character"), ("\"abc", "unterminated"), (#""\x""#, "unknown escape"), (#""\u12""#, "four hex"),
            ("[1] [2]", "text after"), ("", "missing"), ("   ", "missing"), ("tru", "expected true"), ("\u{FEFF}{}", "unexpected character"),
            (String(repeating: "[", count: 65) + String(repeating: "]", count: 65), "deeper than 64"),
        ]
        for (input, reason) in refused {
            do {
                let canonical = try CanonicalJSON.canonicalize(input)
                Issue.record("accepted \(input.prefix(40)) as \(canonical.prefix(40))")
            } catch {
                #expect(error.description.contains(reason), "\(input.prefix(40)): \(error)")
            }
        }
        #expect(throws: Never.self) {
            try CanonicalJSON.canonicalize(String(repeating: "[", count: 64) + String(repeating: "]", count: 64))
        }
    }

    @Test("deep nesting, long texts and every double are handled without a trap")
    func stress() throws {
        // 100 000 nested brackets: refused at depth 65 instead of overflowing the stack.
        #expect(throws: CanonicalJSONError.self) {
            try CanonicalJSON.canonicalize(String(repeating: "[", count: 100_000))
        }
        let long = "[" + Array(repeating: "1.25", count: 50_000).joined(separator: ",") + "]"
        #expect(try CanonicalJSON.canonicalize(long).count == 50_000 * 5 + 1)
        var generator = PhiloxGenerator(seed: 3)
        for _ in 0..<20_000 {
            let value = Double(bitPattern: generator.next())
            guard value.isFinite else { continue }
            let text = CanonicalNumber.text(value)
            #expect(Double(text) == value || (value == 0 && text == "0"), "\(value) → \(text)")
        }
    }

    @Test("the Python version in scripts/check_bundle.py gives the same bytes", .enabled(if: venvPython != nil, "needs .venv"))
    func agreesWithPython() throws {
        var inputs = Self.cases.map(\.0)
        var generator = PhiloxGenerator(seed: 11)
        // Doubles from their bit patterns (subnormals, huge, tiny), written two ways: shortest and
        // with 17 significant digits, plus float32 values as JSONEncoder writes them.
        for _ in 0..<3_000 {
            let value = Double(bitPattern: generator.next())
            guard value.isFinite else { continue }
            inputs.append("[\(value), \(String(format: "%.17g", value))]")
            let single = Float(bitPattern: UInt32(truncatingIfNeeded: generator.next()))
            if single.isFinite { inputs.append("[\(single)]") }
        }
        for _ in 0..<500 {
            let integer = Int64(bitPattern: generator.next()) >> Int64(generator.next() % 64)
            inputs.append("\(integer)")
        }
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let inputPath = folder.path("inputs.json")
        try JSONSerialization.data(withJSONObject: inputs).write(to: URL(fileURLWithPath: inputPath))
        let script = """
            import json, sys
            sys.path.insert(0, sys.argv[1])
            from check_bundle import canonical_json
            for text in json.load(open(sys.argv[2])):
                try:
                    print(canonical_json(text).hex())
                except (ValueError, UnicodeEncodeError):
                    print("refused")
            """
        let (status, output) = try runPython(try #require(venvPython),
                                             ["-c", script, repositoryRoot.appendingPathComponent("scripts").path, inputPath])
        #expect(status == 0, "\(output)")
        let lines = output.split(separator: "\n").map(String.init)
        try #require(lines.count == inputs.count, "\(lines.count) lines for \(inputs.count) inputs")
        var compared = 0
        for (input, line) in zip(inputs, lines) {
            let swift = (try? CanonicalJSON.canonicalBytes(input)).map { $0.map { String(format: "%02x", $0) }.joined() } ?? "refused"
            #expect(swift == line, "\(input)")
            compared += 1
        }
        print("canonical JSON: \(compared) texts, Swift and Python agree on every one")
    }
}

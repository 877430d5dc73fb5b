/// The canonical form of a JSON text, which the bundle hash covers (docs/checkpoint-format.md,
/// "Canonical JSON", has the rules and a Python version): two texts that any reader decodes to
/// the same values give the same bytes, so re-serialising an architecture or a space (other key
/// order, whitespace, `64` written `64.0` or `6.4e1`) cannot make a copy look new.
///
/// - Objects: members sorted by the UTF-8 bytes of their keys; duplicate keys are refused.
/// - Numbers: integer or not, read as the nearest IEEE 754 double, written as ECMAScript's
///   `Number.prototype.toString` writes it (the shortest digits that read back to the same double;
///   RFC 8785 does the same). Numbers beyond the range of a double are refused. Integers beyond
///   ±2^53 are thus rounded, which is why loaders decode a configuration from its canonical form.
/// - Strings: `"` and `\` escaped, U+0008, U+0009, U+000A, U+000C, U+000D as `\b \t \n \f \r`,
///   other controls below U+0020 as `\u00xx` (lowercase hex), everything else as raw UTF-8.
/// - No whitespace; `true`, `false`, `null` as themselves.
public enum CanonicalJSON {
    /// The deepest nesting of arrays and objects accepted (the parser recurses that deep).
    public static let maximumDepth = 64

    /// The canonical text of `json`.
    public static func canonicalize(_ json: String) throws(CanonicalJSONError) -> String {
        String(decoding: try canonicalBytes(json), as: UTF8.self)
    }

    /// The canonical UTF-8 bytes of `json`, as the bundle hash consumes them.
    public static func canonicalBytes(_ json: String) throws(CanonicalJSONError) -> [UInt8] {
        var parser = CanonicalJSONParser(json)
        var output: [UInt8] = []
        output.reserveCapacity(json.utf8.count)
        write(try parser.parseDocument(), to: &output)
        return output
    }

    static func write(_ value: CanonicalJSONValue, to output: inout [UInt8]) {
        switch value {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let flag): output.append(contentsOf: (flag ? "true" : "false").utf8)
        case .number(let number): output.append(contentsOf: CanonicalNumber.text(number).utf8)
        case .string(let bytes): writeString(bytes, to: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                write(element, to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            let sorted = members.sorted { $0.key.lexicographicallyPrecedes($1.key) }
            for (index, member) in sorted.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                writeString(member.key, to: &output)
                output.append(UInt8(ascii: ":"))
                write(member.value, to: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    /// Escapes by byte: every byte of a multi-byte UTF-8 sequence is 0x80 or above, so only
    /// ASCII bytes are ever escaped, as Python's `json.dumps(s, ensure_ascii=False)` does.
    static func writeString(_ bytes: [UInt8], to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\""): output.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): output.append(contentsOf: #"\\"#.utf8)
            case 0x08: output.append(contentsOf: #"\b"#.utf8)
            case 0x09: output.append(contentsOf: #"\t"#.utf8)
            case 0x0A: output.append(contentsOf: #"\n"#.utf8)
            case 0x0C: output.append(contentsOf: #"\f"#.utf8)
            case 0x0D: output.append(contentsOf: #"\r"#.utf8)
            case 0..<0x20:
                let hex = String(byte, radix: 16)
                output.append(contentsOf: ("\\u00" + (hex.count == 1 ? "0" : "") + hex).utf8)
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}

/// Why a text has no canonical form: the byte offset and what is wrong there.
public struct CanonicalJSONError: Error, Equatable, CustomStringConvertible {
    /// Where in the UTF-8 text the problem was found.
    public var offset: Int
    /// What is wrong.
    public var reason: String

    public var description: String { "not canonical-form JSON at byte \(offset): \(reason)" }
}

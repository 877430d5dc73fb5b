/// A JSON value as the canonical form sees it (docs/checkpoint-format.md, "Canonical JSON"):
/// every number is an IEEE 754 double; strings and keys are kept as their UTF-8 bytes, so that
/// two keys are equal exactly when their bytes are (Swift's `String` would compare them up to
/// Unicode canonical equivalence, Python does not).
enum CanonicalJSONValue: Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string([UInt8])
    case array([CanonicalJSONValue])
    /// Members in the order they were read; the writer sorts them.
    case object([Member])

    /// One object member.
    struct Member: Equatable {
        var key: [UInt8]
        var value: CanonicalJSONValue
    }
}

/// A strict RFC 8259 parser over UTF-8 bytes with the canonical form's extra rules: no duplicate
/// keys, no numbers beyond the range of a double, no lone surrogates, and at most
/// ``CanonicalJSON/maximumDepth`` nested arrays and objects (the recursion is bounded by it). Anything else is a
/// ``CanonicalJSONError`` naming the byte offset.
struct CanonicalJSONParser {
    private let bytes: [UInt8]
    private var offset = 0

    init(_ text: String) { bytes = Array(text.utf8) }

    /// The one value the whole text holds (whitespace around it allowed).
    mutating func parseDocument() throws(CanonicalJSONError) -> CanonicalJSONValue {
        skipWhitespace()
        let value = try parseValue(depth: 0)
        skipWhitespace()
        guard offset == bytes.count else { throw failure("text after the JSON value") }
        return value
    }

    private mutating func parseValue(depth: Int) throws(CanonicalJSONError) -> CanonicalJSONValue {
        guard let byte = peek() else { throw failure("a value is missing") }
        switch byte {
        case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expect("true"); return .bool(true)
        case UInt8(ascii: "f"): try expect("false"); return .bool(false)
        case UInt8(ascii: "n"): try expect("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw failure("unexpected character \(Self.show(byte))")
        }
    }

    private mutating func parseObject(depth: Int) throws(CanonicalJSONError) -> CanonicalJSONValue {
        guard depth <= CanonicalJSON.maximumDepth else {
            throw failure("arrays and objects nest deeper than \(CanonicalJSON.maximumDepth)")
        }
        offset += 1
        var members: [CanonicalJSONValue.Member] = []
        var keys = Set<[UInt8]>()
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            offset += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard peek() == UInt8(ascii: "\"") else { throw failure("an object key must be a string") }
            let keyOffset = offset
            let key = try parseString()
            guard keys.insert(key).inserted else {
                throw CanonicalJSONError(offset: keyOffset, reason: "the key \"\(String(decoding: key, as: UTF8.self))\" appears twice")
            }
            skipWhitespace()
            guard peek() == UInt8(ascii: ":") else { throw failure("\":\" expected after an object key") }
            offset += 1
            skipWhitespace()
            members.append(.init(key: key, value: try parseValue(depth: depth)))
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","): offset += 1
            case UInt8(ascii: "}"): offset += 1; return .object(members)
            default: throw failure("\",\" or \"}\" expected in an object")
            }
        }
    }

    private mutating func parseArray(depth: Int) throws(CanonicalJSONError) -> CanonicalJSONValue {
        guard depth <= CanonicalJSON.maximumDepth else {
            throw failure("arrays and objects nest deeper than \(CanonicalJSON.maximumDepth)")
        }
        offset += 1
        var elements: [CanonicalJSONValue] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            offset += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue(depth: depth))
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","): offset += 1
            case UInt8(ascii: "]"): offset += 1; return .array(elements)
            default: throw failure("\",\" or \"]\" expected in an array")
            }
        }
    }

    /// The string's value as UTF-8 bytes. Raw bytes of 0x80 and above are copied: the input came
    /// from a Swift `String`, so they are valid UTF-8 already.
    private mutating func parseString() throws(CanonicalJSONError) -> [UInt8] {
        offset += 1
        var value: [UInt8] = []
        while true {
            guard let byte = peek() else { throw failure("unterminated string") }
            offset += 1
            switch byte {
            case UInt8(ascii: "\""):
                return value
            case UInt8(ascii: "\\"):
                try parseEscape(into: &value)
            case 0..<0x20:
                offset -= 1
                throw failure("control character \(Self.show(byte)) inside a string (write it as an escape)")
            default:
                value.append(byte)
            }
        }
    }

    private mutating func parseEscape(into value: inout [UInt8]) throws(CanonicalJSONError) {
        guard let byte = peek() else { throw failure("unterminated escape") }
        offset += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): value.append(byte)
        case UInt8(ascii: "b"): value.append(0x08)
        case UInt8(ascii: "f"): value.append(0x0C)
        case UInt8(ascii: "n"): value.append(0x0A)
        case UInt8(ascii: "r"): value.append(0x0D)
        case UInt8(ascii: "t"): value.append(0x09)
        case UInt8(ascii: "u"):
            let start = offset - 2
            var scalar = try parseHex4()
            if (0xD800..<0xDC00).contains(scalar) {
                guard peek() == UInt8(ascii: "\\"), peek(at: 1) == UInt8(ascii: "u") else {
                    throw CanonicalJSONError(offset: start, reason: "lone surrogate \\u\(String(scalar, radix: 16))")
                }
                offset += 2
                let low = try parseHex4()
                guard (0xDC00..<0xE000).contains(low) else {
                    throw CanonicalJSONError(offset: start, reason: "lone surrogate \\u\(String(scalar, radix: 16))")
                }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00..<0xE000).contains(scalar) {
                throw CanonicalJSONError(offset: start, reason: "lone surrogate \\u\(String(scalar, radix: 16))")
            }
            guard let unicode = Unicode.Scalar(scalar) else {
                throw CanonicalJSONError(offset: start, reason: "\\u escape is not a Unicode scalar")
            }
            value.append(contentsOf: Array(String(Character(unicode)).utf8))
        default:
            offset -= 1
            throw failure("unknown escape \\\(Self.show(byte))")
        }
    }

    private mutating func parseHex4() throws(CanonicalJSONError) -> UInt32 {
        var result: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = peek(), let digit = Self.hexValue(byte) else { throw failure("\\u needs four hex digits") }
            result = result << 4 | digit
            offset += 1
        }
        return result
    }

    /// A number by RFC 8259's grammar, integer or not, as the nearest double (round half to
    /// even, as Python's `float()` reads it; I-JSON, RFC 7493, treats every number as a double).
    private mutating func parseNumber() throws(CanonicalJSONError) -> Double {
        let start = offset
        if peek() == UInt8(ascii: "-") { offset += 1 }
        guard let first = peek(), Self.isDigit(first) else { throw failure("a digit must follow \"-\"") }
        offset += 1
        if first != UInt8(ascii: "0") { skipDigits() }
        if peek() == UInt8(ascii: ".") {
            offset += 1
            guard let digit = peek(), Self.isDigit(digit) else { throw failure("a digit must follow \".\"") }
            skipDigits()
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            offset += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { offset += 1 }
            guard let digit = peek(), Self.isDigit(digit) else { throw failure("a digit must follow the exponent mark") }
            skipDigits()
        }
        let text = String(decoding: bytes[start..<offset], as: UTF8.self)
        guard let value = Double(text), value.isFinite else {
            throw CanonicalJSONError(offset: start, reason: "number \(text) is beyond the range of a double")
        }
        return value
    }

    private mutating func expect(_ literal: String) throws(CanonicalJSONError) {
        for byte in literal.utf8 {
            guard peek() == byte else { throw failure("unexpected character, expected \(literal)") }
            offset += 1
        }
    }

    private mutating func skipDigits() {
        while let byte = peek(), Self.isDigit(byte) { offset += 1 }
    }

    private mutating func skipWhitespace() {
        while let byte = peek(), byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { offset += 1 }
    }

    private func peek(at distance: Int = 0) -> UInt8? {
        offset + distance < bytes.count ? bytes[offset + distance] : nil
    }

    private func failure(_ reason: String) -> CanonicalJSONError {
        CanonicalJSONError(offset: offset, reason: reason)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    /// A byte for an error message: printable ASCII as itself, anything else in hex.
    private static func show(_ byte: UInt8) -> String {
        (0x21..<0x7F).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "0x" + String(byte, radix: 16)
    }
}

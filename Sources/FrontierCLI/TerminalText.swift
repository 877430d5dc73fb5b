import Foundation

/// Text from files made by others, made safe to print: control characters (C0, DEL and C1,
/// which include ESC and the sequences that clear a terminal or move the cursor) and the
/// backslash are shown as escapes, so a hotkey or a metadata value cannot forge lines or
/// rewrite the screen. With `keepingLineBreaks` (for error messages, which may span lines),
/// line breaks and backslashes are left as they are.
enum TerminalText {
    static func escaped(_ text: String, keepingLineBreaks: Bool = false) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x5C where !keepingLineBreaks: result += "\\\\"
            case 0x0A where keepingLineBreaks: result += "\n"
            case 0x0A: result += "\\n"
            case 0x0D: result += "\\r"
            case 0x09: result += "\\t"
            case 0x00..<0x20, 0x7F..<0xA0, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069:
                // Also the Unicode line separators and bidirectional overrides, which reorder
                // what a terminal shows.
                result += scalar.value <= 0xFF ? String(format: "\\x%02x", scalar.value) : String(format: "\\u{%04x}", scalar.value)
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}

/// This executable, for the child processes that read strangers' files.
enum SelfExecutable {
    static var url: URL {
        URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0])
    }
}

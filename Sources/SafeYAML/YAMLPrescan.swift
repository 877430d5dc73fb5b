/// A single pass over YAML text that runs before the parser sees it, and refuses what the
/// recursive parser or the value conversion cannot bound: nesting deeper than the limit (which
/// overflows the stack of a recursive composer), anchors and aliases (a few hundred bytes of
/// aliases expand to gigabytes, "billion laughs"), and explicit complex keys (`? [a, b]`).
///
/// It is a scanner, not a parser: it tracks quotes, comments, block scalars, flow brackets and
/// indentation well enough to count nesting conservatively. The count may exceed the true depth
/// (indentation levels, dashes, `key:` indicators and flow brackets are all counted), never fall
/// short of it, so a legitimate file is refused only when it nests about half the limit deep.
struct YAMLPrescan {
    let file: String
    let limits: YAMLLimits

    private enum Quote { case none, single, double }

    func check(_ text: String) throws(YAMLError) {
        var quote = Quote.none
        var flowDepth = 0
        var indentStack: [Int] = []
        // While inside a block scalar (`|` or `>`): the indentation of the line that opened it.
        var blockScalarParentIndent: Int?
        var lineNumber = 0
        for line in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            let bytes = Array(line.last == UInt8(ascii: "\r") ? line.dropLast() : line[...])
            let indent = bytes.prefix { $0 == UInt8(ascii: " ") }.count
            let isBlank = indent == bytes.count
            if let parent = blockScalarParentIndent {
                if isBlank || indent > parent { continue }
                blockScalarParentIndent = nil
            }
            if quote == .none && flowDepth == 0 {
                if isBlank || bytes[indent] == UInt8(ascii: "#") { continue }
                while let last = indentStack.last, last > indent { indentStack.removeLast() }
                if indentStack.last != indent { indentStack.append(indent) }
            }
            var lineDepth = 0
            var maxFlowOnLine = flowDepth
            var index = quote == .none ? indent : 0
            // True where a new value may begin: after indentation, `- `, `? `, `: ` or a flow `[ { ,`.
            var valueStart = quote == .none
            while index < bytes.count {
                let byte = bytes[index]
                let next: UInt8? = index + 1 < bytes.count ? bytes[index + 1] : nil
                let nextIsBreak = next == nil || next == UInt8(ascii: " ") || next == UInt8(ascii: "\t")
                switch quote {
                case .single:
                    if byte == UInt8(ascii: "'") {
                        if next == UInt8(ascii: "'") { index += 2; continue }
                        quote = .none
                    }
                    index += 1
                    continue
                case .double:
                    if byte == UInt8(ascii: "\\") { index += 2; continue }
                    if byte == UInt8(ascii: "\"") { quote = .none }
                    index += 1
                    continue
                case .none:
                    break
                }
                if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") {
                    index += 1
                    continue
                }
                if byte == UInt8(ascii: "#"), index == 0 || bytes[index - 1] == UInt8(ascii: " ") || bytes[index - 1] == UInt8(ascii: "\t") {
                    break  // a comment runs to the end of the line
                }
                if flowDepth > 0 || valueStart {
                    if byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") {
                        flowDepth += 1
                        maxFlowOnLine = max(maxFlowOnLine, flowDepth)
                        valueStart = true
                        index += 1
                        continue
                    }
                }
                if flowDepth > 0 && (byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}")) {
                    flowDepth -= 1
                    valueStart = false
                    index += 1
                    continue
                }
                if flowDepth > 0 && byte == UInt8(ascii: ",") {
                    valueStart = true
                    index += 1
                    continue
                }
                if byte == UInt8(ascii: ":") && nextIsBreak {
                    if flowDepth == 0 { lineDepth += 1 }
                    valueStart = true
                    index += 1
                    continue
                }
                if valueStart {
                    switch byte {
                    case UInt8(ascii: "-") where nextIsBreak && flowDepth == 0:
                        lineDepth += 1
                        index += 1
                        continue
                    case UInt8(ascii: "?") where nextIsBreak:
                        throw .unsupported(file: file, line: lineNumber, feature: "an explicit mapping key ('? ')")
                    case UInt8(ascii: "*"):
                        throw .unsupported(file: file, line: lineNumber, feature: "an alias ('*name')")
                    case UInt8(ascii: "&"):
                        throw .unsupported(file: file, line: lineNumber, feature: "an anchor ('&name')")
                    case UInt8(ascii: "'"):
                        quote = .single
                        valueStart = false
                        index += 1
                        continue
                    case UInt8(ascii: "\""):
                        quote = .double
                        valueStart = false
                        index += 1
                        continue
                    case UInt8(ascii: "|"), UInt8(ascii: ">"):
                        if flowDepth == 0 {
                            blockScalarParentIndent = indent
                            index = bytes.count
                            continue
                        }
                    case UInt8(ascii: "!"):
                        // A tag: the value (and perhaps an anchor) still follows it.
                        while index < bytes.count, bytes[index] != UInt8(ascii: " ") { index += 1 }
                        continue
                    default:
                        break
                    }
                }
                valueStart = false
                index += 1
            }
            let depth = indentStack.count + lineDepth + maxFlowOnLine
            if depth > limits.maxDepth {
                throw .tooDeep(file: file, line: lineNumber, limit: limits.maxDepth)
            }
        }
    }
}

import Foundation
import Yams

/// The one YAML loader in front of every YAML input Frontier reads (training configs, suites,
/// search spaces). Files from strangers cannot stop or exhaust the process through it:
///
/// - the file's size is checked before it is read (``YAMLLimits/maxBytes``);
/// - a scan of the text refuses nesting deeper than ``YAMLLimits/maxDepth``, anchors and aliases,
///   and explicit complex keys, before the recursive parser sees the text (``YAMLPrescan``);
/// - the composed document is converted with a budget of values and scalar bytes; mapping keys
///   must be scalars and unique; only one document is allowed.
///
/// Errors name the file, and the line (and key) where one is known.
public enum BoundedYAML {
    /// The document in the file at `path` (an empty file is `null`).
    public static func load(path: String, limits: YAMLLimits = YAMLLimits()) throws(YAMLError) -> YAMLValue {
        try parse(try read(path: path, limits: limits), file: path, limits: limits)
    }

    /// The document in `text`; `file` names it in errors.
    public static func parse(_ text: String, file: String, limits: YAMLLimits = YAMLLimits()) throws(YAMLError) -> YAMLValue {
        guard text.utf8.count <= limits.maxBytes else {
            throw .tooLarge(file: file, bytes: text.utf8.count, limit: limits.maxBytes)
        }
        try YAMLPrescan(file: file, limits: limits).check(text)
        let root: Node?
        do {
            root = try Parser(yaml: text).singleRoot()
        } catch let error as YamlError {
            throw syntaxError(error, file: file)
        } catch {
            throw .syntax(file: file, line: 1, column: 1, problem: "\(error)")
        }
        guard let root else { return YAMLValue(.null, line: 1) }
        var converter = Converter(file: file, limits: limits)
        return try converter.convert(root, depth: 1)
    }

    /// The top-level mapping of the file at `path` (an empty file is an empty mapping); anything
    /// else at the top is an error naming what was expected.
    public static func loadMapping(path: String, limits: YAMLLimits = YAMLLimits(),
                                   example: String = "key: value") throws(YAMLError) -> [YAMLEntry] {
        let value = try load(path: path, limits: limits)
        if case .null = value.kind { return [] }
        guard let entries = value.mapping else {
            throw .unexpectedShape(file: path, line: value.line, key: nil, expected: "a mapping of keys to values, like `\(example)`")
        }
        return entries
    }

    /// The file's text, refusing what is not a regular file, too large, or not UTF-8, before
    /// reading more than the limit (a FIFO or a device would never end).
    static func read(path: String, limits: YAMLLimits) throws(YAMLError) -> String {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { throw .unreadable(file: path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw .unreadable(file: path, reason: String(cString: strerror(errno))) }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw .unreadable(file: path, reason: (status.st_mode & S_IFMT) == S_IFDIR ? "it is a folder" : "not a regular file")
        }
        guard Int(status.st_size) <= limits.maxBytes else {
            throw .tooLarge(file: path, bytes: Int(status.st_size), limit: limits.maxBytes)
        }
        var bytes = [UInt8](repeating: 0, count: limits.maxBytes + 1)
        var total = 0
        while total < bytes.count {
            let count = bytes.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress! + total, $0.count - total) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .unreadable(file: path, reason: String(cString: strerror(errno)))
            }
            if count == 0 { break }
            total += count
        }
        guard total <= limits.maxBytes else { throw .tooLarge(file: path, bytes: total, limit: limits.maxBytes) }
        guard let text = String(validating: bytes[0..<total], as: UTF8.self) else { throw .notText(file: path) }
        return text
    }

    private static func syntaxError(_ error: YamlError, file: String) -> YAMLError {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
            let prefix = context.map { "\($0.text) " } ?? ""
            return .syntax(file: file, line: mark.line, column: mark.column, problem: prefix + problem)
        case let .reader(problem, offset, _, _):
            return .syntax(file: file, line: 1, column: 1, problem: problem + (offset.map { " at byte \($0)" } ?? ""))
        default:
            return .syntax(file: file, line: 1, column: 1, problem: "\(error)")
        }
    }

    /// Turns Yams' nodes into ``YAMLValue``s within the limits.
    private struct Converter {
        let file: String
        let limits: YAMLLimits
        var nodes = 0

        mutating func convert(_ node: Node, depth: Int) throws(YAMLError) -> YAMLValue {
            let line = node.mark?.line ?? 1
            nodes += 1
            guard nodes <= limits.maxNodes else { throw .tooManyValues(file: file, limit: limits.maxNodes) }
            guard depth <= limits.maxDepth else { throw .tooDeep(file: file, line: line, limit: limits.maxDepth) }
            switch node {
            case let .scalar(scalar):
                let bytes = scalar.string.utf8.count
                guard bytes <= limits.maxScalarBytes else {
                    throw .scalarTooLong(file: file, line: line, bytes: bytes, limit: limits.maxScalarBytes)
                }
                return YAMLValue(Self.resolve(node, scalar), line: line)
            case let .sequence(sequence):
                var values: [YAMLValue] = []
                for element in sequence { values.append(try convert(element, depth: depth + 1)) }
                return YAMLValue(.sequence(values), line: line)
            case let .mapping(mapping):
                var entries: [YAMLEntry] = []
                var seen = Set<String>()
                for (keyNode, valueNode) in mapping {
                    guard case let .scalar(keyScalar) = keyNode else {
                        throw .nonScalarKey(file: file, line: keyNode.mark?.line ?? line)
                    }
                    let keyLine = keyNode.mark?.line ?? line
                    guard seen.insert(keyScalar.string).inserted else {
                        throw .duplicateKey(file: file, line: keyLine, key: keyScalar.string)
                    }
                    nodes += 1
                    entries.append(YAMLEntry(key: keyScalar.string, line: keyLine, value: try convert(valueNode, depth: depth + 1)))
                }
                return YAMLValue(.mapping(entries), line: line)
            }
        }

        /// Plain scalars resolve to null, booleans and numbers as YAML 1.1 does; quoted and block
        /// scalars, and explicitly tagged `!!str`, stay strings.
        private static func resolve(_ node: Node, _ scalar: Node.Scalar) -> YAMLValue.Kind {
            guard scalar.style == .plain || scalar.style == .any else { return .string(scalar.string) }
            if scalar.tag.description == Tag.Name.str.rawValue { return .string(scalar.string) }
            if node.null != nil { return .null }
            if let value = node.bool { return .bool(value) }
            if let value = node.int { return .int(value) }
            if let value = node.float { return .double(value) }
            return .string(scalar.string)
        }
    }
}

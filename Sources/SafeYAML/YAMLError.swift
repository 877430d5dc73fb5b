/// Why a YAML file was refused. Every case names the file; where a place in the text is known it
/// names the line (1-based) and, for mapping problems, the key.
public enum YAMLError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The file could not be opened or read.
    case unreadable(file: String, reason: String)
    /// The file is larger than the limit.
    case tooLarge(file: String, bytes: Int, limit: Int)
    /// The bytes are not UTF-8 text.
    case notText(file: String)
    /// The text uses a YAML feature the loader refuses (aliases, complex keys, several documents…).
    case unsupported(file: String, line: Int, feature: String)
    /// Collections are nested deeper than the limit.
    case tooDeep(file: String, line: Int, limit: Int)
    /// The document holds more values than the limit, or a scalar longer than the limit.
    case tooManyValues(file: String, limit: Int)
    /// A scalar is longer than the limit.
    case scalarTooLong(file: String, line: Int, bytes: Int, limit: Int)
    /// The text is not valid YAML.
    case syntax(file: String, line: Int, column: Int, problem: String)
    /// A mapping holds the same key twice.
    case duplicateKey(file: String, line: Int, key: String)
    /// A mapping key is not a scalar (`? [a, b]: …`).
    case nonScalarKey(file: String, line: Int)
    /// The document's shape is not what the reader expects (a mapping at the top, say).
    case unexpectedShape(file: String, line: Int, key: String?, expected: String)

    public var description: String {
        switch self {
        case let .unreadable(file, reason): return "\(file): cannot read: \(reason)"
        case let .tooLarge(file, bytes, limit): return "\(file): \(bytes) bytes, more than the limit of \(limit) for a YAML file"
        case let .notText(file): return "\(file): not UTF-8 text"
        case let .unsupported(file, line, feature): return "\(file), line \(line): \(feature) is not supported in Frontier's YAML files"
        case let .tooDeep(file, line, limit): return "\(file), line \(line): collections nested deeper than \(limit) levels"
        case let .tooManyValues(file, limit): return "\(file): more than \(limit) values in one document"
        case let .scalarTooLong(file, line, bytes, limit):
            return "\(file), line \(line): a value of \(bytes) bytes, more than the limit of \(limit)"
        case let .syntax(file, line, column, problem): return "\(file), line \(line), column \(column): not valid YAML: \(problem)"
        case let .duplicateKey(file, line, key): return "\(file), line \(line): key '\(key)' appears twice in the same mapping"
        case let .nonScalarKey(file, line): return "\(file), line \(line): a mapping key must be a plain value, not a list or mapping"
        case let .unexpectedShape(file, line, key, expected):
            return "\(file), line \(line)" + (key.map { ", key '\($0)'" } ?? "") + ": expected \(expected)"
        }
    }
}

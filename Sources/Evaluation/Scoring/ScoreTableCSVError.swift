/// What can be wrong with a score CSV. Line numbers count from 1 with the header as line 1;
/// columns count from 1 and come with the header's name for them.
public enum ScoreTableCSVError: Error, Equatable, CustomStringConvertible {
    /// The file could not be opened or read.
    case cannotRead(path: String, reason: String)
    /// The path names something other than a regular file (a directory, a device, a pipe).
    case notARegularFile(path: String)
    /// The input is larger than the limit; nothing was read past the size check.
    case tooLarge(bytes: Int, limit: Int)
    /// The bytes are not valid UTF-8.
    case notUTF8
    /// The input has no header line.
    case missingHeader
    /// The header is neither of the two forms.
    case unrecognizedHeader(String)
    /// More data rows than the limit.
    case tooManyRows(line: Int, limit: Int)
    /// A row with the wrong number of fields.
    case wrongFieldCount(line: Int, expected: Int, found: Int)
    /// A quote inside an unquoted field, a quoted field not closed on its line, or text after a closing quote.
    case malformedQuote(line: Int, column: Int)
    /// A required text field (hotkey, env, task) is empty.
    case emptyField(line: Int, column: Int, name: String)
    /// Text that is not a number of the column's kind.
    case invalidNumber(line: Int, column: Int, name: String, text: String)
    /// NaN or an infinity (written out, or a decimal too large for a Double).
    case notFinite(line: Int, column: Int, name: String, text: String)
    /// A score outside [0, 1].
    case scoreOutOfRange(line: Int, column: Int, value: Double)
    /// A uid below 0.
    case negativeUID(line: Int, column: Int, value: Int)
    /// A uid above 65535 (chain uids are u16).
    case uidTooLarge(line: Int, column: Int, value: Int)
    /// A negative completed count, or an expected count below 1.
    case invalidCount(line: Int, column: Int, name: String, value: Int)
    /// completed > expected.
    case completedExceedsExpected(line: Int, completed: Int, expected: Int)
    /// A uid whose hotkey or first_submitted differs from its first row's.
    case inconsistentMiner(line: Int, column: Int, name: String, uid: Int, firstLine: Int, first: String, found: String)
    /// A second row for the same (uid, env) or (uid, env, task).
    case duplicateRow(line: Int, firstLine: Int, key: String)

    /// A message naming the line, the column and the problem.
    public var description: String {
        switch self {
        case let .cannotRead(path, reason):
            "cannot read '\(path)': \(reason)"
        case let .notARegularFile(path):
            "'\(path)' is not a regular file"
        case let .tooLarge(bytes, limit):
            "\(bytes) bytes exceed the limit of \(limit)"
        case .notUTF8:
            "the file is not valid UTF-8"
        case .missingHeader:
            "no header line; expected '\(ScoreTableCSV.aggregatedHeader.joined(separator: ","))' or '\(ScoreTableCSV.perTaskHeader.joined(separator: ","))'"
        case let .unrecognizedHeader(found):
            "header '\(found)' is neither '\(ScoreTableCSV.aggregatedHeader.joined(separator: ","))' nor '\(ScoreTableCSV.perTaskHeader.joined(separator: ","))'"
        case let .tooManyRows(line, limit):
            "line \(line): more than \(limit) data rows"
        case let .wrongFieldCount(line, expected, found):
            "line \(line): \(found) fields, expected \(expected)"
        case let .malformedQuote(line, column):
            "line \(line), column \(column): malformed quoting (quotes must enclose the whole field, and be closed on the same line)"
        case let .emptyField(line, column, name):
            "line \(line), column \(column) (\(name)): empty"
        case let .invalidNumber(line, column, name, text):
            "line \(line), column \(column) (\(name)): '\(text)' is not a valid number"
        case let .notFinite(line, column, name, text):
            "line \(line), column \(column) (\(name)): '\(text)' is not finite"
        case let .scoreOutOfRange(line, column, value):
            "line \(line), column \(column) (score): \(value) is outside [0, 1]"
        case let .negativeUID(line, column, value):
            "line \(line), column \(column) (uid): \(value) is negative"
        case let .uidTooLarge(line, column, value):
            "line \(line), column \(column) (uid): \(value) exceeds 65535"
        case let .invalidCount(line, column, name, value):
            "line \(line), column \(column) (\(name)): \(value) is not a valid count"
        case let .completedExceedsExpected(line, completed, expected):
            "line \(line): completed \(completed) exceeds expected \(expected)"
        case let .inconsistentMiner(line, column, name, uid, firstLine, first, found):
            "line \(line), column \(column) (\(name)): uid \(uid) has '\(found)' here but '\(first)' on line \(firstLine)"
        case let .duplicateRow(line, firstLine, key):
            "line \(line): duplicate row for \(key) (first on line \(firstLine))"
        }
    }
}

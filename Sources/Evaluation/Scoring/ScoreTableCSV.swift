import Foundation

/// Reads a ``ScoreTable`` from CSV, in one of two forms told apart by the header:
///
/// - aggregated: `uid,hotkey,first_submitted,env,score,completed,expected`, one row per (uid, env);
/// - per-task: `uid,hotkey,first_submitted,env,task,score`, one row per (uid, env, task). An
///   environment's task list is every task id that appears for it, in order of first appearance,
///   so a miner missing some of them has completed fewer than expected.
///
/// Columns may come in any order but must be exactly one form's names. Fields are trimmed of
/// spaces and tabs; blank lines are skipped; `\r\n` line ends are accepted. RFC 4180 quoting works
/// within a line (`"a,b"`, `"say ""hi"""`); a quote elsewhere in a field, or a quoted field left
/// open at the end of its line, is refused. Files come from strangers, so every problem throws a
/// ``ScoreTableCSVError`` naming the line and column, and sizes are checked before reading.
public enum ScoreTableCSV {
    /// The aggregated form's columns.
    public static let aggregatedHeader = ["uid", "hotkey", "first_submitted", "env", "score", "completed", "expected"]
    /// The per-task form's columns.
    public static let perTaskHeader = ["uid", "hotkey", "first_submitted", "env", "task", "score"]

    /// Which form a file has.
    public enum Form: String, Sendable {
        /// One row per (uid, env) with a mean score and completed/expected counts.
        case aggregated
        /// One row per (uid, env, task) with that task's score.
        case perTask
    }

    /// Size limits, checked before anything is allocated for the rows.
    public struct Limits: Sendable, Equatable {
        /// Largest accepted input in bytes (64 MiB).
        public var maxBytes: Int
        /// Largest accepted number of data rows (1 000 000).
        public var maxRows: Int

        /// The defaults unless given.
        public init(maxBytes: Int = 64 << 20, maxRows: Int = 1_000_000) {
            self.maxBytes = maxBytes
            self.maxRows = maxRows
        }
    }

    /// Reads and parses the file at `url`, refusing anything but a regular file within the size limit.
    public static func read(contentsOf url: URL, limits: Limits = Limits()) throws(ScoreTableCSVError) -> ScoreTable {
        let path = url.path
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: path)
        } catch {
            throw .cannotRead(path: path, reason: error.localizedDescription)
        }
        // Checked before opening: opening a FIFO or device could block or read forever.
        guard attributes[.type] as? FileAttributeType == .typeRegular else { throw .notARegularFile(path: path) }
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        guard size <= limits.maxBytes else { throw .tooLarge(bytes: size, limit: limits.maxBytes) }
        let data: Data
        do {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            // One byte more than the limit, in case the file grew since the size check.
            data = try handle.read(upToCount: limits.maxBytes + 1) ?? Data()
        } catch {
            throw .cannotRead(path: path, reason: error.localizedDescription)
        }
        return try parse(data: data, limits: limits)
    }

    /// Parses UTF-8 bytes.
    public static func parse(data: Data, limits: Limits = Limits()) throws(ScoreTableCSVError) -> ScoreTable {
        guard data.count <= limits.maxBytes else { throw .tooLarge(bytes: data.count, limit: limits.maxBytes) }
        guard let text = String(data: data, encoding: .utf8) else { throw .notUTF8 }
        return try parse(text, limits: limits)
    }

    /// Parses CSV text.
    public static func parse(_ text: String, limits: Limits = Limits()) throws(ScoreTableCSVError) -> ScoreTable {
        let byteCount = text.utf8.count
        guard byteCount <= limits.maxBytes else { throw .tooLarge(bytes: byteCount, limit: limits.maxBytes) }
        let bytes = Array(text.utf8)
        var builder: Builder?
        var lineNumber = 0
        var rows = 0
        var start = 0
        while start <= bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
            lineNumber += 1
            var contentEnd = end
            if contentEnd > start && bytes[contentEnd - 1] == UInt8(ascii: "\r") { contentEnd -= 1 }
            defer { start = end + 1 }
            if bytes[start..<contentEnd].allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) { continue }
            let fields = try CSVLine.fields(bytes[start..<contentEnd], line: lineNumber)
            guard var current = builder else {
                builder = try Builder(header: fields)
                continue
            }
            rows += 1
            guard rows <= limits.maxRows else { throw .tooManyRows(line: lineNumber, limit: limits.maxRows) }
            builder = nil  // keep the builder uniquely referenced while it grows
            try current.add(fields, line: lineNumber)
            builder = current
        }
        guard let builder else { throw .missingHeader }
        return builder.table()
    }

    /// The form a header names, or nil.
    public static func form(ofHeader fields: [String]) -> Form? {
        let names = Set(fields)
        guard names.count == fields.count else { return nil }
        if names == Set(aggregatedHeader) { return .aggregated }
        if names == Set(perTaskHeader) { return .perTask }
        return nil
    }
}

/// Accumulates rows into a table, checking each as it comes.
private struct Builder {
    let form: ScoreTableCSV.Form
    /// Column index of each named field.
    let column: [String: Int]
    let fieldCount: Int
    var environments: [String] = []
    var environmentIndex: [String: Int] = [:]
    var tasks: [[String]] = []
    var taskIndex: [[String: Int]] = []
    var miners: [(uid: Int, hotkey: String, firstSubmitted: Int64, line: Int)] = []
    var minerIndex: [Int: Int] = [:]
    /// Aggregated results per miner: environment → (result, line).
    var aggregates: [[Int: (EnvironmentResult, Int)]] = []
    /// Per-task scores per miner: environment → task → (score, line).
    var taskScores: [[Int: [Int: (Double, Int)]]] = []

    init(header: [String]) throws(ScoreTableCSVError) {
        guard let form = ScoreTableCSV.form(ofHeader: header) else {
            throw .unrecognizedHeader(header.joined(separator: ","))
        }
        self.form = form
        var column: [String: Int] = [:]
        for (index, name) in header.enumerated() { column[name] = index }
        self.column = column
        fieldCount = header.count
    }

    mutating func add(_ fields: [String], line: Int) throws(ScoreTableCSVError) {
        guard fields.count == fieldCount else { throw .wrongFieldCount(line: line, expected: fieldCount, found: fields.count) }
        let uid = try integer("uid", fields, line)
        guard uid >= 0 else { throw .negativeUID(line: line, column: position("uid"), value: uid) }
        guard uid <= Int(UInt16.max) else { throw .uidTooLarge(line: line, column: position("uid"), value: uid) }
        let hotkey = try text("hotkey", fields, line)
        let firstSubmittedText = fields[column["first_submitted"]!]
        guard let firstSubmitted = Int64(firstSubmittedText) else {
            throw .invalidNumber(line: line, column: position("first_submitted"), name: "first_submitted", text: firstSubmittedText)
        }
        let environmentName = try text("env", fields, line)
        let score = try score(fields, line)

        let miner = try minerPosition(uid: uid, hotkey: hotkey, firstSubmitted: firstSubmitted, line: line)
        let environment = environmentPosition(environmentName)
        switch form {
        case .aggregated:
            let completed = try integer("completed", fields, line)
            let expected = try integer("expected", fields, line)
            guard completed >= 0 else { throw .invalidCount(line: line, column: position("completed"), name: "completed", value: completed) }
            guard expected >= 1 else { throw .invalidCount(line: line, column: position("expected"), name: "expected", value: expected) }
            guard completed <= expected else { throw .completedExceedsExpected(line: line, completed: completed, expected: expected) }
            if let (_, firstLine) = aggregates[miner][environment] {
                throw .duplicateRow(line: line, firstLine: firstLine, key: "uid \(uid), env '\(environmentName)'")
            }
            aggregates[miner][environment] = (.aggregate(mean: score, completed: completed, expected: expected), line)
        case .perTask:
            let taskName = try text("task", fields, line)
            let task: Int
            if let known = taskIndex[environment][taskName] {
                task = known
            } else {
                task = tasks[environment].count
                tasks[environment].append(taskName)
                taskIndex[environment][taskName] = task
            }
            if let (_, firstLine) = taskScores[miner][environment]?[task] {
                throw .duplicateRow(line: line, firstLine: firstLine, key: "uid \(uid), env '\(environmentName)', task '\(taskName)'")
            }
            taskScores[miner][environment, default: [:]][task] = (score, line)
        }
    }

    func table() -> ScoreTable {
        var result = ScoreTable(environments: environments, tasks: tasks)
        for (index, miner) in miners.enumerated() {
            var results = [EnvironmentResult](repeating: .missing, count: environments.count)
            switch form {
            case .aggregated:
                for (environment, entry) in aggregates[index] { results[environment] = entry.0 }
            case .perTask:
                for (environment, scores) in taskScores[index] {
                    var row = [Double?](repeating: nil, count: tasks[environment].count)
                    for (task, entry) in scores { row[task] = entry.0 }
                    results[environment] = .perTask(row)
                }
            }
            result.miners.append(MinerScores(uid: miner.uid, hotkey: miner.hotkey, firstSubmitted: miner.firstSubmitted,
                                             results: results))
        }
        return result
    }

    private mutating func minerPosition(uid: Int, hotkey: String, firstSubmitted: Int64, line: Int) throws(ScoreTableCSVError) -> Int {
        if let known = minerIndex[uid] {
            let first = miners[known]
            guard first.hotkey == hotkey else {
                throw .inconsistentMiner(line: line, column: position("hotkey"), name: "hotkey", uid: uid,
                                         firstLine: first.line, first: first.hotkey, found: hotkey)
            }
            guard first.firstSubmitted == firstSubmitted else {
                throw .inconsistentMiner(line: line, column: position("first_submitted"), name: "first_submitted", uid: uid,
                                         firstLine: first.line, first: String(first.firstSubmitted), found: String(firstSubmitted))
            }
            return known
        }
        minerIndex[uid] = miners.count
        miners.append((uid, hotkey, firstSubmitted, line))
        aggregates.append([:])
        taskScores.append([:])
        return miners.count - 1
    }

    private mutating func environmentPosition(_ name: String) -> Int {
        if let known = environmentIndex[name] { return known }
        environmentIndex[name] = environments.count
        environments.append(name)
        tasks.append([])
        taskIndex.append([:])
        return environments.count - 1
    }

    /// 1-based column number of a named field.
    private func position(_ name: String) -> Int { column[name]! + 1 }

    private func text(_ name: String, _ fields: [String], _ line: Int) throws(ScoreTableCSVError) -> String {
        let value = fields[column[name]!]
        guard !value.isEmpty else { throw .emptyField(line: line, column: position(name), name: name) }
        return value
    }

    private func integer(_ name: String, _ fields: [String], _ line: Int) throws(ScoreTableCSVError) -> Int {
        let value = fields[column[name]!]
        guard let number = Int(value) else {
            throw .invalidNumber(line: line, column: position(name), name: name, text: value)
        }
        return number
    }

    private func score(_ fields: [String], _ line: Int) throws(ScoreTableCSVError) -> Double {
        let value = fields[column["score"]!]
        let lowered = value.lowercased()
        if ["nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"].contains(lowered) {
            throw .notFinite(line: line, column: position("score"), name: "score", text: value)
        }
        // Decimal notation only: Double(_:) would also take hexadecimal floats like 0x1p-1.
        let decimal = !value.isEmpty && value.utf8.allSatisfy { byte in
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: ".")
                || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
        }
        guard decimal, let number = Double(value) else {
            throw .invalidNumber(line: line, column: position("score"), name: "score", text: value)
        }
        guard number.isFinite else { throw .notFinite(line: line, column: position("score"), name: "score", text: value) }
        guard (0...1).contains(number) else { throw .scoreOutOfRange(line: line, column: position("score"), value: number) }
        return number
    }
}

/// Splits one CSV line into fields.
private enum CSVLine {
    static let comma = UInt8(ascii: ",")
    static let quote = UInt8(ascii: "\"")

    static func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }

    static func fields(_ bytes: ArraySlice<UInt8>, line: Int) throws(ScoreTableCSVError) -> [String] {
        var fields: [String] = []
        var index = bytes.startIndex
        let end = bytes.endIndex
        var column = 1
        while true {
            while index < end && isBlank(bytes[index]) { index += 1 }
            if index < end && bytes[index] == quote {
                index += 1
                var value: [UInt8] = []
                var closed = false
                while index < end {
                    let byte = bytes[index]
                    index += 1
                    if byte == quote {
                        // A doubled quote is a literal quote; a single one closes the field.
                        if index < end && bytes[index] == quote {
                            value.append(quote)
                            index += 1
                        } else {
                            closed = true
                            break
                        }
                    } else {
                        value.append(byte)
                    }
                }
                guard closed else { throw .malformedQuote(line: line, column: column) }
                while index < end && isBlank(bytes[index]) { index += 1 }
                guard index == end || bytes[index] == comma else { throw .malformedQuote(line: line, column: column) }
                fields.append(String(decoding: value, as: UTF8.self))
            } else {
                let fieldStart = index
                while index < end && bytes[index] != comma {
                    if bytes[index] == quote { throw .malformedQuote(line: line, column: column) }
                    index += 1
                }
                var fieldEnd = index
                while fieldEnd > fieldStart && isBlank(bytes[fieldEnd - 1]) { fieldEnd -= 1 }
                fields.append(String(decoding: bytes[fieldStart..<fieldEnd], as: UTF8.self))
            }
            guard index < end else { break }
            index += 1  // the comma
            column += 1
        }
        return fields
    }
}

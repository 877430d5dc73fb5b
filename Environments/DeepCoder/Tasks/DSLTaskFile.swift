import Foundation

/// Why a task file could not be read, naming the 1-based line.
public struct DSLTaskFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The 1-based line, or nil for the file as a whole.
    public var line: Int?
    /// What was wrong.
    public var reason: String

    public init(line: Int?, reason: String) {
        self.line = line
        self.reason = reason
    }

    public var description: String { (line.map { "line \($0): " } ?? "") + reason }
}

/// The JSON Lines task files of ../shared/specs/list-dsl.md: one task a line,
///
///     {"id": "t-0001", "inputs": ["[int]", "int"], "length": 3,
///      "visible": [{"inputs": [[3, -1, 4], 2], "output": [-2, 6]}], "hidden": [...],
///      "solution": "a <- [int]\nb <- int\n..."}
///
/// Reading checks everything the spec asks of a task: known input types, 3 to 5 visible and at
/// least 5 hidden examples whose inputs fit the types and whose outputs are in range, and, when a
/// solution is given, that it parses, declares the same inputs, has `length` statements and
/// produces every example's output. Blank lines are skipped; ids must be unique.
public enum DSLTaskFile {
    /// The largest task file read (256 MiB).
    public static let maximumBytes = 256 << 20

    /// The tasks of the file at `path`.
    public static func read(path: String) throws(DSLTaskFileError) -> [DSLTask] {
        let url = URL(fileURLWithPath: path)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue else {
            throw DSLTaskFileError(line: nil, reason: "\(path): no such task file")
        }
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > maximumBytes {
            throw DSLTaskFileError(line: nil, reason: "\(path): larger than \(maximumBytes) bytes")
        }
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw DSLTaskFileError(line: nil, reason: "\(path): \(error.localizedDescription)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw DSLTaskFileError(line: nil, reason: "\(path): not UTF-8 text")
        }
        return try parse(text)
    }

    /// The tasks of a JSON Lines text.
    public static func parse(_ text: String) throws(DSLTaskFileError) -> [DSLTask] {
        var tasks: [DSLTask] = []
        var lineOfID: [String: Int] = [:]
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        for (offset, line) in lines.enumerated() where !line.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) {
            let number = offset + 1
            let task = try parseLine(String(line), number: number)
            if let first = lineOfID[task.id] {
                throw DSLTaskFileError(line: number, reason: "task id \"\(task.id)\" is already used on line \(first)")
            }
            lineOfID[task.id] = number
            tasks.append(task)
        }
        return tasks
    }

    /// The JSON form of the file's lines as written: `id`, `inputs`, `length`, `visible`,
    /// `hidden` and `solution` (when known), one task a line, each line ending in `\n`.
    public static func jsonLines(_ tasks: [DSLTask]) -> String {
        tasks.map { jsonLine($0) + "\n" }.joined()
    }

    /// One task as one line of JSON.
    public static func jsonLine(_ task: DSLTask) -> String {
        func examples(_ list: [DSLExample]) -> String {
            "[" + list.map { "{\"inputs\": [" + $0.inputs.map(\.json).joined(separator: ", ") + "], \"output\": \($0.output.json)}" }
                .joined(separator: ", ") + "]"
        }
        var line = "{\"id\": \(jsonString(task.id)), \"inputs\": [" + task.inputTypes.map { "\"\($0)\"" }.joined(separator: ", ")
            + "], \"length\": \(task.length), \"visible\": \(examples(task.visible)), \"hidden\": \(examples(task.hidden))"
        if let solution = task.solution { line += ", \"solution\": \(jsonString(solution.text))" }
        return line + "}"
    }

    /// A JSON string literal.
    static func jsonString(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20: result += String(format: "\\u%04x", scalar.value)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    private struct RawTask: Decodable {
        var id: String
        var inputs: [String]
        var length: Int
        var visible: [DSLExample]
        var hidden: [DSLExample]
        var solution: String?
    }

    static func parseLine(_ line: String, number: Int) throws(DSLTaskFileError) -> DSLTask {
        func fail(_ reason: String) -> DSLTaskFileError { DSLTaskFileError(line: number, reason: reason) }
        let raw: RawTask
        do {
            raw = try JSONDecoder().decode(RawTask.self, from: Data(line.utf8))
        } catch let error as DecodingError {
            throw fail("not a task object: \(error.summary)")
        } catch {
            throw fail("not a task object: \(error)")
        }
        guard !raw.id.isEmpty else { throw fail("the id is empty") }
        var inputTypes: [DSLType] = []
        for name in raw.inputs {
            guard let type = DSLType(rawValue: name) else { throw fail("input type \"\(name)\" is neither \"int\" nor \"[int]\"") }
            inputTypes.append(type)
        }
        guard (1...DSLProgram.maximumInputs).contains(inputTypes.count) else {
            throw fail("a task declares 1 to \(DSLProgram.maximumInputs) inputs, got \(inputTypes.count)")
        }
        guard (1...DSLProgram.maximumStatements).contains(raw.length) else {
            throw fail("length \(raw.length) is outside 1...\(DSLProgram.maximumStatements)")
        }
        guard DSLTask.visibleCountRange.contains(raw.visible.count) else {
            throw fail("a task has 3 to 5 visible examples, got \(raw.visible.count)")
        }
        guard raw.hidden.count >= DSLTask.minimumHiddenCount else {
            throw fail("a task has at least \(DSLTask.minimumHiddenCount) hidden examples, got \(raw.hidden.count)")
        }
        let outputType = raw.visible[0].output.type
        for (set, examples) in [("visible", raw.visible), ("hidden", raw.hidden)] {
            for (index, example) in examples.enumerated() {
                let name = "\(set) example \(index + 1)"
                guard example.inputs.count == inputTypes.count else {
                    throw fail("\(name) has \(example.inputs.count) inputs, the task declares \(inputTypes.count)")
                }
                for (position, (value, type)) in zip(example.inputs, inputTypes).enumerated() where value.type != type {
                    throw fail("input \(position + 1) of \(name) is \(value.type), the task declares \(type)")
                }
                guard example.output.type == outputType else {
                    throw fail("the output of \(name) is \(example.output.type), the first visible output is \(outputType)")
                }
                guard example.output.isInRange else {
                    throw fail("the output of \(name) lies outside [-256, 255], which no defined run gives")
                }
            }
        }
        var solution: DSLProgram?
        if let text = raw.solution {
            let program: DSLProgram
            do { program = try DSLProgram(parsing: text) } catch { throw fail("solution: \(error)") }
            guard program.inputTypes == inputTypes else {
                throw fail("the solution declares inputs \(program.inputTypes.map(\.rawValue)), the task \(raw.inputs)")
            }
            guard program.length == raw.length else {
                throw fail("the solution has \(program.length) statements, the task's length is \(raw.length)")
            }
            for (set, examples) in [("visible", raw.visible), ("hidden", raw.hidden)] {
                for (index, example) in examples.enumerated() where !DSLTask.passes(program, example) {
                    throw fail("the solution does not give the output of \(set) example \(index + 1)")
                }
            }
            solution = program
        }
        return DSLTask(id: raw.id, inputTypes: inputTypes, length: raw.length, visible: raw.visible, hidden: raw.hidden,
                       solution: solution)
    }
}

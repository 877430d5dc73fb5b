import Foundation
import Testing
@testable import Evaluation

@Suite("Score table CSV")
struct ScoreTableCSVTests {
    @Test("the aggregated form parses into aggregate results")
    func aggregated() throws {
        let csv = """
        uid,hotkey,first_submitted,env,score,completed,expected
        3,5Fabc,1200,sat,0.75,9,10
        3,5Fabc,1200,code,0.5,10,10
        1,5Gxyz,1100,sat,1,10,10

        """
        let table = try ScoreTableCSV.parse(csv)
        #expect(table.environments == ["sat", "code"])
        #expect(table.miners.map(\.uid) == [3, 1])
        #expect(table.miners[0].hotkey == "5Fabc" && table.miners[0].firstSubmitted == 1200)
        #expect(table.miners[0].results == [.aggregate(mean: 0.75, completed: 9, expected: 10), .aggregate(mean: 0.5, completed: 10, expected: 10)])
        #expect(table.miners[1].results == [.aggregate(mean: 1, completed: 10, expected: 10), .missing])
        try table.validate()
    }

    @Test("the per-task form parses into task lists; a missing task counts against completion")
    func perTask() throws {
        let csv = "uid,hotkey,first_submitted,env,task,score\r\n"
            + "1,h1,10,sat,t1,1\r\n1,h1,10,sat,t2,0\r\n2,h2,20,sat,t2,1\r\n2,h2,20,sat,t3,0.5\r\n"
        let table = try ScoreTableCSV.parse(csv)
        #expect(table.tasks == [["t1", "t2", "t3"]])
        #expect(table.miners[0].results == [.perTask([1, 0, nil])])
        #expect(table.miners[1].results == [.perTask([nil, 1, 0.5])])
        let result = try AffineSubsetsRule(configuration: SubsetScoringConfiguration(minCompleteness: 0.6)).score(table)
        #expect(result.miner(uid: 1)!.estimates[0]!.completed == 2)
        #expect(result.miner(uid: 1)!.estimates[0]!.expected == 3)
    }

    @Test("columns may come in any order; quoted fields may hold commas and quotes; blanks are trimmed")
    func flexibleSyntax() throws {
        let csv = "env, score ,uid,hotkey,first_submitted,expected,completed\n"
            + #""sat, hard",0.5, 7 ,"key ""quoted""",3,10,10"# + "\n"
        let table = try ScoreTableCSV.parse(csv)
        #expect(table.environments == ["sat, hard"])
        #expect(table.miners[0].uid == 7 && table.miners[0].hotkey == "key \"quoted\"")
        #expect(table.miners[0].results == [.aggregate(mean: 0.5, completed: 10, expected: 10)])
    }

    let header = "uid,hotkey,first_submitted,env,score,completed,expected\n"

    @Test("bad values throw errors naming the line and column")
    func valueErrors() {
        let cases: [(row: String, error: ScoreTableCSVError)] = [
            ("1,h,5,e,abc,1,1", .invalidNumber(line: 2, column: 5, name: "score", text: "abc")),
            ("1,h,5,e,0x1p-1,1,1", .invalidNumber(line: 2, column: 5, name: "score", text: "0x1p-1")),
            ("1,h,5,e,NaN,1,1", .notFinite(line: 2, column: 5, name: "score", text: "NaN")),
            ("1,h,5,e,inf,1,1", .notFinite(line: 2, column: 5, name: "score", text: "inf")),
            ("1,h,5,e,1e999,1,1", .notFinite(line: 2, column: 5, name: "score", text: "1e999")),
            ("1,h,5,e,1.5,1,1", .scoreOutOfRange(line: 2, column: 5, value: 1.5)),
            ("1,h,5,e,-0.1,1,1", .scoreOutOfRange(line: 2, column: 5, value: -0.1)),
            ("-1,h,5,e,0.5,1,1", .negativeUID(line: 2, column: 1, value: -1)),
            ("70000,h,5,e,0.5,1,1", .uidTooLarge(line: 2, column: 1, value: 70000)),
            ("x,h,5,e,0.5,1,1", .invalidNumber(line: 2, column: 1, name: "uid", text: "x")),
            ("1,h,5.5,e,0.5,1,1", .invalidNumber(line: 2, column: 3, name: "first_submitted", text: "5.5")),
            ("1,h,5,e,0.5,11,10", .completedExceedsExpected(line: 2, completed: 11, expected: 10)),
            ("1,h,5,e,0.5,-1,10", .invalidCount(line: 2, column: 6, name: "completed", value: -1)),
            ("1,h,5,e,0.5,0,0", .invalidCount(line: 2, column: 7, name: "expected", value: 0)),
            ("1,,5,e,0.5,1,1", .emptyField(line: 2, column: 2, name: "hotkey")),
            ("1,h,5,e,0.5,1", .wrongFieldCount(line: 2, expected: 7, found: 6)),
            ("1,h\"x,5,e,0.5,1,1", .malformedQuote(line: 2, column: 2)),
            ("1,\"h,5,e,0.5,1,1", .malformedQuote(line: 2, column: 2)),
            ("1,\"h\"x,5,e,0.5,1,1", .malformedQuote(line: 2, column: 2)),
        ]
        for c in cases {
            #expect(throws: c.error, "\(c.row)") { try ScoreTableCSV.parse(header + c.row + "\n") }
        }
    }

    @Test("inconsistent miners and duplicate rows throw, naming both lines")
    func consistencyErrors() {
        #expect(throws: ScoreTableCSVError.inconsistentMiner(line: 3, column: 2, name: "hotkey", uid: 1, firstLine: 2, first: "h", found: "other")) {
            try ScoreTableCSV.parse(header + "1,h,5,a,0.5,1,1\n1,other,5,b,0.5,1,1\n")
        }
        #expect(throws: ScoreTableCSVError.inconsistentMiner(line: 3, column: 3, name: "first_submitted", uid: 1, firstLine: 2, first: "5", found: "6")) {
            try ScoreTableCSV.parse(header + "1,h,5,a,0.5,1,1\n1,h,6,b,0.5,1,1\n")
        }
        #expect(throws: ScoreTableCSVError.duplicateRow(line: 4, firstLine: 2, key: "uid 1, env 'a'")) {
            try ScoreTableCSV.parse(header + "1,h,5,a,0.5,1,1\n2,g,5,a,0.5,1,1\n1,h,5,a,0.7,1,1\n")
        }
        #expect(throws: ScoreTableCSVError.duplicateRow(line: 3, firstLine: 2, key: "uid 1, env 'a', task 't'")) {
            try ScoreTableCSV.parse("uid,hotkey,first_submitted,env,task,score\n1,h,5,a,t,1\n1,h,5,a,t,0\n")
        }
    }

    @Test("headers: missing, unknown or duplicated names are refused")
    func headerErrors() throws {
        #expect(throws: ScoreTableCSVError.missingHeader) { try ScoreTableCSV.parse("") }
        #expect(throws: ScoreTableCSVError.missingHeader) { try ScoreTableCSV.parse("\n  \n") }
        #expect(throws: ScoreTableCSVError.unrecognizedHeader("uid,hotkey,score")) { try ScoreTableCSV.parse("uid,hotkey,score\n") }
        #expect(throws: ScoreTableCSVError.self) {
            try ScoreTableCSV.parse("uid,uid,hotkey,first_submitted,env,task,score\n")
        }
        // A header alone is a valid, empty table.
        #expect(try ScoreTableCSV.parse(header).miners.isEmpty)
    }

    @Test("size limits: bytes and rows")
    func limits() {
        let rows = (1...5).map { "\($0),h\($0),5,a,0.5,1,1" }.joined(separator: "\n")
        #expect(throws: ScoreTableCSVError.tooManyRows(line: 5, limit: 3)) {
            try ScoreTableCSV.parse(header + rows, limits: .init(maxRows: 3))
        }
        #expect(throws: ScoreTableCSVError.tooLarge(bytes: (header + rows).utf8.count, limit: 100)) {
            try ScoreTableCSV.parse(header + rows, limits: .init(maxBytes: 100))
        }
        #expect(throws: ScoreTableCSVError.notUTF8) { try ScoreTableCSV.parse(data: Data([0x75, 0xFF, 0xFE])) }
    }

    @Test("files: read back, and anything but a regular file is refused")
    func files() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("scoring-csv-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("scores.csv")
        try Data((header + "2,h,5,a,0.25,4,4\n").utf8).write(to: file)
        let table = try ScoreTableCSV.read(contentsOf: file)
        #expect(table.miners.first?.results == [.aggregate(mean: 0.25, completed: 4, expected: 4)])
        #expect(throws: ScoreTableCSVError.notARegularFile(path: directory.path)) { try ScoreTableCSV.read(contentsOf: directory) }
        #expect(throws: ScoreTableCSVError.tooLarge(bytes: 73, limit: 10)) {
            try ScoreTableCSV.read(contentsOf: file, limits: .init(maxBytes: 10))
        }
        #expect(throws: ScoreTableCSVError.self) { try ScoreTableCSV.read(contentsOf: directory.appendingPathComponent("missing.csv")) }
    }
}

import Environments
import Testing

/// The list DSL of ../shared/specs/list-dsl.md: every function and lambda on the spec's
/// meanings, undefined results, bounds, the text form and its errors.
@Suite("DeepCoder list DSL")
struct DSLLanguageTests {
    /// Runs `FUNCTION [LAMBDA] args` through the interpreter on the given inputs.
    func run(_ body: String, _ inputs: [DSLValue]) throws -> DSLValue? {
        var lines = inputs.enumerated().map { "\(DSLProgram.variableName($0.offset)) <- \($0.element.type)" }
        lines.append("\(DSLProgram.variableName(inputs.count)) <- \(body)")
        return try DSLProgram(parsing: lines.joined(separator: "\n")).run(inputs)
    }

    @Test("the spec's program runs as its example task says")
    func specExample() throws {
        let program = try DSLProgram(parsing: "a <- [int]\nb <- int\nc <- SORT a\nd <- TAKE b c\ne <- MAP (*2) d")
        #expect(try program.run([.list([3, -1, 4]), .int(2)]) == .list([-2, 6]))
        #expect(try program.run([.list([5, 0, 1, 2]), .int(1)]) == .list([0]))
        #expect(program.length == 3 && program.inputTypes == [.list, .int] && program.outputType == .list)
    }

    @Test("first-order functions")
    func firstOrder() throws {
        let xs: DSLValue = .list([3, -1, 4, 1])
        #expect(try run("HEAD a", [xs]) == .int(3))
        #expect(try run("LAST a", [xs]) == .int(1))
        #expect(try run("TAKE a b", [.int(2), xs]) == .list([3, -1]))
        #expect(try run("TAKE a b", [.int(9), xs]) == .list([3, -1, 4, 1]))
        #expect(try run("TAKE a b", [.int(0), xs]) == .list([]))
        #expect(try run("TAKE a b", [.int(-3), xs]) == .list([]))
        #expect(try run("DROP a b", [.int(1), xs]) == .list([-1, 4, 1]))
        #expect(try run("DROP a b", [.int(7), xs]) == .list([]))
        #expect(try run("DROP a b", [.int(-2), xs]) == xs)
        #expect(try run("ACCESS a b", [.int(2), xs]) == .int(4))
        #expect(try run("ACCESS a b", [.int(0), xs]) == .int(3))
        #expect(try run("MINIMUM a", [xs]) == .int(-1))
        #expect(try run("MAXIMUM a", [xs]) == .int(4))
        #expect(try run("REVERSE a", [xs]) == .list([1, 4, -1, 3]))
        #expect(try run("SORT a", [xs]) == .list([-1, 1, 3, 4]))
        #expect(try run("SUM a", [xs]) == .int(7))
        #expect(try run("SUM a", [.list([])]) == .int(0))
        #expect(try run("REVERSE a", [.list([])]) == .list([]))
    }

    @Test("higher-order functions and every lambda")
    func higherOrder() throws {
        let xs: DSLValue = .list([-7, -2, 0, 3, 8])
        let maps: [(String, [Int])] = [
            ("(+1)", [-6, -1, 1, 4, 9]), ("(-1)", [-8, -3, -1, 2, 7]), ("(*2)", [-14, -4, 0, 6, 16]),
            ("(/2)", [-4, -1, 0, 1, 4]), ("(*(-1))", [7, 2, 0, -3, -8]), ("(**2)", [49, 4, 0, 9, 64]),
            ("(*3)", [-21, -6, 0, 9, 24]), ("(/3)", [-3, -1, 0, 1, 2]), ("(*4)", [-28, -8, 0, 12, 32]),
            ("(/4)", [-2, -1, 0, 0, 2]),
        ]
        for (lambda, expected) in maps { #expect(try run("MAP \(lambda) a", [xs]) == .list(expected), "\(lambda)") }
        let filters: [(String, [Int])] = [("(>0)", [3, 8]), ("(<0)", [-7, -2]), ("(%2==0)", [-2, 0, 8]), ("(%2==1)", [-7, 3])]
        for (lambda, expected) in filters {
            #expect(try run("FILTER \(lambda) a", [xs]) == .list(expected), "\(lambda)")
            #expect(try run("COUNT \(lambda) a", [xs]) == .int(expected.count), "\(lambda)")
        }
        let ys: DSLValue = .list([2, 5, -1])
        let zips: [(String, [Int])] = [("(+)", [-5, 3, -1]), ("(-)", [-9, -7, 1]), ("(*)", [-14, -10, 0]),
                                      ("MIN", [-7, -2, -1]), ("MAX", [2, 5, 0])]
        for (lambda, expected) in zips { #expect(try run("ZIPWITH \(lambda) a b", [xs, ys]) == .list(expected), "\(lambda)") }
        let scans: [(String, [Int])] = [("(+)", [-7, -9, -9, -6, 2]), ("(-)", [-7, -5, -5, -8, -16]),
                                       ("(*)", [-7, 14, 0, 0, 0]), ("MIN", [-7, -7, -7, -7, -7]), ("MAX", [-7, -2, 0, 3, 8])]
        for (lambda, expected) in scans { #expect(try run("SCANL1 \(lambda) a", [xs]) == .list(expected), "\(lambda)") }
        #expect(try run("SCANL1 (+) a", [.list([])]) == .list([]))
        #expect(try run("ZIPWITH (+) a b", [.list([]), ys]) == .list([]))
    }

    @Test("undefined runs: empty lists, indices out of range, values outside [-256, 255], in any statement")
    func undefined() throws {
        for function in ["HEAD", "LAST", "MINIMUM", "MAXIMUM"] { #expect(try run("\(function) a", [.list([])]) == nil) }
        #expect(try run("ACCESS a b", [.int(3), .list([1, 2, 3])]) == nil)
        #expect(try run("ACCESS a b", [.int(-1), .list([1, 2, 3])]) == nil)
        #expect(try run("MAP (*2) a", [.list([127, 128])]) == nil)
        #expect(try run("MAP (*2) a", [.list([127, -128])]) == .list([254, -256]))
        #expect(try run("SUM a", [.list([200, 100])]) == nil)
        // Inside one call only the statement's value is checked: the running total may leave the range.
        #expect(try run("SUM a", [.list([200, 100, -250])]) == .int(50))
        // An unused statement that is undefined makes the whole run undefined.
        let dead = try DSLProgram(parsing: "a <- [int]\nb <- HEAD a\nc <- REVERSE a")
        #expect(try dead.run([.list([])]) == nil)
        #expect(try dead.run([.list([1, 2])]) == .list([2, 1]))
        // 64-bit overflow is undefined too, never a trap.
        #expect(try run("MAP (**2) a", [.list([Int.max])]) == nil)
        #expect(try run("SUM a", [.list([Int.max, 1])]) == nil)
    }

    @Test("step and memory bounds throw typed errors")
    func bounds() throws {
        let program = try DSLProgram(parsing: "a <- [int]\nb <- SORT a\nc <- REVERSE b")
        let long: [DSLValue] = [.list([Int](repeating: 1, count: 1_000))]
        #expect(throws: DSLRunError.stepLimit(limit: 500)) { try program.run(long, limits: DSLLimits(maximumSteps: 500)) }
        #expect(throws: DSLRunError.memoryLimit(limit: 2_500)) { try program.run(long, limits: DSLLimits(maximumElements: 2_500)) }
        #expect(try program.run(long, limits: DSLLimits(maximumSteps: 100_000, maximumElements: 3_000)) != nil)
        #expect(throws: DSLRunError.inputCount(expected: 1, actual: 2)) { try program.run([.list([]), .int(1)]) }
        #expect(throws: DSLRunError.inputType(index: 0, expected: .list, actual: .int)) { try program.run([.int(1)]) }
    }

    @Test("print and parse round-trip every function and lambda")
    func roundTrip() throws {
        var statements: [DSLStatement] = []
        var types: [DSLType] = [.list, .int]
        for function in DSLFunction.allCases {
            for lambda in function.lambdaKind.map({ DSLLambda.all(of: $0).map(Optional.some) }) ?? [nil] {
                let arguments = function.argumentTypes.map { type in types.lastIndex(of: type)! }
                statements.append(DSLStatement(function, lambda, arguments))
                types.append(function.resultType)
            }
        }
        let program = try DSLProgram(inputTypes: [.list, .int], statements: statements)
        let parsed = try DSLProgram(parsing: program.text)
        #expect(parsed == program)
        #expect(parsed.text == program.text)
        #expect(program.lines[2] == "c <- HEAD a")
        #expect(DSLProgram.variableName(25) == "z" && DSLProgram.variableName(26) == "aa" && DSLProgram.variableName(27) == "ab")
        // Other names, blank lines, tabs and CRLF line ends parse to the same program.
        let loose = try DSLProgram(parsing: "xs <- [int]\r\n\n  n\t<- int\nsorted_1 <- SORT xs\r\nout <- TAKE n sorted_1\n")
        #expect(loose.text == "a <- [int]\nb <- int\nc <- SORT a\nd <- TAKE b c")
    }

    @Test("malformed programs throw typed errors naming the line", arguments: [
        ("", DSLProgramError(line: nil, reason: .noStatements)),
        ("a <- [int]", DSLProgramError(line: 1, reason: .noStatements)),
        ("a <- [int]\nb SORT a", DSLProgramError(line: 2, reason: .malformedLine("b SORT a"))),
        ("a <- [int]\nb <- SORTED a", DSLProgramError(line: 2, reason: .unknownFunction("SORTED"))),
        ("a <- list", DSLProgramError(line: 1, reason: .unknownFunction("list"))),
        ("a <- [int]\nb <- MAP (+5) a", DSLProgramError(line: 2, reason: .unknownLambda("(+5)"))),
        ("a <- [int]\nb <- MAP a", DSLProgramError(line: 2, reason: .missingLambda(function: .map, kind: .unary))),
        ("a <- [int]\nb <- MAP (>0) a", DSLProgramError(line: 2, reason: .wrongLambdaKind(function: .map, lambda: .isPositive, expected: .unary))),
        ("a <- [int]\nb <- SORT (+1) a", DSLProgramError(line: 2, reason: .unexpectedLambda(function: .sort, lambda: .plusOne))),
        ("a <- [int]\nb <- SORT a a", DSLProgramError(line: 2, reason: .argumentCount(function: .sort, expected: 1, actual: 2))),
        ("a <- [int]\nb <- TAKE a a", DSLProgramError(line: 2, reason: .argumentType(function: .take, position: 1, expected: .int, actual: .list))),
        ("a <- [int]\nb <- SORT c", DSLProgramError(line: 2, reason: .undefinedVariable(name: "c"))),
        ("a <- [int]\na <- SORT a", DSLProgramError(line: 2, reason: .redefinedVariable(name: "a"))),
        ("a <- [int]\nb <- SORT a\nc <- int", DSLProgramError(line: 3, reason: .declarationAfterStatement(name: "c"))),
        ("1a <- [int]", DSLProgramError(line: 1, reason: .invalidName("1a"))),
        ("a <- [int]\nb <- SORT b", DSLProgramError(line: 2, reason: .undefinedVariable(name: "b"))),
    ])
    func malformed(text: String, expected: DSLProgramError) {
        #expect(throws: expected) { try DSLProgram(parsing: text) }
    }

    @Test("programs built from parts are checked; JSON inputs are strict")
    func partsAndInputs() throws {
        #expect(throws: DSLProgramError(line: nil, statement: 0, reason: .undefinedVariable(name: "b"))) {
            try DSLProgram(inputTypes: [.list], statements: [DSLStatement(.sort, nil, [1])])
        }
        #expect(throws: DSLProgramError(line: nil, statement: 0, reason: .undefinedVariable(name: "#-1"))) {
            try DSLProgram(inputTypes: [.list], statements: [DSLStatement(.sort, nil, [-1])])
        }
        #expect(throws: DSLProgramError(line: nil, reason: .noStatements)) { try DSLProgram(inputTypes: [.list], statements: []) }
        #expect(try DSLValue.inputs(fromJSON: "[[3, -1, 4], 2]") == [.list([3, -1, 4]), .int(2)])
        #expect(try DSLValue.inputs(fromJSON: " [ [] ] ") == [.list([])])
        for bad in ["", "[1.5]", "[true]", "[\"1\"]", "[[1, [2]]]", "{\"a\": 1}", "[99999999999999999999]", "[1,"] {
            #expect(throws: DSLInputError.self, "\(bad)") { try DSLValue.inputs(fromJSON: bad) }
        }
        let huge = String(repeating: " ", count: DSLProgram.maximumTextBytes + 1)
        #expect(throws: DSLProgramError(line: nil, reason: .textTooLong(limit: DSLProgram.maximumTextBytes))) {
            try DSLProgram(parsing: huge)
        }
    }
}

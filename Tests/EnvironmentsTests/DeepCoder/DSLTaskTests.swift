import Environments
import Testing

/// The seeded task generator and the JSON Lines task files.
@Suite("DeepCoder tasks: generator and task files")
struct DSLTaskTests {
    @Test("the generator repeats under a seed, differs across seeds and follows the spec's task shape")
    func generatorDeterminism() throws {
        let first = DSLTaskGenerator.tasks(lengths: [1, 2, 3, 4, 5], perLength: 4, seed: 11)
        let again = DSLTaskGenerator.tasks(lengths: [1, 2, 3, 4, 5], perLength: 4, seed: 11)
        let other = DSLTaskGenerator.tasks(lengths: [1, 2, 3, 4, 5], perLength: 4, seed: 12)
        #expect(first == again)
        #expect(first != other)
        #expect(first.map(\.id) == (1...20).map { String(format: "t-%04d", $0) })
        for task in first {
            let solution = try #require(task.solution)
            #expect(solution.length == task.length && solution.inputTypes == task.inputTypes)
            #expect((3...5).contains(task.visible.count) && task.hidden.count == 10)
            #expect(task.isSolved(by: solution))
            // No dead code: every input and every statement but the last is used later.
            var used = Set(solution.statements.flatMap(\.arguments))
            used.insert(solution.inputTypes.count + solution.length - 1)
            #expect(used == Set(0..<(solution.inputTypes.count + solution.length)), "\(solution)")
            // Outputs are not all the same.
            let outputs = (task.visible + task.hidden).map(\.output)
            #expect(Set(outputs).count > 1)
        }
        #expect(Set(first.map(\.length)) == [1, 2, 3, 4, 5])
    }

    @Test("task files round-trip through the writer and the loader")
    func fileRoundTrip() throws {
        let tasks = DSLTaskGenerator.tasks(lengths: [1, 3, 5], perLength: 3, seed: 5)
        let text = DSLTaskFile.jsonLines(tasks)
        #expect(text.split(separator: "\n").count == 9)
        #expect(try DSLTaskFile.parse(text) == tasks)
        // The spec's own example line, with enough hidden examples.
        let hidden = (0..<5).map { _ in "{\"inputs\": [[5, 0, 1, 2], 1], \"output\": [0]}" }.joined(separator: ", ")
        let visible = "{\"inputs\": [[3, -1, 4], 2], \"output\": [-2, 6]}"
        let line = "{\"id\": \"t-0001\", \"inputs\": [\"[int]\", \"int\"], \"length\": 3, \"visible\": [\(visible), \(visible), \(visible)], "
            + "\"hidden\": [\(hidden)], \"solution\": \"a <- [int]\\nb <- int\\nc <- SORT a\\nd <- TAKE b c\\ne <- MAP (*2) d\"}"
        let parsed = try DSLTaskFile.parse("\n" + line + "\n\n")
        #expect(parsed.count == 1 && parsed[0].length == 3 && parsed[0].solution?.length == 3)
    }

    @Test("malformed task lines are errors naming the line")
    func loaderErrors() throws {
        let good = DSLTaskFile.jsonLine(DSLTaskGenerator.tasks(lengths: [2], perLength: 1, seed: 3)[0])
        func expectError(_ text: String, line: Int, containing fragment: String) {
            do {
                _ = try DSLTaskFile.parse(text)
                Issue.record("expected an error for \(text.prefix(60))")
            } catch {
                #expect(error.line == line, "\(error)")
                #expect(error.reason.contains(fragment), "\(error)")
            }
        }
        expectError(good + "\n{not json\n", line: 2, containing: "not a task object")
        expectError("\n" + good.replacingOccurrences(of: "\"id\"", with: "\"name\""), line: 2, containing: "missing key \"id\"")
        expectError(good + "\n" + good, line: 2, containing: "already used on line 1")
        expectError(good.replacingOccurrences(of: "\"[int]\"", with: "\"list\""), line: 1, containing: "neither")
        expectError(good.replacingOccurrences(of: "\"length\": 2", with: "\"length\": 3"), line: 1, containing: "statements")
        expectError(good.replacingOccurrences(of: "\"solution\": \"a <-", with: "\"solution\": \"a <=") , line: 1, containing: "solution")
        let task = DSLTaskGenerator.tasks(lengths: [2], perLength: 1, seed: 3)[0]
        var fewVisible = task
        fewVisible.visible = Array(task.visible.prefix(2))
        expectError(DSLTaskFile.jsonLine(fewVisible), line: 1, containing: "3 to 5 visible")
        var fewHidden = task
        fewHidden.hidden = Array(task.hidden.prefix(4))
        expectError(DSLTaskFile.jsonLine(fewHidden), line: 1, containing: "at least 5 hidden")
        var wrongOutput = task
        wrongOutput.hidden[2].output = wrongOutput.hidden[2].output == .int(7) ? .int(8) : (task.outputType == .int ? .int(7) : .list([7]))
        expectError(DSLTaskFile.jsonLine(wrongOutput), line: 1, containing: "hidden example 3")
        var wrongInputs = task
        wrongInputs.visible[1].inputs = []
        expectError(DSLTaskFile.jsonLine(wrongInputs), line: 1, containing: "visible example 2 has 0 inputs")
        expectError(good.replacingOccurrences(of: "\"output\": ", with: "\"output\": 1.5, \"x\": "), line: 1, containing: "not a task object")
        #expect(throws: DSLTaskFileError.self) { try DSLTaskFile.read(path: "/nonexistent/tasks.jsonl") }
    }

    @Test("scores: the fraction of hidden examples passed")
    func scoring() throws {
        let sort = try DSLProgram(parsing: "a <- [int]\nb <- SORT a")
        let reverse = try DSLProgram(parsing: "a <- [int]\nb <- REVERSE a")
        func examples(_ lists: [[Int]]) throws -> [DSLExample] {
            try lists.map { DSLExample(inputs: [.list($0)], output: try #require(try sort.run([.list($0)]))) }
        }
        let task = DSLTask(id: "sort", inputTypes: [.list], length: 1, visible: try examples([[3, 2, 1], [5], [9, 8]]),
                           hidden: try examples([[3, 2, 1], [1, 2], [5], [2, 9, 4], [0, 0]]), solution: sort)
        #expect(task.hiddenScore(sort) == 1 && task.isSolved(by: sort))
        #expect(task.fitsVisible(reverse))
        #expect(task.hiddenPassCount(reverse) == 3 && abs(task.hiddenScore(reverse) - 0.6) < 1e-12)
        let wrongInputs = try DSLProgram(parsing: "a <- int\nb <- [int]\nc <- TAKE a b")
        #expect(!task.fitsVisible(wrongInputs) && task.hiddenScore(wrongInputs) == 0)
    }
}

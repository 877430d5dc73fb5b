import Foundation
import Testing

/// `frontier dsl`: run's output and exit codes, generate's seeded files, solve's report.
@Suite("frontier dsl", .serialized)
struct DSLCommandTests {
    @Test("dsl run prints the output, null when undefined, and exits 2 on a malformed program or input")
    func runExitCodes() throws {
        let folder = try temporaryFolder()
        let program = folder + "/program.txt"
        try "a <- [int]\nb <- int\nc <- SORT a\nd <- TAKE b c\ne <- MAP (*2) d\n".write(toFile: program, atomically: true, encoding: .utf8)
        let ok = try runFrontier(["dsl", "run", program, "--inputs", "[[3, -1, 4], 2]"])
        #expect(ok.status == 0 && ok.output == "[-2, 6]\n", "\(ok)")

        let head = folder + "/head.txt"
        try "a <- [int]\nb <- HEAD a".write(toFile: head, atomically: true, encoding: .utf8)
        let undefined = try runFrontier(["dsl", "run", head, "--inputs", "[[]]"])
        #expect(undefined.status == 0 && undefined.output == "null\n", "\(undefined)")
        let scalar = try runFrontier(["dsl", "run", head, "--inputs", "[[7, 1]]"])
        #expect(scalar.status == 0 && scalar.output == "7\n", "\(scalar)")

        let malformed = folder + "/bad.txt"
        try "a <- [int]\nb <- SORTED a".write(toFile: malformed, atomically: true, encoding: .utf8)
        let badProgram = try runFrontier(["dsl", "run", malformed, "--inputs", "[[1]]"])
        #expect(badProgram.status == 2 && badProgram.error.contains("line 2") && badProgram.error.contains("SORTED"), "\(badProgram)")
        for inputs in ["[[1], 2]", "[1]", "[[1.5]]", "not json", "[[1, true]]"] {
            let badInput = try runFrontier(["dsl", "run", head, "--inputs", inputs])
            #expect(badInput.status == 2 && badInput.error.contains("malformed input"), "\(inputs): \(badInput)")
        }
        let missing = try runFrontier(["dsl", "run", folder + "/none.txt", "--inputs", "[[1]]"])
        #expect(missing.status == 2, "\(missing)")
    }

    @Test("dsl generate is seeded; dsl solve reports programs and rates by length")
    func generateAndSolve() throws {
        let folder = try temporaryFolder()
        let tasks = folder + "/tasks.jsonl", again = folder + "/again.jsonl"
        let first = try runFrontier(["dsl", "generate", "--out", tasks, "--lengths", "1,2", "--per-length", "3", "--seed", "4"])
        #expect(first.status == 0, "\(first.error)")
        _ = try runFrontier(["dsl", "generate", "--out", again, "--lengths", "1,2", "--per-length", "3", "--seed", "4"])
        let text = try String(contentsOfFile: tasks, encoding: .utf8)
        #expect(text == (try String(contentsOfFile: again, encoding: .utf8)) && text.split(separator: "\n").count == 6)

        let solve = try runFrontier(["dsl", "solve", tasks, "--time-limit", "2", "--solver", "bfs"])
        #expect(solve.status == 0, "\(solve.error)")
        #expect(solve.output.contains("t-0001") && solve.output.contains("| 1 | 3 |") && solve.output.contains("| all | 6 |"), "\(solve.output)")
        let json = try runFrontier(["dsl", "solve", tasks, "--time-limit", "2", "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        #expect((object["tasks"] as? [Any])?.count == 6 && object["solver"] as? String == "guided")

        let broken = folder + "/broken.jsonl"
        try (text + "{\"id\": 3}\n").write(toFile: broken, atomically: true, encoding: .utf8)
        let refused = try runFrontier(["dsl", "solve", broken, "--time-limit", "1"])
        #expect(refused.status != 0 && refused.error.contains("line 7"), "\(refused)")
    }
}

import Environments
import Foundation
import Hummingbird
import Logging
import Testing

/// A stand-in for a language model behind HTTP: it answers each task with a program chosen by
/// the test (the task's solution in several wrappings, a wrong program, an error status).
struct ScriptedTextAgent {
    let answers: [String: (status: Int, body: String)]

    func run(onRunning: @escaping @Sendable (Int) async -> Void) async throws {
        let router = Router()
        let answers = answers
        router.post("/agent") { request, _ -> Response in
            var request = request
            let body = try await request.collectBody(upTo: 1 << 20)
            let object = try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any]
            let task = object?["task"] as? String ?? ""
            let prompt = object?["prompt"] as? String ?? ""
            guard prompt.contains("Examples:"), let answer = answers[task] else {
                return Response(status: .badRequest)
            }
            return Response(status: HTTPResponse.Status(code: answer.status),
                            body: ResponseBody(byteBuffer: ByteBuffer(string: answer.body)))
        }
        var logger = Logger(label: "text-agent")
        logger.logLevel = .error
        let application = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                                      onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) }, logger: logger)
        try await application.runService()
    }
}

@Suite("DeepCoder-v0's text interface: prompts out, program text in, scored on hidden examples")
struct DSLTextAgentTests {
    @Test("the prompt states the language, the inputs and the visible examples; responses are read through fences and chatter")
    func promptAndScore() throws {
        var generator = DSLTaskGenerator(seed: 12)
        let task = generator.task(length: 2, id: "t")
        let prompt = DSLTextInterface.prompt(for: task)
        #expect(prompt.contains("ZIPWITH: (int -> int -> int) -> [int] -> [int] -> [int]"))
        #expect(prompt.contains(task.visible[0].output.json))
        let solution = try #require(task.solution).text
        #expect(DSLTextInterface.score(response: solution, for: task).solved)
        let chatty = "Here is the program:\n```\n\(solution)\n```\nIt sorts first."
        #expect(DSLTextInterface.score(response: chatty, for: task).score == 1)
        let wrongInputs = DSLTextInterface.score(response: "a <- int\nb <- int", for: task)
        #expect(wrongInputs.score == 0 && wrongInputs.error != nil)
        let garbage = DSLTextInterface.score(response: "I do not know.", for: task)
        #expect(garbage.score == 0 && garbage.error?.contains("no line") == true)
    }

    @Test("frontier dsl ask poses every task to an HTTP agent and scores its answers like the episode's submit")
    func askOverHTTP() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let tasks = DSLTaskGenerator.tasks(lengths: [1, 2], perLength: 2, seed: 77)
        try DSLTaskFile.jsonLines(tasks).write(toFile: folder + "/tasks.jsonl", atomically: true, encoding: .utf8)
        let solutions = tasks.map { $0.solution!.text }
        let agent = ScriptedTextAgent(answers: [
            tasks[0].id: (200, "{\"program\": \(String(data: try JSONSerialization.data(withJSONObject: [solutions[0]]), encoding: .utf8)!.dropFirst().dropLast())}"),
            tasks[1].id: (200, "```\n" + solutions[1] + "\n```"),
            tasks[2].id: (200, "a <- [int]\nb <- REVERSE a\nc <- REVERSE b\nd <- REVERSE c"),
            tasks[3].id: (500, "overloaded"),
        ])
        let port = PortBox()
        let server = Task { try await agent.run { await port.set($0) } }
        defer { server.cancel() }
        let bound = try await port.wait()
        let run = try runFrontier(["dsl", "ask", folder + "/tasks.jsonl", "--endpoint", "http://127.0.0.1:\(bound)/agent", "--json"])
        #expect(run.status == 0, "\(run.error)")
        let lines = run.output.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(lines.count == 5)
        #expect(lines[0]["solved"] as? Bool == true && lines[1]["solved"] as? Bool == true)
        #expect(lines[3]["score"] as? Double == 0)
        #expect((lines[3]["error"] as? String)?.contains("status 500") == true)
        #expect(lines[4]["tasks"] as? Int == 4)
        let refused = try runFrontier(["dsl", "ask", folder + "/tasks.jsonl", "--endpoint", "ftp://x"])
        #expect(refused.status == 64)
    }
}

/// The port a server bound, handed from its task to the test.
actor PortBox {
    private var port: Int?
    func set(_ value: Int) { port = value }
    func wait() async throws -> Int {
        for _ in 0..<500 {
            if let port { return port }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw CancellationError()
    }
}

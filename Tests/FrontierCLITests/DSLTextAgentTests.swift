import Environments
import Foundation
import Testing

/// A stand-in for a language model behind HTTP: it answers each task with a program chosen by
/// the test (the task's solution in several wrappings, a wrong program, an error status).
///
/// It runs as its own Python process rather than inside the test process: an in-process server's
/// handlers share the test runner's two cooperative threads with long synchronous tests (PPO
/// training), and once they starved it, `frontier dsl ask` waited in vain.
struct ScriptedTextAgent {
    let answers: [String: (status: Int, body: String)]

    static let script = """
    import http.server, json, signal, sys
    # The test runner spawns from a thread that blocks signals, and children inherit the mask.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, signal.valid_signals())
    answers = json.load(open(sys.argv[1]))
    class Agent(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
            answer = answers.get(body.get("task", "")) if "Examples:" in body.get("prompt", "") else None
            status, text = (answer[0], answer[1].encode()) if answer else (400, b"")
            self.send_response(status)
            self.send_header("Content-Length", str(len(text)))
            self.end_headers()
            self.wfile.write(text)
        def log_message(self, *arguments):
            pass
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Agent)
    with open(sys.argv[2] + ".partial", "w") as port:
        port.write(str(server.server_address[1]))
    import os
    os.rename(sys.argv[2] + ".partial", sys.argv[2])
    server.serve_forever()
    """

    /// Starts the agent; returns the process (`stop` it when done) and the port it listens on.
    func start(in folder: String) throws -> (process: Process, port: Int) {
        let table = answers.mapValues { [$0.status, $0.body] as [Any] }
        try JSONSerialization.data(withJSONObject: table).write(to: URL(fileURLWithPath: folder + "/answers.json"))
        try Self.script.write(toFile: folder + "/agent.py", atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", folder + "/agent.py", folder + "/answers.json", folder + "/port"]
        try process.run()
        // The port file appears whole (written aside, then renamed) once the socket is bound.
        for _ in 0..<1000 {
            if let text = try? String(contentsOfFile: folder + "/port", encoding: .utf8), let port = Int(text) {
                return (process, port)
            }
            guard process.isRunning else { break }
            Thread.sleep(forTimeInterval: 0.01)
        }
        Self.stop(process)
        throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "the scripted agent did not start"])
    }

    /// SIGKILL, since a SIGTERM can sit blocked in a child that inherited the runner's signal mask.
    static func stop(_ process: Process) {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
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
    func askOverHTTP() throws {
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
        let (server, bound) = try agent.start(in: folder)
        defer { ScriptedTextAgent.stop(server) }
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

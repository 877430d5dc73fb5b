import ArgumentParser
import Environments
import Foundation
import NN
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

extension Frontier.DSL {
    /// `frontier dsl prompt`: the prompt a text agent gets for each task.
    struct Prompt: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the prompt a text agent (a language model) gets for a task.")

        @Argument(help: "A JSON Lines task file.")
        var tasks: String

        @Option(help: "The task's id (default: the first task).")
        var task: String?

        func run() throws {
            let all = try DSLTaskFile.read(path: tasks)
            guard let chosen = task.map({ id in all.first { $0.id == id } }) ?? all.first else {
                throw ValidationFailure("\(tasks) holds no task \(task.map { "'\($0)'" } ?? "")")
            }
            print(DSLTextInterface.prompt(for: chosen))
        }
    }

    /// `frontier dsl ask`: poses every task to an agent behind an HTTP endpoint and scores the
    /// program text it answers with, as the episode form's submit does.
    struct Ask: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Pose each task to a text agent over HTTP (POST {\"task\", \"prompt\"}) and score the program it answers on the hidden examples.",
            discussion: "The endpoint answers with JSON {\"program\": TEXT} or with the program as plain text.")

        @Argument(help: "A JSON Lines task file.")
        var tasks: String

        @Option(help: "The agent's URL.")
        var endpoint: String

        @Option(help: "Seconds to wait for each answer.")
        var timeout = 60.0

        @Flag(help: "Print one JSON object per task and a summary instead of text.")
        var json = false

        func validate() throws {
            guard let url = URL(string: endpoint), ["http", "https"].contains(url.scheme?.lowercased() ?? "") else {
                throw ValidationError("--endpoint must be an http:// or https:// URL, got '\(endpoint)'")
            }
            guard timeout > 0, timeout.isFinite else { throw ValidationError("--timeout must be a positive number of seconds") }
        }

        func run() throws {
            let all = try DSLTaskFile.read(path: tasks)
            var results: [DSLTextInterface.Result] = []
            for task in all {
                let result: DSLTextInterface.Result
                switch TextAgentClient.ask(URL(string: endpoint)!, task: task.id, prompt: DSLTextInterface.prompt(for: task), timeout: timeout) {
                case let .success(answer): result = DSLTextInterface.score(response: answer, for: task)
                case let .failure(failure): result = DSLTextInterface.Result(taskID: task.id, program: nil, error: failure.reason, score: 0, solved: false)
                }
                results.append(result)
                if json {
                    print("{\"task\": \"\(MetricsLog.escape(task.id))\", \"score\": \(result.score), \"solved\": \(result.solved), "
                          + "\"error\": " + (result.error.map { "\"\(MetricsLog.escape($0))\"" } ?? "null") + "}")
                } else {
                    print("\(TerminalText.escaped(task.id)): score \(String(format: "%.2f", result.score))\(result.solved ? " (solved)" : "")"
                          + (result.error.map { " — \(TerminalText.escaped($0))" } ?? ""))
                }
            }
            let mean = results.map(\.score).reduce(0, +) / Double(max(results.count, 1))
            let solved = results.filter(\.solved).count
            if json {
                print("{\"tasks\": \(results.count), \"solved\": \(solved), \"mean_score\": \(mean)}")
            } else {
                print(String(format: "%d tasks: %d solved, mean score %.3f", results.count, solved, mean))
            }
        }
    }
}

/// Why a text agent gave no program text.
struct AgentFailure: Error {
    var reason: String
    init(_ reason: String) { self.reason = reason }
}

/// One question to a text agent over HTTP.
enum TextAgentClient {
    /// The most bytes an answer may hold.
    static let maximumAnswerBytes = 1 << 20

    /// The agent's answer: the `program` field of a JSON object, or the body as text; a failure
    /// names what went wrong (no connection, a status, an oversize or unreadable body).
    static func ask(_ url: URL, task: String, prompt: String, timeout: Double) -> Result<String, AgentFailure> {
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try? JSONSerialization.data(withJSONObject: ["task": task, "prompt": prompt])
        let box = ResponseBox()
        let done = DispatchSemaphore(value: 0)
        URLSession.shared.dataTask(with: request) { data, response, error in
            box.set(data, response, error)
            done.signal()
        }.resume()
        if done.wait(timeout: .now() + timeout + 5) == .timedOut { return .failure(AgentFailure("no answer within \(timeout) s")) }
        let (data, response, error) = box.get()
        if let error { return .failure(AgentFailure("the request failed: \(error.localizedDescription)")) }
        guard let http = response as? HTTPURLResponse else { return .failure(AgentFailure("no HTTP response")) }
        guard (200..<300).contains(http.statusCode) else { return .failure(AgentFailure("the agent answered with status \(http.statusCode)")) }
        guard let data, data.count <= maximumAnswerBytes else { return .failure(AgentFailure("the answer is empty or larger than \(maximumAnswerBytes) bytes")) }
        if let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
            guard let program = object["program"] as? String else { return .failure(AgentFailure("the JSON answer has no string field 'program'")) }
            return .success(program)
        }
        guard let text = String(data: data, encoding: .utf8) else { return .failure(AgentFailure("the answer is not UTF-8 text")) }
        return .success(text)
    }

    private final class ResponseBox: @unchecked Sendable {
        private let lock = NSLock()
        private var value: (Data?, URLResponse?, Error?) = (nil, nil, nil)
        func set(_ data: Data?, _ response: URLResponse?, _ error: Error?) { lock.withLock { value = (data, response, error) } }
        func get() -> (Data?, URLResponse?, Error?) { lock.withLock { value } }
    }
}

import Foundation
import Testing
import TestSupport

/// The validator scaled out: the real `frontier` binary with its store and queue in a PostgreSQL
/// server started here on loopback (never a mock), two worker processes sharing the queue.
@Suite("Validator workers sharing PostgreSQL", .serialized)
struct ValidatorPostgresTests {
    /// Starts `frontier` with `arguments`; its output is read by ``finish(_:)``.
    static func start(_ arguments: [String]) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = RestartTests.executable
        process.arguments = arguments
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        return (process, output, error)
    }

    static func finish(_ started: (Process, Pipe, Pipe)) -> (status: Int32, output: String, error: String) {
        let output = started.1.fileHandleForReading.readDataToEndOfFile()
        let error = started.2.fileHandleForReading.readDataToEndOfFile()
        started.0.waitUntilExit()
        return (started.0.terminationStatus, String(decoding: output, as: UTF8.self), String(decoding: error, as: UTF8.self))
    }

    /// A JSON document with its keys sorted and `epoch` left out, for comparing two runs.
    static func canonical(_ data: Data) throws -> String {
        var document = ValidatorServiceTests.json(data)
        document["epoch"] = nil
        return String(decoding: try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys]), as: UTF8.self)
    }

    @Test("two `validator run` processes share one PostgreSQL queue; the scores equal an SQLite run's on the same seeds and bundles")
    func twoWorkersMatchSQLite() throws {
        let server = try PostgresServer.start()
        defer { server.stop() }
        try server.createDatabase("validator")
        let postgres = server.url(database: "validator")
        let (folder, suite, bundles) = try ValidatorServiceTests.fixtures()
        let keys = try (1...2).map { index -> String in
            _ = try ValidatorServiceTests.newKey(folder + "/key\(index).json")
            return folder + "/key\(index).json"
        }
        var weights: [String] = [], boards: [String] = []
        for run in ["sqlite", "postgres"] {
            let data = folder + "/\(run)"
            try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
            // Both validators share the secret, so their epochs draw the same tasks.
            try String(repeating: "cd", count: 32).write(toFile: data + "/validator.secret", atomically: true, encoding: .utf8)
            let store = run == "postgres" ? ["--db", postgres] : []
            let http = try ValidatorServiceTests.Server(data: data, suite: suite, extra: store)
            defer { http.kill() }
            for (bundle, key) in zip(bundles, keys) {
                let submit = try runFrontier(["submit", bundle, "--validator", http.url, "--key", key])
                #expect(submit.status == 0, "\(submit.error)")
            }
            let common = ["--data", data, "--suite", suite] + store
            if run == "sqlite" {
                let epoch = try runFrontier(["validator", "epoch", "--workers", "2"] + common)
                #expect(epoch.status == 0, "\(epoch.error)")
            } else {
                let opened = try runFrontier(["validator", "epoch", "--workers", "0"] + common)
                #expect(opened.status == 0 && opened.output.contains("opened with 4 jobs"), "\(opened.output)\(opened.error)")
                // Two worker processes on one queue, as on two machines.
                let workers = try ["a", "b"].map { try Self.start(["validator", "run", "--name", "worker-\($0)"] + common) }
                let ended = workers.map(Self.finish)
                for worker in ended { #expect(worker.status == 0, "\(worker.output)\(worker.error)") }
                let finished = ended.compactMap { worker in
                    worker.output.split(separator: " ").dropFirst(2).first.flatMap { Int($0) }
                }
                #expect(finished.count == 2 && finished.reduce(0, +) == 4, "each job finished once: \(ended.map(\.output))")
                #expect(ended.contains { $0.output.contains("scored epoch 1") })
            }
            let served = try ValidatorServiceTests.http("GET", http.url + "/v1/weights")
            #expect(served.0 == 200, "\(String(decoding: served.1, as: UTF8.self))")
            weights.append(try Self.canonical(served.1))
            let board = try ValidatorServiceTests.http("GET", http.url + "/v1/leaderboard")
            let rows = ValidatorServiceTests.json(board.1)["rows"] as? [[String: Any]] ?? []
            let completed = rows.compactMap { ($0["environments"] as? [String: [String: Any]])?["CartPole-v1"]?["completed"] as? Int }
            #expect(completed == [8, 8], "every task exactly once: \(completed)")
            boards.append(String(decoding: try JSONSerialization.data(withJSONObject: rows, options: [.sortedKeys]), as: UTF8.self))
        }
        #expect(weights.count == 2 && weights[0] == weights[1], "\(weights)")
        #expect(boards.count == 2 && boards[0] == boards[1], "\(boards)")
    }
}

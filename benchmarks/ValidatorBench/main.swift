import Checkpoint
import Environments
import Evaluation
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging
import RL
import Tensor
import TestSupport
import Validator

// The validator's load rows of `make bench` (issue 10): signed submissions from concurrent
// clients against a server on loopback (accepted/s, p50 and p99 latency), and evaluation jobs
// per second with 1, 2 and 4 workers on one SQLite store and on one PostgreSQL database (a
// throwaway server on loopback, started here). One JSON line per row, like FrontierBench.
// `ValidatorBench --submissions N` changes the 1,000; `--no-submissions` and `--no-postgres`
// leave those rows out.

func emit(_ bench: String, _ value: Double, _ unit: String, higherIsBetter: Bool = true, detail: String) {
    print("{\"bench\": \"\(bench)\", \"impl\": \"frontier\", \"value\": \(value), \"unit\": \"\(unit)\", "
          + "\"higher_is_better\": \(higherIsBetter), \"detail\": \"\(detail)\"}")
}

let arguments = CommandLine.arguments
let submissionCount = arguments.firstIndex(of: "--submissions").flatMap { Int(arguments[$0 + 1]) } ?? 1_000
// The `frontier` executable beside this one reads bundles in child processes.
let checker = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("frontier")
guard FileManager.default.isExecutableFile(atPath: checker.path) else {
    FileHandle.standardError.write(Data("ValidatorBench: build `frontier` in the same folder first\n".utf8))
    exit(1)
}
let folder = FileManager.default.temporaryDirectory.appendingPathComponent("validator-bench-\(UUID().uuidString)")
try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: folder) }

/// A CartPole bundle with seeded, untrained weights (distinct seeds give distinct weights).
func bundle(seed: UInt64) throws -> Data {
    var generator = PhiloxGenerator(seed: seed)
    let policy = ActorCritic(.init(observationSize: 4, actionSpace: .discrete(DiscreteSpace(2))), using: &generator)
    let observation = try EnvironmentRegistry.builtIn.make("CartPole-v1").observationSpace
    let entry = try PolicyBundle.entry(environmentID: "CartPole-v1", policy: policy, observationSpace: observation,
                                       observationStatistics: nil, metadata: [:])
    let path = folder.appendingPathComponent("b\(seed).h5").path
    try BundleWriter.write(CheckpointBundle(entries: [entry]), to: path)
    return try Data(contentsOf: URL(fileURLWithPath: path))
}

let suite = Suite(name: "bench", environments: [.init(id: "CartPole-v1", episodes: 32)])

// MARK: - Submissions over HTTP

func submissions() async throws {
    let store = try SQLiteStore(path: folder.appendingPathComponent("submissions.sqlite").path)
    let files = try BundleFiles(folder: folder.appendingPathComponent("bundles").path)
    let policy = SubmissionPolicy(rateLimit: Int.max)
    let intake = SubmissionIntake(store: store, files: files, policy: policy, checker: checker,
                                  scratch: folder.appendingPathComponent("incoming"))
    let server = ValidatorServer(intake: intake, store: store, suite: suite)
    var logger = Logger(label: "bench")
    logger.logLevel = .error
    let port = AsyncStream<Int>.makeStream()
    let serving = Task { try await server.run(host: "127.0.0.1", port: 0, logger: logger) { port.continuation.yield($0) } }
    var iterator = port.stream.makeAsyncIterator()
    guard let bound = await iterator.next() else { return }
    let body = try bundle(seed: 1)
    let keys = (0..<50).map { _ in Hotkey() }
    let url = URL(string: "http://127.0.0.1:\(bound)/v1/submissions")!
    let clients = 16
    let start = ContinuousClock.now
    let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
        for client in 0..<clients {
            group.addTask {
                var times: [Double] = []
                var index = client
                while index < submissionCount {
                    let (manifest, signature) = try SubmissionManifest.signed(bundle: body, key: keys[index % keys.count])
                    var request = URLRequest(url: url)
                    request.httpMethod = "POST"
                    request.setValue(manifest.json.base64EncodedString(), forHTTPHeaderField: "X-Frontier-Manifest")
                    request.setValue(signature.base64EncodedString(), forHTTPHeaderField: "X-Frontier-Signature")
                    let begin = ContinuousClock.now
                    let (_, response) = try await URLSession.shared.upload(for: request, from: body)
                    times.append((ContinuousClock.now - begin).seconds)
                    guard (response as? HTTPURLResponse)?.statusCode == 201 else { throw URLError(.badServerResponse) }
                    index += clients
                }
                return times
            }
        }
        return try await group.reduce([], +).sorted()
    }
    let seconds = (ContinuousClock.now - start).seconds
    serving.cancel()
    let p50 = latencies[latencies.count / 2], p99 = latencies[min(latencies.count - 1, latencies.count * 99 / 100)]
    let detail = "\(submissionCount) signed submissions of a \(body.count)-byte bundle, \(clients) concurrent clients, SQLite, "
        + "each read by a child process"
    emit("validator/submissions_accepted", Double(submissionCount) / seconds, "submissions/s", detail: detail)
    emit("validator/submission_p50", p50 * 1000, "ms (lower is better)", higherIsBetter: false, detail: detail)
    emit("validator/submission_p99", p99 * 1000, "ms (lower is better)", higherIsBetter: false, detail: detail)
}

// MARK: - Evaluation jobs

/// Where the evaluation rows keep their store and queue.
enum QueueStore: String {
    case sqlite = "SQLite"
    case postgres = "PostgreSQL"
}

/// The PostgreSQL server of the PostgreSQL rows: a throwaway one on loopback (Debian's
/// postgresql, as the tests use it), one new database per row, with fsync on like the SQLite
/// store's commits, so both rows pay for durable commits.
let postgresServer: PostgresServer? = try arguments.contains("--no-postgres") ? nil : PostgresServer.start(durable: true)
defer { postgresServer?.stop() }

func evaluations(on kind: QueueStore) async throws {
    for workers in [1, 2, 4] {
        let store: any ValidatorStore
        switch kind {
        case .sqlite:
            store = try SQLiteStore(path: folder.appendingPathComponent("jobs-\(workers).sqlite").path)
        case .postgres:
            guard let postgresServer else { return }
            try postgresServer.createDatabase("bench_jobs_\(workers)")
            store = try await PostgresStore(url: postgresServer.url(database: "bench_jobs_\(workers)"))
        }
        let files = try BundleFiles(folder: folder.appendingPathComponent("bundles").path)
        let policy = SubmissionPolicy(rateLimit: Int.max)
        for seed in 0..<16 {
            let data = try bundle(seed: UInt64(100 + seed))
            let hash = sha256Hex(data)
            _ = try files.store(data, hash: hash)
            _ = try await store.recordSubmission(hotkey: String(format: "%064x", seed + 1), uid: nil, fileSHA256: hash,
                                                 weightHash: "w\(seed)", nonce: "nonce-bench-\(seed)-xxxx", now: Date(), policy: policy)
        }
        let runner = EpochRunner(store: store, files: files, suite: suite, registry: .builtIn, checker: checker,
                                 seeds: try EpochSeeds(secret: Data(repeating: 1, count: 32)))
        let start = ContinuousClock.now
        let (state, _) = try await runner.runEpoch(1, workers: workers, name: "bench")
        let seconds = (ContinuousClock.now - start).seconds
        let jobs = state.pending + state.done
        let suffix = kind == .sqlite ? "" : "_postgres"
        emit("validator/evaluations_\(workers)worker\(workers == 1 ? "" : "s")\(suffix)", Double(jobs) / seconds, "jobs/s",
             detail: "\(jobs) jobs of 32 CartPole episodes (untrained policies), \(workers) workers in one process, \(kind.rawValue)"
                + (kind == .postgres ? " on loopback, fsync on (jobs claimed FOR UPDATE SKIP LOCKED)" : "")
                + ", each job reading its bundle in a child process; \(ProcessInfo.processInfo.activeProcessorCount) cores")
    }
}

if !arguments.contains("--no-submissions") { try await submissions() }
try await evaluations(on: .sqlite)
try await evaluations(on: .postgres)

import ArgumentParser
import Environments
import Evaluation
import Foundation
import Logging
import RL
import Validator

extension Frontier {
    /// `frontier validator`: the service that scores submissions.
    struct ValidatorCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "validator", abstract: "Run a validator: serve submissions, work evaluation jobs, score epochs.",
            subcommands: [Serve.self, Run.self, Epoch.self])
    }
}

/// What every validator command needs: where the store and bundles are, the suite, the secret.
struct ValidatorSetup: ParsableArguments {
    @Option(help: "The store: an SQLite file (default: <data>/validator.sqlite) or postgres://user@host:port/database, which workers on several machines can share.")
    var db: String?

    @Option(help: "The folder for bundles, the secret and the default store (with PostgreSQL, every worker needs the same bundles folder).")
    var data = "validator-data"

    @Option(help: "A suite.yaml (default: every built-in environment that declares a score, 32 episodes each).")
    var suite: String?

    func validate() throws {
        // A malformed URL is a usage error, reported before anything connects.
        if let db, PostgresLocation.isPostgresURL(db) {
            do { _ = try PostgresLocation(url: db) } catch { throw ValidationError(error.description) }
        }
    }

    func open() throws -> (store: any ValidatorStore, files: BundleFiles, suite: Suite, seeds: EpochSeeds) {
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        let location = StoreLocation(db ?? "\(data)/validator.sqlite")
        let store = try blocking { try await location.open() }
        let files = try BundleFiles(folder: "\(data)/bundles")
        let chosen = try suite.map { try SuiteFile.read($0) } ?? Suite.builtIn(registry: .builtIn)
        try chosen.validate(against: .builtIn)
        let seeds = try EpochSeeds(secret: try EpochSeeds.secret(at: "\(data)/validator.secret"))
        return (store, files, chosen, seeds)
    }
}

/// The result of async work, handed from the task that ran it to the thread that waited.
private final class BlockingResult<T: Sendable>: @unchecked Sendable {
    var result: Result<T, any Error>?
}

/// Runs async work from a synchronous command and waits for it.
func blocking<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
    let box = BlockingResult<T>()
    let done = DispatchSemaphore(value: 0)
    Task {
        do { box.result = .success(try await work()) } catch { box.result = .failure(error) }
        done.signal()
    }
    done.wait()
    return try box.result!.get()
}

extension Frontier.ValidatorCommand {
    /// `frontier validator serve`: the HTTP API and the page.
    struct Serve: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Serve the submission API, the leaderboard and the weights over HTTP.")

        @OptionGroup var setup: ValidatorSetup

        @Option(help: "The address to listen on.")
        var host = "127.0.0.1"

        @Option(help: "The port (0: any free one; the chosen port is printed).")
        var port = 8080

        @Option(help: "A metagraph file (uid,hotkey lines): only its hotkeys may submit, with its uids.")
        var metagraph: String?

        @Option(help: "The largest bundle accepted, in MiB.")
        var maxBundleMib = 64

        @Option(help: "Submissions one hotkey may make per hour.")
        var rateLimit = 10

        func validate() throws {
            guard (0...65535).contains(port) else { throw ValidationError("--port must lie in 0...65535") }
            guard (1...4096).contains(maxBundleMib) else { throw ValidationError("--max-bundle-mib must lie in 1...4096") }
            guard rateLimit > 0 else { throw ValidationError("--rate-limit must be positive") }
        }

        func run() throws {
            let (store, files, suite, _) = try setup.open()
            var policy = SubmissionPolicy(maxBundleBytes: maxBundleMib << 20, rateLimit: rateLimit)
            if let metagraph { policy.metagraph = try SubmissionPolicy.readMetagraph(metagraph) }
            let scratch = URL(fileURLWithPath: setup.data).appendingPathComponent("incoming")
            let intake = SubmissionIntake(store: store, files: files, policy: policy, checker: SelfExecutable.url, scratch: scratch,
                                          architectures: .standard)
            let server = ValidatorServer(intake: intake, store: store, suite: suite)
            let logger = { () -> Logger in
                var logger = Logger(label: "frontier-validator")
                logger.logLevel = .warning
                return logger
            }()
            let host = host, port = port
            try blocking {
                try await server.run(host: host, port: port, logger: logger) { bound in
                    // Unbuffered, so whoever started the server reads the port at once.
                    FileHandle.standardOutput.write(Data("frontier validator listening on http://\(host):\(bound)\n".utf8))
                }
            }
        }
    }

    /// `frontier validator run`: a worker that claims evaluation jobs until none is left.
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Work evaluation jobs from the store's queue until it is empty.")

        @OptionGroup var setup: ValidatorSetup

        @Option(help: "Concurrent workers in this process.")
        var workers = 1

        @Option(help: "Seconds a claimed job stays this worker's before another may take it.")
        var lease: Double = 300

        @Option(help: "A name for this worker in the store (default: host and process).")
        var name: String?

        func validate() throws {
            guard (1...256).contains(workers) else { throw ValidationError("--workers must lie in 1...256") }
            guard lease >= 1, lease <= 86_400 else { throw ValidationError("--lease must lie in 1...86400 seconds") }
        }

        func run() throws {
            let (store, files, suite, seeds) = try setup.open()
            let runner = EpochRunner(store: store, files: files, suite: suite, registry: .builtIn, checker: SelfExecutable.url,
                                     seeds: seeds, lease: lease)
            let name = self.name ?? ProcessInfo.processInfo.hostName
            let workers = workers
            let (finished, scored) = try blocking { () async throws -> (Int, Int64?) in
                let finished = try await withThrowingTaskGroup(of: Int.self) { group in
                    for index in 0..<workers { group.addTask { try await runner.work(worker: "\(name)-\(getpid())-\(index)") } }
                    return try await group.reduce(0, +)
                }
                // Whichever worker finds the queue empty scores the newest epoch (scoring is a pure
                // function of the stored results, so doing it twice stores the same).
                guard let latest = try await store.latestEpoch(), try await runner.scoreIfComplete(latest) != nil else { return (finished, nil) }
                return (finished, latest)
            }
            print("worker finished \(finished) jobs" + (scored.map { "; scored epoch \($0)" } ?? ""))
        }
    }

    /// `frontier validator epoch`: opens the next epoch, works it, and scores it.
    struct Epoch: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Open an epoch (seeds from the validator's secret), evaluate every active submission on it, score it.")

        @OptionGroup var setup: ValidatorSetup

        @Option(help: "The epoch's number (default: the one after the newest).")
        var number: Int64?

        @Option(help: "Concurrent workers in this process (0: only open the epoch, for `validator run` workers).")
        var workers = 1

        @Flag(help: "Print the weights as JSON.")
        var json = false

        func validate() throws {
            guard (0...256).contains(workers) else { throw ValidationError("--workers must lie in 0...256") }
            if let number, number < 1 { throw ValidationError("--number must be positive") }
        }

        func run() throws {
            let (store, files, suite, seeds) = try setup.open()
            let runner = EpochRunner(store: store, files: files, suite: suite, registry: .builtIn, checker: SelfExecutable.url, seeds: seeds)
            let number = number, workers = workers
            let (state, result) = try blocking { () async throws -> (EpochState, ScoringResult?) in
                let opened = try await runner.open(number)
                if workers == 0 { return (opened, nil) }
                _ = try await withThrowingTaskGroup(of: Int.self) { group in
                    for index in 0..<workers { group.addTask { try await runner.work(worker: "epoch-\(getpid())-\(index)") } }
                    return try await group.reduce(0, +)
                }
                return (opened, try await runner.scoreIfComplete(opened.number))
            }
            guard let result else {
                print("epoch \(state.number) opened with \(state.pending + state.done) jobs; workers will score it when they finish")
                return
            }
            print(json ? ScoringReport.json(result) : "epoch \(state.number)\n" + ScoringReport.text(result))
        }
    }
}

import Evaluation
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging
import Validator

/// The demo's validator: the same HTTP service, SQLite store, submission intake and epoch
/// runner as `frontier validator serve` and `frontier validator epoch`, in this process and on
/// loopback, with its data (store, bundles, secret) in a folder of the demo's output.
final class DemoValidator: @unchecked Sendable {
    let suite: Suite
    let store: any ValidatorStore
    private let runner: EpochRunner
    private let server: ValidatorServer
    private var serving: Task<Void, any Error>?
    /// The service's base URL once ``start(port:)`` returned.
    private(set) var url = URL(string: "http://127.0.0.1")!

    /// A validator whose data lives in `folder` (created; a store left by an earlier run is
    /// replaced, so each demo starts from epoch 1).
    init(folder: String, suite: Suite) throws {
        try? FileManager.default.removeItem(atPath: folder)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try suite.validate(against: .builtIn)
        self.suite = suite
        store = try blocking { try await StoreLocation("\(folder)/validator.sqlite").open() }
        let files = try BundleFiles(folder: "\(folder)/bundles")
        let seeds = try EpochSeeds(secret: try EpochSeeds.secret(at: "\(folder)/validator.secret"))
        let intake = SubmissionIntake(store: store, files: files, policy: SubmissionPolicy(), checker: SelfExecutable.url,
                                      scratch: URL(fileURLWithPath: folder).appendingPathComponent("incoming"), architectures: .standard)
        server = ValidatorServer(intake: intake, store: store, suite: suite)
        runner = EpochRunner(store: store, files: files, suite: suite, registry: .builtIn, checker: SelfExecutable.url, seeds: seeds)
    }

    /// Starts serving on 127.0.0.1 (`port` 0: any free one) and returns once it listens.
    func start(port: Int) throws -> URL {
        final class Bound: @unchecked Sendable {
            var port: Int?
            var failure: (any Error)?
            let ready = DispatchSemaphore(value: 0)
        }
        let bound = Bound()
        var logger = Logger(label: "frontier-demo-validator")
        // The demo stops its server by cancelling it, which Hummingbird logs as errors
        // ("Waiting on child channel: CancellationError"); what the demo needs from the service
        // it checks through its answers.
        logger.logLevel = .critical
        let server = server
        serving = Task {
            do {
                try await server.run(host: "127.0.0.1", port: port, logger: logger) { port in
                    bound.port = port
                    bound.ready.signal()
                }
            } catch {
                bound.failure = error
                bound.ready.signal()
                throw error
            }
        }
        guard bound.ready.wait(timeout: .now() + 60) == .success, let listening = bound.port else {
            throw ValidationFailure("the embedded validator did not start: \(bound.failure.map { "\($0)" } ?? "no answer within 60 s")")
        }
        url = URL(string: "http://127.0.0.1:\(listening)")!
        return url
    }

    /// Stops serving and waits until the server has closed.
    func stop() {
        guard let serving else { return }
        serving.cancel()
        _ = try? blocking { _ = await serving.result }
        self.serving = nil
    }

    /// Opens the next epoch, works it with `workers` workers in this process, and scores it.
    func runEpoch(workers: Int, onOpened: @escaping @Sendable (EpochState) -> Void,
                  onFinished: @escaping @Sendable (EvaluationJob, [EpisodeResult]) -> Void) throws -> (epoch: Int64, result: ScoringResult) {
        let runner = runner
        let (state, result) = try blocking { try await runner.runEpoch(workers: workers, name: "demo", onOpened: onOpened, onFinished: onFinished) }
        guard let result else { throw ValidationFailure("epoch \(state.number) has unfinished jobs after every worker stopped") }
        return (state.number, result)
    }

    /// A GET on the service; throws on a status other than 200.
    func get(_ path: String) throws -> Data {
        var request = URLRequest(url: url.appendingPathComponent(path))
        request.timeoutInterval = 60
        let (status, body) = try HTTPRequest.send(request)
        guard status == 200 else { throw ValidationFailure("GET \(path) answered HTTP \(status): \(String(decoding: body.prefix(300), as: UTF8.self))") }
        return body
    }
}

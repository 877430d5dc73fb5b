import Evaluation
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// The validator's HTTP API (docs/validator-api.yaml):
///
/// | route | what |
/// |---|---|
/// | POST /v1/submissions | a bundle (the body) with `X-Frontier-Manifest` and `X-Frontier-Signature` |
/// | GET /v1/submissions/{id} | status, and per-environment results once scored |
/// | GET /v1/leaderboard | the newest scored epoch, per miner and environment |
/// | GET /v1/weights | the newest weights: floats, u16, uids, epoch, version key |
/// | GET / | the leaderboard page |
/// | GET /healthz, GET /metrics | liveness; Prometheus text |
///
/// Every refusal is a JSON error `{"error": code, "message": …}` with a 4xx status; nothing is
/// stored for it.
public struct ValidatorServer: Sendable {
    /// Verifies and stores submissions.
    public let intake: SubmissionIntake
    /// The store the read endpoints serve from.
    public let store: any ValidatorStore
    /// The suite (for the page).
    public let suite: Suite
    /// Counters for /metrics.
    public let metrics: ValidatorMetrics

    /// A server over `intake` and `store`.
    public init(intake: SubmissionIntake, store: any ValidatorStore, suite: Suite, metrics: ValidatorMetrics = ValidatorMetrics()) {
        self.intake = intake
        self.store = store
        self.suite = suite
        self.metrics = metrics
    }

    /// The routes.
    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        let intake = intake, store = store, metrics = metrics, suite = suite
        router.post("/v1/submissions") { request, _ -> Response in
            var request = request
            let limit = intake.policy.maxBundleBytes
            let body: ByteBuffer
            do {
                body = try await request.collectBody(upTo: limit)
            } catch {
                metrics.refused()
                return Self.error(ValidatorError.tooLarge("the body is larger than \(limit) bytes"))
            }
            do {
                let record = try await intake.accept(manifestHeader: request.headers[Self.manifestHeader],
                                                     signatureHeader: request.headers[Self.signatureHeader],
                                                     body: Data(buffer: body))
                metrics.accepted()
                return Self.json(SubmissionStatus(record: record, epoch: nil, results: nil), status: .created)
            } catch {
                metrics.refused()
                return Self.error(error)
            }
        }
        router.get("/v1/submissions/:id") { _, context -> Response in
            guard let id = context.parameters.get("id"), id.count <= 64 else { return Self.error(ValidatorError.badRequest("no submission id")) }
            do {
                guard let record = try await store.submission(id: id) else { return Self.error(ValidatorError.notFound("no submission \(id)")) }
                let board = try await store.latestLeaderboard()
                let row = board?.rows.first { $0.uid == record.uid && $0.submission == record.weightHash }
                return Self.json(SubmissionStatus(record: record, epoch: row == nil ? nil : board?.epoch, results: row))
            } catch {
                return Self.error(error)
            }
        }
        router.get("/v1/leaderboard") { _, _ -> Response in
            do {
                guard let board = try await store.latestLeaderboard() else { return Self.json(Leaderboard(epoch: nil, rows: [], report: "")) }
                return Self.json(Leaderboard(epoch: board.epoch, rows: board.rows, report: board.result.map(ScoringReport.text) ?? ""))
            } catch {
                return Self.error(error)
            }
        }
        router.get("/v1/weights") { _, _ -> Response in
            do {
                guard let weights = try await store.latestWeights() else { return Self.error(ValidatorError.notFound("no epoch has been scored yet")) }
                return Self.json(WeightsDocument(weights))
            } catch {
                return Self.error(error)
            }
        }
        router.get("/") { request, _ -> Response in
            do {
                let board = try await store.latestLeaderboard()
                // `?x=ENV&y=ENV` chooses the two environments of the Pareto plot.
                let axes = (request.uri.queryParameters.get("x"), request.uri.queryParameters.get("y"))
                let html = LeaderboardPage.render(suite: suite, epoch: board?.epoch, rows: board?.rows ?? [], result: board?.result,
                                                  axes: axes.0.flatMap { x in axes.1.map { (x, $0) } })
                return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                                body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
            } catch {
                return Self.error(error)
            }
        }
        router.get("/healthz") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "text/plain"], body: ResponseBody(byteBuffer: ByteBuffer(string: "ok\n")))
        }
        router.get("/metrics") { _, _ -> Response in
            do {
                let counts = try await store.counts()
                return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                                body: ResponseBody(byteBuffer: ByteBuffer(string: metrics.prometheusText(counts: counts))))
            } catch {
                return Self.error(error)
            }
        }
        return router
    }

    /// Serves on `host:port` until cancelled or signalled; `onRunning` is called with the bound
    /// port once the server listens (port 0 picks a free one).
    public func run(host: String, port: Int, logger: Logger, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let application = Application(
            router: router(),
            // Slow clients: a connection idle for 30 s is closed.
            server: .http1(configuration: .init(idleTimeout: .seconds(30))),
            configuration: .init(address: .hostname(host, port: port), serverName: "frontier-validator"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
            logger: logger)
        try await application.runService()
    }

    static let manifestHeader = HTTPField.Name("X-Frontier-Manifest")!
    static let signatureHeader = HTTPField.Name("X-Frontier-Signature")!

    static func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func error(_ error: any Error) -> Response {
        let failure = error as? ValidatorError ?? .io("\(error)")
        return json(["error": failure.code, "message": failure.description], status: HTTPResponse.Status(code: failure.status))
    }
}

/// GET /v1/submissions/{id}.
struct SubmissionStatus: Encodable {
    var id: String
    var status: String
    var uid: Int
    var hotkey: String
    var weightHash: String
    var ownerSubmission: String?
    var epoch: Int64?
    var results: LeaderboardRow?

    init(record: SubmissionRecord, epoch: Int64?, results: LeaderboardRow?) {
        id = record.id
        status = record.status.rawValue
        uid = record.uid
        hotkey = record.hotkey
        weightHash = record.weightHash
        ownerSubmission = record.ownerSubmission
        self.epoch = epoch
        self.results = results
    }

    enum CodingKeys: String, CodingKey {
        case id, status, uid, hotkey, epoch, results
        case weightHash = "weight_hash", ownerSubmission = "owner_submission"
    }
}

/// GET /v1/leaderboard.
struct Leaderboard: Encodable {
    var epoch: Int64?
    var rows: [LeaderboardRow]
    var report: String
}

/// GET /v1/weights.
struct WeightsDocument: Encodable {
    var epoch: Int64
    var versionKey: UInt64
    var uids: [Int]
    var weights: [Double]
    var u16: [Int: Int]

    init(_ stored: StoredWeights) {
        epoch = stored.epoch
        versionKey = stored.versionKey
        uids = stored.weights.keys.sorted()
        weights = uids.map { stored.weights[$0] ?? 0 }
        u16 = stored.u16
    }

    enum CodingKeys: String, CodingKey {
        case epoch, uids, weights, u16
        case versionKey = "version_key"
    }
}

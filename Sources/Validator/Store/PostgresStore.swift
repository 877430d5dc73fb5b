import Evaluation
import Foundation
import Logging
import PostgresNIO

/// The validator's store in a PostgreSQL database, for a validator whose workers run on several
/// machines (`frontier validator run --db postgres://…`). The same contract and schema as
/// ``SQLiteStore``: jobs are claimed with `FOR UPDATE SKIP LOCKED` (two workers never wait on or
/// take the same job; an expired lease makes a job claimable again), results are stored only by
/// the lease holder under the `(job, task)` key, and submissions are recorded one at a time under
/// an advisory lock (nonces, rate limits, arrival order and weight ownership stay exact).
public final class PostgresStore: ValidatorStore {
    let client: PostgresClient
    let logger: Logger
    private let running: Task<Void, Never>
    /// The database, password redacted.
    public let location: String

    /// The advisory lock key that serialises recording submissions.
    static let submissionLock: Int64 = 0x7375_626D_6974

    /// Connects to the database at `url` (see ``PostgresLocation``), creating or migrating the
    /// schema when needed, with a pool of at most `maximumConnections`. An unreachable server or
    /// a refused login throws ``ValidatorError/io(_:)`` at once.
    public init(url: String, maximumConnections: Int = 8) async throws(ValidatorError) {
        let place = try PostgresLocation(url: url)
        guard maximumConnections > 0 else { throw .badRequest("a PostgreSQL pool needs at least one connection") }
        var logger = Logger(label: "frontier.validator.postgres")
        // The pool's own notices (connections opened, closed, kept alive) are not the caller's
        // business; failures reach the caller as thrown errors.
        logger.logLevel = .error
        do {
            let connection = try await PostgresConnection.connect(configuration: try place.connectionConfiguration(), id: 0, logger: logger)
            do {
                try await PostgresSchema.migrate(connection, logger: logger)
            } catch {
                try? await connection.close()
                throw error
            }
            try await connection.close()
        } catch {
            throw Self.mapped(error, context: "cannot open the store \(place.description)")
        }
        let client = PostgresClient(configuration: place.clientConfiguration(maximumConnections: maximumConnections), backgroundLogger: logger)
        self.client = client
        self.logger = logger
        self.location = place.description
        running = Task { await client.run() }
    }

    deinit { running.cancel() }

    /// A ``ValidatorError/io(_:)`` naming what failed: the server's message and SQLSTATE when it
    /// sent one. Errors the store threw itself pass through.
    static func mapped(_ error: any Error, context: String = "store") -> ValidatorError {
        if let error = error as? ValidatorError { return error }
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] {
                return .io("\(context): PostgreSQL: \(message) (SQLSTATE \(error.serverInfo?[.sqlState] ?? "?"))")
            }
            return .io("\(context): PostgreSQL: \(error.code)" + (error.underlying.map { ": \($0)" } ?? ""))
        }
        return .io("\(context): \(error)")
    }

    /// Runs `body` in one transaction on one pooled connection: committed when it returns,
    /// rolled back when it throws. A read-only body sees one snapshot of the database.
    func transaction<T: Sendable>(readOnly: Bool = false,
                                  _ body: (PostgresConnection) async throws -> T) async throws(ValidatorError) -> T {
        let logger = logger
        do {
            return try await client.withConnection { connection in
                try await Self.execute(connection, PostgresQuery(unsafeSQL: readOnly ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN"), logger: logger)
                do {
                    let value = try await body(connection)
                    try await Self.execute(connection, "COMMIT", logger: logger)
                    return value
                } catch {
                    try? await PostgresStore.execute(connection, "ROLLBACK", logger: logger)
                    throw error
                }
            }
        } catch {
            throw Self.mapped(error)
        }
    }

    /// Runs `query` and reads whatever rows it returns (a row stream left unread could hold
    /// the connection up).
    static func execute(_ connection: PostgresConnection, _ query: PostgresQuery, logger: Logger) async throws {
        for try await _ in try await connection.query(query, logger: logger) {}
    }

    /// All rows of `query`, each decoded as `types` (two columns or more).
    static func all<each Column: PostgresDecodable>(_ connection: PostgresConnection, _ query: PostgresQuery, logger: Logger,
                                                    as types: (repeat each Column).Type) async throws -> [(repeat each Column)] {
        var rows: [(repeat each Column)] = []
        for try await row in try await connection.query(query, logger: logger) { rows.append(try row.decode(types)) }
        return rows
    }

    /// The first column of every row of `query`.
    static func column<Value: PostgresDecodable>(_ connection: PostgresConnection, _ query: PostgresQuery, logger: Logger,
                                                 as type: Value.Type) async throws -> [Value] {
        var values: [Value] = []
        for try await row in try await connection.query(query, logger: logger) { values.append(try row.decode(Value.self)) }
        return values
    }

    /// The one value of a one-row, one-column `query` (nil for no row or a NULL).
    static func value<Value: PostgresDecodable>(_ connection: PostgresConnection, _ query: PostgresQuery, logger: Logger,
                                                as type: Value.Type) async throws -> Value? where Value._DecodableType == Value {
        // Every row is read (the connection runs the next query only after this one's rows).
        try await column(connection, query, logger: logger, as: Value?.self).first ?? nil
    }

    // MARK: - Submissions

    /// The columns ``submission(from:)`` reads, in its order.
    static let submissionColumns = """
        id, hotkey, uid, file_sha256, weight_hash, nonce, received_at, sequence, status, owner_submission, first_submitted
        """

    typealias SubmissionRow = (String, String, Int, String, String, String, Double, Int64, String, String?, Int64)

    static func submission(from row: SubmissionRow) -> SubmissionRecord {
        SubmissionRecord(id: row.0, hotkey: row.1, uid: row.2, fileSHA256: row.3, weightHash: row.4, nonce: row.5, receivedAt: row.6,
                         sequence: row.7, status: SubmissionRecord.Status(rawValue: row.8) ?? .copy, ownerSubmission: row.9,
                         firstSubmitted: row.10)
    }

    public func recordSubmission(hotkey: String, uid: Int?, fileSHA256: String, weightHash: String, nonce: String,
                                 now: Date, policy: SubmissionPolicy) async throws(ValidatorError) -> SubmissionRecord {
        let limit = policy.rateLimit, window = policy.rateWindow, time = now.timeIntervalSince1970
        let logger = logger
        return try await transaction { connection in
            // One recorder at a time: arrival order, uids, rate counts and ownership are decided
            // on what every earlier submission left.
            try await Self.execute(connection, "SELECT pg_advisory_xact_lock(\(Self.submissionLock))", logger: logger)
            if try await Self.value(connection, "SELECT 1 FROM submissions WHERE hotkey = \(hotkey) AND nonce = \(nonce)",
                                    logger: logger, as: Int32.self) != nil {
                throw ValidatorError.replay("this hotkey used the nonce \(nonce) before")
            }
            let recent = try await Self.value(connection, """
                SELECT COUNT(*) FROM submissions WHERE hotkey = \(hotkey) AND received_at > \(time - window)
                """, logger: logger, as: Int.self) ?? 0
            if recent >= limit {
                throw ValidatorError.rateLimited("\(recent) submissions from this hotkey in the last \(Int(window)) s; the limit is \(limit)")
            }
            let minerUID: Int
            if let known = try await Self.value(connection, "SELECT uid FROM miners WHERE hotkey = \(hotkey)", logger: logger, as: Int.self) {
                minerUID = known
            } else {
                if let uid {
                    minerUID = try MinerUID.checked(uid)
                } else {
                    minerUID = try MinerUID.checked((try await Self.value(connection, "SELECT MAX(uid) FROM miners", logger: logger, as: Int.self) ?? 0) + 1)
                }
                try await Self.execute(connection, "INSERT INTO miners (hotkey, uid) VALUES (\(hotkey), \(minerUID))", logger: logger)
            }
            let sequence = (try await Self.value(connection, "SELECT MAX(sequence) FROM submissions", logger: logger, as: Int64.self) ?? 0) + 1
            // The first submission of these weights owns them; another hotkey's later one is a copy.
            let owner = try await Self.all(connection, """
                SELECT id, hotkey, sequence FROM submissions WHERE weight_hash = \(weightHash) AND status = 'accepted'
                ORDER BY sequence LIMIT 1
                """, logger: logger, as: (String, String, Int64).self).first
            let isCopy = owner != nil && owner?.1 != hotkey
            let record = SubmissionRecord(
                id: UUID().uuidString.lowercased(), hotkey: hotkey, uid: minerUID, fileSHA256: fileSHA256, weightHash: weightHash,
                nonce: nonce, receivedAt: time, sequence: sequence, status: isCopy ? .copy : .accepted,
                ownerSubmission: isCopy ? owner?.0 : nil, firstSubmitted: owner?.2 ?? sequence)
            try await Self.execute(connection, """
                INSERT INTO submissions (id, hotkey, uid, file_sha256, weight_hash, nonce, received_at, sequence, status,
                    owner_submission, first_submitted)
                VALUES (\(record.id), \(hotkey), \(minerUID), \(fileSHA256), \(weightHash), \(nonce), \(time), \(sequence),
                    \(record.status.rawValue), \(record.ownerSubmission), \(record.firstSubmitted))
                """, logger: logger)
            return record
        }
    }

    public func submission(id: String) async throws(ValidatorError) -> SubmissionRecord? {
        let logger = logger
        return try await transaction(readOnly: true) { connection in
            try await Self.all(connection, "SELECT \(unescaped: Self.submissionColumns) FROM submissions WHERE id = \(id)",
                               logger: logger, as: SubmissionRow.self).first.map(Self.submission(from:))
        }
    }

    public func activeSubmissions() async throws(ValidatorError) -> [SubmissionRecord] {
        let logger = logger
        return try await transaction(readOnly: true) { connection in try await Self.active(connection, logger: logger) }
    }

    /// The query behind ``activeSubmissions()``: each hotkey's latest accepted submission.
    static let activeQuery = """
        SELECT \(submissionColumns) FROM submissions s WHERE status = 'accepted' AND sequence =
            (SELECT MAX(sequence) FROM submissions t WHERE t.hotkey = s.hotkey AND t.status = 'accepted')
        ORDER BY sequence
        """

    static func active(_ connection: PostgresConnection, logger: Logger) async throws -> [SubmissionRecord] {
        try await all(connection, PostgresQuery(unsafeSQL: activeQuery), logger: logger, as: SubmissionRow.self).map(submission(from:))
    }

    public func miners() async throws(ValidatorError) -> [Int: String] {
        let logger = logger
        let rows = try await transaction(readOnly: true) { connection in
            try await Self.all(connection, "SELECT uid, hotkey FROM miners", logger: logger, as: (Int, String).self)
        }
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.0, $0.1) })
    }
}

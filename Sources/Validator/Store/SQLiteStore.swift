import Evaluation
import Foundation
import GRDB

/// The validator's store in one SQLite file (WAL, so the server, workers and readers in several
/// processes share it), with versioned migrations. Writes that must not interleave (claiming a
/// job, recording a submission) run in `BEGIN IMMEDIATE` transactions.
public final class SQLiteStore: ValidatorStore {
    private let pool: DatabasePool

    /// Opens (creating and migrating when needed) the store at `path`.
    public init(path: String) throws(ValidatorError) {
        var configuration = Configuration()
        // Other processes may hold the write lock briefly (a worker completing a job).
        configuration.busyMode = .timeout(30)
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(pool)
        } catch {
            throw .io("cannot open the store \(path): \(error)")
        }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE miners (hotkey TEXT PRIMARY KEY, uid INTEGER NOT NULL UNIQUE);
                CREATE TABLE submissions (
                    id TEXT PRIMARY KEY, hotkey TEXT NOT NULL, uid INTEGER NOT NULL, file_sha256 TEXT NOT NULL,
                    weight_hash TEXT NOT NULL, nonce TEXT NOT NULL, received_at REAL NOT NULL,
                    sequence INTEGER NOT NULL UNIQUE, status TEXT NOT NULL, owner_submission TEXT,
                    first_submitted INTEGER NOT NULL, UNIQUE (hotkey, nonce));
                CREATE INDEX submissions_by_weights ON submissions (weight_hash, sequence);
                CREATE TABLE epochs (number INTEGER PRIMARY KEY, seed INTEGER NOT NULL, environments TEXT NOT NULL,
                    opened_at REAL NOT NULL, scored_at REAL, report TEXT);
                CREATE TABLE jobs (
                    id INTEGER PRIMARY KEY AUTOINCREMENT, epoch INTEGER NOT NULL, submission TEXT NOT NULL,
                    environment TEXT NOT NULL, status TEXT NOT NULL, lease_owner TEXT, lease_expires REAL,
                    attempts INTEGER NOT NULL DEFAULT 0, UNIQUE (epoch, submission, environment));
                CREATE INDEX jobs_by_status ON jobs (status, id);
                CREATE TABLE episode_results (
                    job INTEGER NOT NULL, task INTEGER NOT NULL, seed INTEGER NOT NULL, score REAL, episode_return REAL,
                    length INTEGER NOT NULL, failure TEXT, message TEXT, PRIMARY KEY (job, task));
                CREATE TABLE leaderboard (epoch INTEGER NOT NULL, uid INTEGER NOT NULL, row TEXT NOT NULL, PRIMARY KEY (epoch, uid));
                CREATE TABLE weights (epoch INTEGER NOT NULL, uid INTEGER NOT NULL, weight REAL NOT NULL, u16 INTEGER NOT NULL,
                    version_key INTEGER NOT NULL, PRIMARY KEY (epoch, uid));
                """)
        }
        return migrator
    }

    private func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) throws(ValidatorError) -> T {
        do {
            return try pool.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                return result!
            }
        } catch let error as ValidatorError {
            throw error
        } catch {
            throw .io("store: \(error)")
        }
    }

    private func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) throws(ValidatorError) -> T {
        do {
            return try pool.read(body)
        } catch let error as ValidatorError {
            throw error
        } catch {
            throw .io("store: \(error)")
        }
    }

    // MARK: - Submissions

    public func recordSubmission(hotkey: String, uid: Int?, fileSHA256: String, weightHash: String, nonce: String,
                                 now: Date, policy: SubmissionPolicy) async throws(ValidatorError) -> SubmissionRecord {
        let limit = policy.rateLimit, window = policy.rateWindow
        return try write { db in
            if try Int.fetchOne(db, sql: "SELECT 1 FROM submissions WHERE hotkey = ? AND nonce = ?", arguments: [hotkey, nonce]) != nil {
                throw ValidatorError.replay("this hotkey used the nonce \(nonce) before")
            }
            let recent = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM submissions WHERE hotkey = ? AND received_at > ?",
                                          arguments: [hotkey, now.timeIntervalSince1970 - window]) ?? 0
            if recent >= limit {
                throw ValidatorError.rateLimited("\(recent) submissions from this hotkey in the last \(Int(window)) s; the limit is \(limit)")
            }
            let minerUID: Int
            if let known = try Int.fetchOne(db, sql: "SELECT uid FROM miners WHERE hotkey = ?", arguments: [hotkey]) {
                minerUID = known
            } else {
                minerUID = try MinerUID.checked(uid ?? ((Int.fetchOne(db, sql: "SELECT MAX(uid) FROM miners") ?? 0) + 1))
                try db.execute(sql: "INSERT INTO miners (hotkey, uid) VALUES (?, ?)", arguments: [hotkey, minerUID])
            }
            let sequence = (try Int64.fetchOne(db, sql: "SELECT MAX(sequence) FROM submissions") ?? 0) + 1
            // The first submission of these weights owns them; another hotkey's later one is a copy.
            let owner = try Row.fetchOne(db, sql: """
                SELECT id, hotkey, sequence FROM submissions WHERE weight_hash = ? AND status = 'accepted'
                ORDER BY sequence LIMIT 1
                """, arguments: [weightHash])
            let ownerHotkey: String? = owner?["hotkey"]
            let isCopy = ownerHotkey != nil && ownerHotkey != hotkey
            let firstSubmitted: Int64 = owner?["sequence"] ?? sequence
            let record = SubmissionRecord(
                id: UUID().uuidString.lowercased(), hotkey: hotkey, uid: minerUID, fileSHA256: fileSHA256, weightHash: weightHash,
                nonce: nonce, receivedAt: now.timeIntervalSince1970, sequence: sequence, status: isCopy ? .copy : .accepted,
                ownerSubmission: isCopy ? owner?["id"] : nil, firstSubmitted: firstSubmitted)
            try db.execute(sql: """
                INSERT INTO submissions (id, hotkey, uid, file_sha256, weight_hash, nonce, received_at, sequence, status,
                    owner_submission, first_submitted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [record.id, hotkey, minerUID, fileSHA256, weightHash, nonce, record.receivedAt, sequence,
                                 record.status.rawValue, record.ownerSubmission, firstSubmitted])
            return record
        }
    }

    private static func submission(from row: Row) -> SubmissionRecord {
        SubmissionRecord(id: row["id"], hotkey: row["hotkey"], uid: row["uid"], fileSHA256: row["file_sha256"],
                         weightHash: row["weight_hash"], nonce: row["nonce"], receivedAt: row["received_at"],
                         sequence: row["sequence"], status: SubmissionRecord.Status(rawValue: row["status"]) ?? .copy,
                         ownerSubmission: row["owner_submission"], firstSubmitted: row["first_submitted"])
    }

    public func submission(id: String) async throws(ValidatorError) -> SubmissionRecord? {
        try read { db in try Row.fetchOne(db, sql: "SELECT * FROM submissions WHERE id = ?", arguments: [id]).map(Self.submission) }
    }

    public func activeSubmissions() async throws(ValidatorError) -> [SubmissionRecord] {
        try read { db in try Self.active(db) }
    }

    private static func active(_ db: Database) throws -> [SubmissionRecord] {
        try Row.fetchAll(db, sql: """
            SELECT * FROM submissions s WHERE status = 'accepted' AND sequence =
                (SELECT MAX(sequence) FROM submissions t WHERE t.hotkey = s.hotkey AND t.status = 'accepted')
            ORDER BY sequence
            """).map(submission)
    }

    public func miners() async throws(ValidatorError) -> [Int: String] {
        try read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT uid, hotkey FROM miners").map { ($0["uid"] as Int, $0["hotkey"] as String) })
        }
    }

    // MARK: - Epochs and jobs

    public func openEpoch(_ number: Int64, seed: UInt64, environments: [String]) async throws(ValidatorError) -> EpochState {
        let list = environments.joined(separator: "\n")
        try write { db in
            guard try Int.fetchOne(db, sql: "SELECT 1 FROM epochs WHERE number = ?", arguments: [number]) == nil else { return }
            try db.execute(sql: "INSERT INTO epochs (number, seed, environments, opened_at) VALUES (?, ?, ?, ?)",
                           arguments: [number, Int64(bitPattern: seed), list, Date().timeIntervalSince1970])
            for submission in try Self.active(db) {
                for environment in environments {
                    try db.execute(sql: "INSERT INTO jobs (epoch, submission, environment, status) VALUES (?, ?, ?, 'pending')",
                                   arguments: [number, submission.id, environment])
                }
            }
        }
        guard let state = try await epochState(number) else { throw .io("epoch \(number) vanished") }
        return state
    }

    public func latestEpoch() async throws(ValidatorError) -> Int64? {
        try read { db in try Int64.fetchOne(db, sql: "SELECT MAX(number) FROM epochs") }
    }

    public func epochState(_ number: Int64) async throws(ValidatorError) -> EpochState? {
        try read { db in
            guard let epoch = try Row.fetchOne(db, sql: "SELECT seed, scored_at FROM epochs WHERE number = ?", arguments: [number]) else {
                return nil
            }
            let pending = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM jobs WHERE epoch = ? AND status != 'done'", arguments: [number]) ?? 0
            let done = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM jobs WHERE epoch = ? AND status = 'done'", arguments: [number]) ?? 0
            let seed: Int64 = epoch["seed"]
            let scoredAt: Double? = epoch["scored_at"]
            return EpochState(number: number, seed: UInt64(bitPattern: seed), pending: pending, done: done, scored: scoredAt != nil)
        }
    }

    public func claimJob(worker: String, lease: TimeInterval, now: Date) async throws(ValidatorError) -> EvaluationJob? {
        let time = now.timeIntervalSince1970
        return try write { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT j.id, j.epoch, j.submission, j.environment, j.attempts, e.seed, s.file_sha256
                FROM jobs j JOIN epochs e ON e.number = j.epoch JOIN submissions s ON s.id = j.submission
                WHERE j.status = 'pending' OR (j.status = 'leased' AND j.lease_expires < ?)
                ORDER BY j.id LIMIT 1
                """, arguments: [time]) else { return nil }
            let id: Int64 = row["id"]
            try db.execute(sql: "UPDATE jobs SET status = 'leased', lease_owner = ?, lease_expires = ?, attempts = attempts + 1 WHERE id = ?",
                           arguments: [worker, time + lease, id])
            let seed: Int64 = row["seed"]
            return EvaluationJob(id: id, epoch: row["epoch"], seed: UInt64(bitPattern: seed), submission: row["submission"],
                                 fileSHA256: row["file_sha256"], environment: row["environment"], attempts: (row["attempts"] as Int) + 1)
        }
    }

    public func completeJob(_ job: Int64, worker: String, results: [EpisodeResult], now: Date) async throws(ValidatorError) -> Bool {
        try write { db in
            // Only the lease holder may finish the job: a worker that was presumed dead and whose job
            // went to another stores nothing, so no result counts twice.
            guard let row = try Row.fetchOne(db, sql: "SELECT status, lease_owner FROM jobs WHERE id = ?", arguments: [job]),
                  (row["status"] as String) == "leased", (row["lease_owner"] as String?) == worker else { return false }
            for result in results {
                try db.execute(sql: """
                    INSERT INTO episode_results (job, task, seed, score, episode_return, length, failure, message)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [job, result.task, Int64(bitPattern: result.seed), result.score, result.episodeReturn,
                                     result.length, result.failure?.rawValue, result.message])
            }
            try db.execute(sql: "UPDATE jobs SET status = 'done', lease_owner = NULL, lease_expires = NULL WHERE id = ?", arguments: [job])
            return true
        }
    }

    public func epochResults(_ number: Int64, environments: [String], episodes: [Int]) async throws(ValidatorError) -> EvaluationResults {
        try read { db in
            guard let seedValue = try Int64.fetchOne(db, sql: "SELECT seed FROM epochs WHERE number = ?", arguments: [number]) else {
                throw ValidatorError.notFound("no epoch \(number)")
            }
            let submissions = try Row.fetchAll(db, sql: """
                SELECT DISTINCT s.* FROM jobs j JOIN submissions s ON s.id = j.submission WHERE j.epoch = ? ORDER BY s.sequence
                """, arguments: [number]).map(Self.submission)
            var evaluated: [EvaluatedSubmission] = []
            for submission in submissions {
                var perEnvironment: [SubmissionEvaluation.EnvironmentResults] = []
                for environment in environments {
                    let rows = try Row.fetchAll(db, sql: """
                        SELECT r.* FROM episode_results r JOIN jobs j ON j.id = r.job
                        WHERE j.epoch = ? AND j.submission = ? AND j.environment = ? AND j.status = 'done' ORDER BY r.task
                        """, arguments: [number, submission.id, environment])
                    perEnvironment.append(SubmissionEvaluation.EnvironmentResults(environment: environment, episodes: rows.map { row in
                        let seed: Int64 = row["seed"]
                        let failure: String? = row["failure"]
                        return EpisodeResult(task: row["task"], seed: UInt64(bitPattern: seed), score: row["score"],
                                             episodeReturn: row["episode_return"], length: row["length"],
                                             failure: failure.flatMap(EpisodeResult.Failure.init(rawValue:)), message: row["message"])
                    }))
                }
                evaluated.append(EvaluatedSubmission(uid: submission.uid, hotkey: submission.hotkey, firstSubmitted: submission.firstSubmitted,
                                                     evaluation: SubmissionEvaluation(weightHash: submission.weightHash,
                                                                                      seed: UInt64(bitPattern: seedValue),
                                                                                      environments: perEnvironment)))
            }
            var results = EvaluationResults(suite: Suite(name: "epoch", environments: zip(environments, episodes).map {
                Suite.Environment(id: $0.0, episodes: $0.1)
            }), seed: UInt64(bitPattern: seedValue), submissions: evaluated)
            results.seed = UInt64(bitPattern: seedValue)
            return results
        }
    }

    public func storeScoring(_ number: Int64, rows: [LeaderboardRow], weights: StoredWeights, result: ScoringResult) async throws(ValidatorError) {
        guard let resultData = try? JSONEncoder().encode(result) else { throw .io("cannot encode the scoring result") }
        let report = String(decoding: resultData, as: UTF8.self)
        let encoded = try rows.map { row throws(ValidatorError) -> (Int, String) in
            guard let data = try? JSONEncoder().encode(row) else { throw .io("cannot encode the leaderboard") }
            return (row.uid, String(decoding: data, as: UTF8.self))
        }
        try write { db in
            try db.execute(sql: "DELETE FROM leaderboard WHERE epoch = ?", arguments: [number])
            try db.execute(sql: "DELETE FROM weights WHERE epoch = ?", arguments: [number])
            for (uid, text) in encoded {
                try db.execute(sql: "INSERT INTO leaderboard (epoch, uid, row) VALUES (?, ?, ?)", arguments: [number, uid, text])
            }
            for (uid, weight) in weights.weights {
                try db.execute(sql: "INSERT INTO weights (epoch, uid, weight, u16, version_key) VALUES (?, ?, ?, ?, ?)",
                               arguments: [number, uid, weight, weights.u16[uid] ?? 0, Int64(bitPattern: weights.versionKey)])
            }
            try db.execute(sql: "UPDATE epochs SET scored_at = ?, report = ? WHERE number = ?",
                           arguments: [Date().timeIntervalSince1970, report, number])
        }
    }

    public func latestWeights() async throws(ValidatorError) -> StoredWeights? {
        try read { db in
            guard let epoch = try Int64.fetchOne(db, sql: "SELECT MAX(number) FROM epochs WHERE scored_at IS NOT NULL") else { return nil }
            let rows = try Row.fetchAll(db, sql: "SELECT uid, weight, u16, version_key FROM weights WHERE epoch = ?", arguments: [epoch])
            var weights: [Int: Double] = [:], u16: [Int: Int] = [:]
            var versionKey: Int64 = 0
            for row in rows {
                weights[row["uid"]] = row["weight"]
                let value: Int = row["u16"]
                if value > 0 { u16[row["uid"]] = value }
                versionKey = row["version_key"]
            }
            return StoredWeights(epoch: epoch, weights: weights, u16: u16, versionKey: UInt64(bitPattern: versionKey))
        }
    }

    public func latestLeaderboard() async throws(ValidatorError) -> (epoch: Int64, rows: [LeaderboardRow], result: ScoringResult?)? {
        let found: (Int64, [String], String)? = try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT number, report FROM epochs WHERE scored_at IS NOT NULL ORDER BY number DESC LIMIT 1") else {
                return nil
            }
            let epoch: Int64 = row["number"]
            let texts = try String.fetchAll(db, sql: "SELECT row FROM leaderboard WHERE epoch = ? ORDER BY uid", arguments: [epoch])
            return (epoch, texts, row["report"] ?? "")
        }
        guard let (epoch, texts, report) = found else { return nil }
        return try StoredLeaderboard.decode(epoch: epoch, rows: texts, report: report)
    }

    public func counts() async throws(ValidatorError) -> (accepted: Int, copies: Int, pendingJobs: Int, doneJobs: Int) {
        try read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM submissions WHERE status = 'accepted'") ?? 0,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM submissions WHERE status = 'copy'") ?? 0,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM jobs WHERE status != 'done'") ?? 0,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM jobs WHERE status = 'done'") ?? 0)
        }
    }
}

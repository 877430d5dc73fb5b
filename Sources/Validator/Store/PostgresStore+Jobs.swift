import Evaluation
import Foundation
import Logging
import PostgresNIO

/// Epochs, the job queue and per-episode results in PostgreSQL.
extension PostgresStore {
    public func openEpoch(_ number: Int64, seed: UInt64, environments: [String]) async throws(ValidatorError) -> EpochState {
        let list = environments.joined(separator: "\n"), opened = Date().timeIntervalSince1970
        let logger = logger
        try await transaction { connection in
            // Whoever inserts the epoch adds its jobs; a second opener waits on the key, then finds it.
            let inserted = try await Self.column(connection, """
                INSERT INTO epochs (number, seed, environments, opened_at) VALUES (\(number), \(Int64(bitPattern: seed)), \(list), \(opened))
                ON CONFLICT (number) DO NOTHING RETURNING number
                """, logger: logger, as: Int64.self)
            guard !inserted.isEmpty else { return }
            // Jobs in the order SQLite makes them: by submission, then by the suite's environment order.
            for submission in try await Self.active(connection, logger: logger) {
                for environment in environments {
                    try await Self.execute(connection, """
                        INSERT INTO jobs (epoch, submission, environment, status) VALUES (\(number), \(submission.id), \(environment), 'pending')
                        """, logger: logger)
                }
            }
        }
        guard let state = try await epochState(number) else { throw .io("epoch \(number) vanished") }
        return state
    }

    public func latestEpoch() async throws(ValidatorError) -> Int64? {
        let logger = logger
        return try await transaction(readOnly: true) { connection in
            try await Self.value(connection, "SELECT MAX(number) FROM epochs", logger: logger, as: Int64.self)
        }
    }

    public func epochState(_ number: Int64) async throws(ValidatorError) -> EpochState? {
        let logger = logger
        return try await transaction(readOnly: true) { connection -> EpochState? in
            guard let epoch = try await Self.all(connection, "SELECT seed, scored_at FROM epochs WHERE number = \(number)",
                                                 logger: logger, as: (Int64, Double?).self).first else { return nil }
            let counts = try await Self.all(connection, """
                SELECT COUNT(*) FILTER (WHERE status != 'done'), COUNT(*) FILTER (WHERE status = 'done') FROM jobs WHERE epoch = \(number)
                """, logger: logger, as: (Int, Int).self).first ?? (0, 0)
            return EpochState(number: number, seed: UInt64(bitPattern: epoch.0), pending: counts.0, done: counts.1, scored: epoch.1 != nil)
        }
    }

    public func claimJob(worker: String, lease: TimeInterval, now: Date) async throws(ValidatorError) -> EvaluationJob? {
        let time = now.timeIntervalSince1970, expires = time + lease
        let logger = logger
        let row = try await transaction { connection in
            // SKIP LOCKED: a job another worker is claiming or completing right now is passed over,
            // not waited for, so workers never queue behind each other.
            try await Self.all(connection, """
                WITH claimed AS (
                    UPDATE jobs SET status = 'leased', lease_owner = \(worker), lease_expires = \(expires), attempts = attempts + 1
                    WHERE id = (
                        SELECT id FROM jobs WHERE status = 'pending' OR (status = 'leased' AND lease_expires < \(time))
                        ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
                    RETURNING id, epoch, submission, environment, attempts)
                SELECT c.id, c.epoch, e.seed, c.submission, s.file_sha256, c.environment, c.attempts
                FROM claimed c JOIN epochs e ON e.number = c.epoch JOIN submissions s ON s.id = c.submission
                """, logger: logger, as: (Int64, Int64, Int64, String, String, String, Int).self).first
        }
        guard let row else { return nil }
        return EvaluationJob(id: row.0, epoch: row.1, seed: UInt64(bitPattern: row.2), submission: row.3, fileSHA256: row.4,
                             environment: row.5, attempts: row.6)
    }

    /// Episode results per insert (8 parameters each, far below PostgreSQL's 65,535).
    static let resultsPerInsert = 1000

    public func completeJob(_ job: Int64, worker: String, results: [EpisodeResult], now: Date) async throws(ValidatorError) -> Bool {
        let logger = logger
        return try await transaction { connection in
            // Only the lease holder may finish the job: a worker that was presumed dead and whose
            // job went to another stores nothing. The row stays locked until commit, so a claim
            // racing this completion skips it, and the (job, task) key refuses any duplicate.
            let finished = try await Self.column(connection, """
                UPDATE jobs SET status = 'done', lease_owner = NULL, lease_expires = NULL
                WHERE id = \(job) AND status = 'leased' AND lease_owner = \(worker) RETURNING id
                """, logger: logger, as: Int64.self)
            guard !finished.isEmpty else { return false }
            var start = 0
            while start < results.count {
                let chunk = results[start..<min(results.count, start + Self.resultsPerInsert)]
                var bindings = PostgresBindings(capacity: chunk.count * 8)
                var rows: [String] = []
                for result in chunk {
                    let first = bindings.count + 1
                    rows.append("(" + (first..<first + 8).map { "$\($0)" }.joined(separator: ", ") + ")")
                    bindings.append(job)
                    bindings.append(result.task)
                    bindings.append(Int64(bitPattern: result.seed))
                    bindings.append(result.score)
                    bindings.append(result.episodeReturn)
                    bindings.append(result.length)
                    bindings.append(result.failure?.rawValue)
                    bindings.append(result.message)
                }
                try await Self.execute(connection, PostgresQuery(unsafeSQL: """
                    INSERT INTO episode_results (job, task, seed, score, episode_return, length, failure, message)
                    VALUES \(rows.joined(separator: ", "))
                    """, binds: bindings), logger: logger)
                start += chunk.count
            }
            return true
        }
    }

    public func epochResults(_ number: Int64, environments: [String], episodes: [Int]) async throws(ValidatorError) -> EvaluationResults {
        let logger = logger
        let (seedValue, submissions, rows) = try await transaction(readOnly: true) { connection in
            guard let seed = try await Self.value(connection, "SELECT seed FROM epochs WHERE number = \(number)", logger: logger,
                                                  as: Int64.self) else {
                throw ValidatorError.notFound("no epoch \(number)")
            }
            let submissions = try await Self.all(connection, """
                SELECT \(unescaped: Self.submissionColumns) FROM submissions
                WHERE id IN (SELECT submission FROM jobs WHERE epoch = \(number)) ORDER BY sequence
                """, logger: logger, as: SubmissionRow.self).map(Self.submission(from:))
            let rows = try await Self.all(connection, """
                SELECT j.submission, j.environment, r.task, r.seed, r.score, r.episode_return, r.length, r.failure, r.message
                FROM episode_results r JOIN jobs j ON j.id = r.job
                WHERE j.epoch = \(number) AND j.status = 'done' ORDER BY j.submission, j.environment, r.task
                """, logger: logger, as: (String, String, Int, Int64, Double?, Double?, Int, String?, String?).self)
            return (seed, submissions, rows)
        }
        var byJob: [String: [String: [EpisodeResult]]] = [:]
        for row in rows {
            byJob[row.0, default: [:]][row.1, default: []].append(EpisodeResult(
                task: row.2, seed: UInt64(bitPattern: row.3), score: row.4, episodeReturn: row.5, length: row.6,
                failure: row.7.flatMap(EpisodeResult.Failure.init(rawValue:)), message: row.8))
        }
        let evaluated = submissions.map { submission in
            EvaluatedSubmission(uid: submission.uid, hotkey: submission.hotkey, firstSubmitted: submission.firstSubmitted,
                                evaluation: SubmissionEvaluation(
                                    weightHash: submission.weightHash, seed: UInt64(bitPattern: seedValue),
                                    environments: environments.map { environment in
                                        SubmissionEvaluation.EnvironmentResults(environment: environment,
                                                                                episodes: byJob[submission.id]?[environment] ?? [])
                                    }))
        }
        return EvaluationResults(suite: Suite(name: "epoch", environments: zip(environments, episodes).map {
            Suite.Environment(id: $0.0, episodes: $0.1)
        }), seed: UInt64(bitPattern: seedValue), submissions: evaluated)
    }
}

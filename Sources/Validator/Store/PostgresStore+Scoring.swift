import Evaluation
import Foundation
import Logging
import PostgresNIO

/// Scores, weight history, the leaderboard and the metrics' counts in PostgreSQL.
extension PostgresStore {
    public func storeScoring(_ number: Int64, rows: [LeaderboardRow], weights: StoredWeights, result: ScoringResult) async throws(ValidatorError) {
        guard let resultData = try? JSONEncoder().encode(result) else { throw .io("cannot encode the scoring result") }
        let report = String(decoding: resultData, as: UTF8.self)
        let encoded = try rows.map { row throws(ValidatorError) -> (Int, String) in
            guard let data = try? JSONEncoder().encode(row) else { throw .io("cannot encode the leaderboard") }
            return (row.uid, String(decoding: data, as: UTF8.self))
        }
        let versionKey = Int64(bitPattern: weights.versionKey), scoredAt = Date().timeIntervalSince1970
        let logger = logger
        // Scoring is a pure function of the stored results, so two workers that both find the
        // queue empty store the same; replacing the epoch's rows keeps that idempotent.
        try await transaction { connection in
            try await Self.execute(connection, "SELECT 1 FROM epochs WHERE number = \(number) FOR UPDATE", logger: logger)
            try await Self.execute(connection, "DELETE FROM leaderboard WHERE epoch = \(number)", logger: logger)
            try await Self.execute(connection, "DELETE FROM weights WHERE epoch = \(number)", logger: logger)
            for (uid, text) in encoded {
                try await Self.execute(connection, "INSERT INTO leaderboard (epoch, uid, row) VALUES (\(number), \(uid), \(text))", logger: logger)
            }
            for (uid, weight) in weights.weights.sorted(by: { $0.key < $1.key }) {
                try await Self.execute(connection, """
                    INSERT INTO weights (epoch, uid, weight, u16, version_key)
                    VALUES (\(number), \(uid), \(weight), \(weights.u16[uid] ?? 0), \(versionKey))
                    """, logger: logger)
            }
            try await Self.execute(connection, "UPDATE epochs SET scored_at = \(scoredAt), report = \(report) WHERE number = \(number)", logger: logger)
        }
    }

    public func latestWeights() async throws(ValidatorError) -> StoredWeights? {
        let logger = logger
        return try await transaction(readOnly: true) { connection -> StoredWeights? in
            guard let epoch = try await Self.value(connection, "SELECT MAX(number) FROM epochs WHERE scored_at IS NOT NULL",
                                                   logger: logger, as: Int64.self) else { return nil }
            let rows = try await Self.all(connection, "SELECT uid, weight, u16, version_key FROM weights WHERE epoch = \(epoch)",
                                          logger: logger, as: (Int, Double, Int, Int64).self)
            var weights: [Int: Double] = [:], u16: [Int: Int] = [:]
            var versionKey: Int64 = 0
            for (uid, weight, value, key) in rows {
                weights[uid] = weight
                if value > 0 { u16[uid] = value }
                versionKey = key
            }
            return StoredWeights(epoch: epoch, weights: weights, u16: u16, versionKey: UInt64(bitPattern: versionKey))
        }
    }

    public func latestLeaderboard() async throws(ValidatorError) -> (epoch: Int64, rows: [LeaderboardRow], result: ScoringResult?)? {
        let logger = logger
        let found = try await transaction(readOnly: true) { connection -> (Int64, [String], String)? in
            guard let (epoch, report) = try await Self.all(connection, """
                SELECT number, report FROM epochs WHERE scored_at IS NOT NULL ORDER BY number DESC LIMIT 1
                """, logger: logger, as: (Int64, String?).self).first else { return nil }
            let texts = try await Self.column(connection, "SELECT row FROM leaderboard WHERE epoch = \(epoch) ORDER BY uid",
                                           logger: logger, as: String.self)
            return (epoch, texts, report ?? "")
        }
        guard let (epoch, texts, report) = found else { return nil }
        return try StoredLeaderboard.decode(epoch: epoch, rows: texts, report: report)
    }

    public func counts() async throws(ValidatorError) -> (accepted: Int, copies: Int, pendingJobs: Int, doneJobs: Int) {
        let logger = logger
        return try await transaction(readOnly: true) { connection in
            let submissions = try await Self.all(connection, """
                SELECT COUNT(*) FILTER (WHERE status = 'accepted'), COUNT(*) FILTER (WHERE status = 'copy') FROM submissions
                """, logger: logger, as: (Int, Int).self).first ?? (0, 0)
            let jobs = try await Self.all(connection, """
                SELECT COUNT(*) FILTER (WHERE status != 'done'), COUNT(*) FILTER (WHERE status = 'done') FROM jobs
                """, logger: logger, as: (Int, Int).self).first ?? (0, 0)
            return (submissions.0, submissions.1, jobs.0, jobs.1)
        }
    }
}

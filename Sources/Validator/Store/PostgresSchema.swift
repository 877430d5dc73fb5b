import Logging
import PostgresNIO

/// The PostgreSQL store's schema: the same tables and constraints as ``SQLiteStore``'s, in
/// PostgreSQL's types, applied by named migrations recorded in `validator_migrations`. Workers
/// that start at the same moment migrate one at a time (a transaction-scoped advisory lock), so
/// each migration runs once.
enum PostgresSchema {
    /// A migration: a name recorded once applied, and its statements (postgres-nio sends each
    /// statement on its own).
    struct Migration {
        var name: String
        var statements: [String]
    }

    /// Every migration, oldest first. Never edit one that shipped; add another.
    static let migrations: [Migration] = [
        Migration(name: "v1", statements: [
            "CREATE TABLE miners (hotkey TEXT PRIMARY KEY, uid BIGINT NOT NULL UNIQUE)",
            """
            CREATE TABLE submissions (
                id TEXT PRIMARY KEY, hotkey TEXT NOT NULL, uid BIGINT NOT NULL, file_sha256 TEXT NOT NULL,
                weight_hash TEXT NOT NULL, nonce TEXT NOT NULL, received_at DOUBLE PRECISION NOT NULL,
                sequence BIGINT NOT NULL UNIQUE, status TEXT NOT NULL, owner_submission TEXT,
                first_submitted BIGINT NOT NULL, UNIQUE (hotkey, nonce))
            """,
            "CREATE INDEX submissions_by_weights ON submissions (weight_hash, sequence)",
            """
            CREATE TABLE epochs (number BIGINT PRIMARY KEY, seed BIGINT NOT NULL, environments TEXT NOT NULL,
                opened_at DOUBLE PRECISION NOT NULL, scored_at DOUBLE PRECISION, report TEXT)
            """,
            """
            CREATE TABLE jobs (
                id BIGSERIAL PRIMARY KEY, epoch BIGINT NOT NULL REFERENCES epochs (number),
                submission TEXT NOT NULL REFERENCES submissions (id), environment TEXT NOT NULL, status TEXT NOT NULL,
                lease_owner TEXT, lease_expires DOUBLE PRECISION, attempts BIGINT NOT NULL DEFAULT 0,
                UNIQUE (epoch, submission, environment))
            """,
            "CREATE INDEX jobs_by_status ON jobs (status, id)",
            """
            CREATE TABLE episode_results (
                job BIGINT NOT NULL REFERENCES jobs (id), task BIGINT NOT NULL, seed BIGINT NOT NULL, score DOUBLE PRECISION,
                episode_return DOUBLE PRECISION, length BIGINT NOT NULL, failure TEXT, message TEXT, PRIMARY KEY (job, task))
            """,
            "CREATE TABLE leaderboard (epoch BIGINT NOT NULL, uid BIGINT NOT NULL, row TEXT NOT NULL, PRIMARY KEY (epoch, uid))",
            """
            CREATE TABLE weights (epoch BIGINT NOT NULL, uid BIGINT NOT NULL, weight DOUBLE PRECISION NOT NULL,
                u16 BIGINT NOT NULL, version_key BIGINT NOT NULL, PRIMARY KEY (epoch, uid))
            """,
        ]),
    ]

    /// The advisory lock key migrations hold (any fixed number; this one spells "frontier").
    static let migrationLock: Int64 = 0x6672_6F6E_7469_6572

    /// Applies the migrations `connection`'s database lacks, in one transaction; returns the names
    /// applied now.
    @discardableResult
    static func migrate(_ connection: PostgresConnection, logger: Logger) async throws -> [String] {
        try await PostgresStore.execute(connection, "BEGIN", logger: logger)
        do {
            try await PostgresStore.execute(connection, "SELECT pg_advisory_xact_lock(\(migrationLock))", logger: logger)
            try await PostgresStore.execute(connection, """
                CREATE TABLE IF NOT EXISTS validator_migrations (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())
                """, logger: logger)
            var applied = Set<String>()
            for try await row in try await connection.query("SELECT name FROM validator_migrations", logger: logger) {
                applied.insert(try row.decode(String.self))
            }
            var now: [String] = []
            for migration in migrations where !applied.contains(migration.name) {
                for statement in migration.statements {
                    try await PostgresStore.execute(connection, PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await PostgresStore.execute(connection, "INSERT INTO validator_migrations (name) VALUES (\(migration.name))", logger: logger)
                now.append(migration.name)
            }
            try await PostgresStore.execute(connection, "COMMIT", logger: logger)
            return now
        } catch {
            try? await PostgresStore.execute(connection, "ROLLBACK", logger: logger)
            throw error
        }
    }
}

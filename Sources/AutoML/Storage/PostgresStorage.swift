import CLibPQ
import Foundation

/// Studies in a PostgreSQL database, as Optuna's RDB storage with a `postgresql://` URL: workers
/// on several machines share one study. Every step is one transaction; handing out a trial
/// number locks the study's row (`SELECT … FOR UPDATE`), so each number is given once however
/// many workers ask at the same moment. The schema is created on first use, under an advisory
/// lock so that workers starting together do not race.
///
/// One connection per storage, used by one thread at a time (a lock serialises callers).
public final class PostgresStorage: StudyStorage, @unchecked Sendable {
    // Guarded by `lock`; @unchecked Sendable rests on that.
    private let connection: OpaquePointer
    private let lock = NSLock()
    /// The connection string, without its password, for messages.
    public let location: String

    /// Connects with a libpq connection string or URL (`postgresql://user@host:port/database`)
    /// and creates the schema when it is missing.
    public init(url: String) throws {
        guard let connection = PQconnectdb(url) else { throw StudyError.storage("cannot allocate a PostgreSQL connection") }
        let redacted = Self.redact(url)
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(connection)).trimmingCharacters(in: .whitespacesAndNewlines)
            PQfinish(connection)
            throw StudyError.storage("\(redacted): \(message)")
        }
        self.connection = connection
        location = redacted
        try transaction { run in
            // Any constant shared by every worker: a transaction-scoped lock around the DDL.
            _ = try run("SELECT pg_advisory_xact_lock(7211001)", [])
            _ = try run("""
                CREATE TABLE IF NOT EXISTS automl_study (
                    id SERIAL PRIMARY KEY, name TEXT NOT NULL UNIQUE, direction TEXT NOT NULL)
                """, [])
            _ = try run("""
                CREATE TABLE IF NOT EXISTS automl_trial (
                    study_id INTEGER NOT NULL REFERENCES automl_study(id) ON DELETE CASCADE, number INTEGER NOT NULL,
                    state TEXT NOT NULL, value DOUBLE PRECISION, PRIMARY KEY (study_id, number))
                """, [])
            _ = try run("""
                CREATE TABLE IF NOT EXISTS automl_trial_parameter (
                    study_id INTEGER NOT NULL, number INTEGER NOT NULL, name TEXT NOT NULL,
                    distribution TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (study_id, number, name),
                    FOREIGN KEY (study_id, number) REFERENCES automl_trial(study_id, number) ON DELETE CASCADE)
                """, [])
            _ = try run("""
                CREATE TABLE IF NOT EXISTS automl_trial_intermediate (
                    study_id INTEGER NOT NULL, number INTEGER NOT NULL, step INTEGER NOT NULL, value DOUBLE PRECISION NOT NULL,
                    PRIMARY KEY (study_id, number, step),
                    FOREIGN KEY (study_id, number) REFERENCES automl_trial(study_id, number) ON DELETE CASCADE)
                """, [])
        }
    }

    deinit { PQfinish(connection) }

    /// `url` with any password replaced by `***`.
    static func redact(_ url: String) -> String {
        if let at = url.firstIndex(of: "@"), let scheme = url.range(of: "://"), let colon = url[scheme.upperBound..<at].firstIndex(of: ":") {
            return String(url[..<url.index(after: colon)]) + "***" + String(url[at...])
        }
        return url.replacingOccurrences(of: #"password=\S+"#, with: "password=***", options: .regularExpression)
    }

    // MARK: Queries

    /// Rows of text values (nil for SQL NULL).
    typealias Rows = [[String?]]
    typealias Query = (String, [String?]) throws -> Rows

    /// Runs `body` in one transaction, committing when it returns and rolling back when it throws.
    private func transaction<T>(_ body: (Query) throws -> T) throws -> T {
        try lock.withLock {
            _ = try execute("BEGIN", [])
            do {
                let result = try body(execute)
                _ = try execute("COMMIT", [])
                return result
            } catch {
                _ = try? execute("ROLLBACK", [])
                throw error
            }
        }
    }

    /// One statement with text parameters ($1, $2, …).
    private func execute(_ sql: String, _ parameters: [String?]) throws -> Rows {
        let cStrings = parameters.map { $0.map { strdup($0) } ?? nil }
        defer { for pointer in cStrings { free(pointer) } }
        let values = cStrings.map { UnsafePointer<CChar>($0) }
        guard let result = values.withUnsafeBufferPointer({ buffer in
            PQexecParams(connection, sql, Int32(parameters.count), nil, buffer.baseAddress, nil, nil, 0)
        }) else { throw StudyError.storage("\(location): out of memory") }
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
            let message = String(cString: PQresultErrorMessage(result)).trimmingCharacters(in: .whitespacesAndNewlines)
            throw StudyError.storage("\(location): \(message)")
        }
        var rows: Rows = []
        for row in 0..<PQntuples(result) {
            rows.append((0..<PQnfields(result)).map { column in
                PQgetisnull(result, row, column) == 1 ? nil : String(cString: PQgetvalue(result, row, column))
            })
        }
        return rows
    }

    /// A Double as PostgreSQL reads it back exactly (shortest round-trip digits; NaN spelled out).
    static func text(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "Infinity" : "-Infinity" }
        return "\(value)"
    }

    static func double(_ text: String?) -> Double? {
        guard let text else { return nil }
        switch text {
        case "NaN": return .nan
        case "Infinity": return .infinity
        case "-Infinity": return -.infinity
        default: return Double(text)
        }
    }

    // MARK: StudyStorage

    public func openStudy(name: String, direction: StudyDirection) throws -> Int {
        try transaction { run in
            _ = try run("INSERT INTO automl_study (name, direction) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING", [name, direction.rawValue])
            let row = try run("SELECT id, direction FROM automl_study WHERE name = $1", [name])[0]
            let stored = StudyDirection(rawValue: row[1] ?? "") ?? .minimize
            guard stored == direction else { throw StudyError.directionMismatch(study: name, stored: stored, requested: direction) }
            return Int(row[0]!)!
        }
    }

    public func loadStudy(name: String) throws -> (id: Int, direction: StudyDirection) {
        try transaction { run in
            guard let row = try run("SELECT id, direction FROM automl_study WHERE name = $1", [name]).first,
                  let id = row[0].flatMap({ Int($0) }), let direction = row[1].flatMap(StudyDirection.init) else {
                throw StudyError.unknownStudy(name)
            }
            return (id, direction)
        }
    }

    public func createTrial(studyID: Int) throws -> Int {
        try transaction { run in
            guard !(try run("SELECT id FROM automl_study WHERE id = $1 FOR UPDATE", [String(studyID)])).isEmpty else {
                throw StudyError.unknownStudy("#\(studyID)")
            }
            let number = Int(try run("SELECT COALESCE(MAX(number) + 1, 0) FROM automl_trial WHERE study_id = $1", [String(studyID)])[0][0]!)!
            _ = try run("INSERT INTO automl_trial (study_id, number, state) VALUES ($1, $2, 'running')", [String(studyID), String(number)])
            return number
        }
    }

    /// Locks the trial's row and checks that it is still running.
    private func requireRunning(_ run: Query, studyID: Int, trial: Int) throws {
        guard let state = try run("SELECT state FROM automl_trial WHERE study_id = $1 AND number = $2 FOR UPDATE",
                                  [String(studyID), String(trial)]).first?[0] else { throw StudyError.unknownTrial(trial) }
        let parsed = TrialState(rawValue: state) ?? .failed
        guard parsed == .running else { throw StudyError.trialFinished(number: trial, state: parsed) }
    }

    public func setParameter(studyID: Int, trial: Int, name: String, distribution: Distribution, value: ParameterValue) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let distributionText = String(decoding: try encoder.encode(distribution), as: UTF8.self)
        let valueText = String(decoding: try encoder.encode(value), as: UTF8.self)
        try transaction { run in
            try requireRunning(run, studyID: studyID, trial: trial)
            if let stored = try run("SELECT distribution FROM automl_trial_parameter WHERE study_id = $1 AND number = $2 AND name = $3",
                                    [String(studyID), String(trial), name]).first?[0], stored != distributionText {
                throw StudyError.distributionChanged(parameter: name, trial: trial)
            }
            _ = try run("""
                INSERT INTO automl_trial_parameter (study_id, number, name, distribution, value) VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT (study_id, number, name) DO UPDATE SET value = EXCLUDED.value
                """, [String(studyID), String(trial), name, distributionText, valueText])
        }
    }

    public func setIntermediateValue(studyID: Int, trial: Int, step: Int, value: Double) throws {
        try transaction { run in
            try requireRunning(run, studyID: studyID, trial: trial)
            _ = try run("""
                INSERT INTO automl_trial_intermediate (study_id, number, step, value) VALUES ($1, $2, $3, $4)
                ON CONFLICT (study_id, number, step) DO UPDATE SET value = EXCLUDED.value
                """, [String(studyID), String(trial), String(step), Self.text(value)])
        }
    }

    public func finishTrial(studyID: Int, trial: Int, state: TrialState, value: Double?) throws {
        try transaction { run in
            try requireRunning(run, studyID: studyID, trial: trial)
            _ = try run("UPDATE automl_trial SET state = $1, value = $2 WHERE study_id = $3 AND number = $4",
                        [state.rawValue, state == .complete ? value.map(Self.text) : nil, String(studyID), String(trial)])
        }
    }

    public func trial(studyID: Int, number: Int) throws -> FrozenTrial {
        guard let found = try fetchTrials(studyID: studyID, number: number).first else { throw StudyError.unknownTrial(number) }
        return found
    }

    public func trials(studyID: Int) throws -> [FrozenTrial] {
        try fetchTrials(studyID: studyID, number: nil)
    }

    /// Reads in one transaction (PostgreSQL's READ COMMITTED gives each statement its own
    /// snapshot, so rows are read trial-first: a parameter of a trial not yet seen is skipped).
    private func fetchTrials(studyID: Int, number: Int?) throws -> [FrozenTrial] {
        let filter = " AND ($2::integer IS NULL OR number = $2::integer)"
        let arguments = [String(studyID), number.map(String.init)]
        return try transaction { run in
            var trials: [Int: FrozenTrial] = [:]
            for row in try run("SELECT number, state, value FROM automl_trial WHERE study_id = $1" + filter, arguments) {
                guard let trialNumber = row[0].flatMap({ Int($0) }) else { continue }
                trials[trialNumber] = FrozenTrial(number: trialNumber, state: TrialState(rawValue: row[1] ?? "") ?? .failed, value: Self.double(row[2]))
            }
            let decoder = JSONDecoder()
            for row in try run("SELECT number, name, distribution, value FROM automl_trial_parameter WHERE study_id = $1" + filter, arguments) {
                guard let trialNumber = row[0].flatMap({ Int($0) }), let name = row[1], let distribution = row[2], let value = row[3] else { continue }
                trials[trialNumber]?.distributions[name] = try decoder.decode(Distribution.self, from: Data(distribution.utf8))
                trials[trialNumber]?.parameters[name] = try decoder.decode(ParameterValue.self, from: Data(value.utf8))
            }
            for row in try run("SELECT number, step, value FROM automl_trial_intermediate WHERE study_id = $1" + filter, arguments) {
                guard let trialNumber = row[0].flatMap({ Int($0) }), let step = row[1].flatMap({ Int($0) }) else { continue }
                trials[trialNumber]?.intermediateValues[step] = Self.double(row[2]) ?? .nan
            }
            return trials.keys.sorted().map { trials[$0]! }
        }
    }
}

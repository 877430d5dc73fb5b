import Foundation
import GRDB

/// Studies in an SQLite file (through GRDB), as Optuna's RDB storage: a study survives its
/// process (even `kill -9`: every step is its own committed transaction, in WAL mode), and
/// several processes can work on one study at once (write transactions take SQLite's lock up
/// front and wait for each other, so each trial number is handed out once).
///
/// A trial whose process died while it ran stays `running`; it is never counted as finished
/// and never re-run under its number. ``failStaleTrials()`` marks such trials failed.
public final class SQLiteStorage: StudyStorage {
    private let pool: DatabasePool
    /// The database file.
    public let path: String

    /// Opens (creating when missing) the study database at `path` and brings its schema up to
    /// date. `busyTimeout` is how long a write waits for another process's.
    public init(path: String, busyTimeout: TimeInterval = 60) throws {
        self.path = path
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        do {
            pool = try Self.openPool(path: path, configuration: configuration, patience: busyTimeout)
            try Self.migrate(pool)
        } catch {
            throw StudyError.storage("\(path): \(error)")
        }
    }

    /// Opens the pool, trying again while another connection holds the lock that switching a new
    /// file to WAL needs: SQLite answers that switch with SQLITE_BUSY at once rather than through
    /// the busy handler, so several processes creating one study file together would otherwise
    /// fail at random. Waits grow from 5 to 200 ms, jittered so the processes do not retry in step.
    private static func openPool(path: String, configuration: Configuration, patience: TimeInterval) throws -> DatabasePool {
        let deadline = Date().addingTimeInterval(patience)
        var wait = 0.005
        while true {
            do {
                return try DatabasePool(path: path, configuration: configuration)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && Date() < deadline {
                Thread.sleep(forTimeInterval: wait * Double.random(in: 0.5...1.5))
                wait = Swift.min(wait * 2, 0.2)
            }
        }
    }

    /// Runs the migrations. GRDB reads which migrations ran before it takes the write lock, so
    /// two processes opening a new file together can both try the first one; the loser's error
    /// is moot once the winner's schema is committed, so it checks again instead of failing.
    private static func migrate(_ pool: DatabasePool) throws {
        for attempt in 1...3 {
            do {
                try migrator.migrate(pool)
                return
            } catch {
                if try pool.read({ try migrator.hasCompletedMigrations($0) }) { return }
                if attempt == 3 { throw error }
            }
        }
    }

    /// The schema, one migration per change (GRDB records which ran).
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: studies, trials, parameters, intermediate values") { db in
            try db.create(table: "study") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("name", .text).notNull().unique()
                table.column("direction", .text).notNull()
            }
            try db.create(table: "trial") { table in
                table.column("study_id", .integer).notNull().references("study", onDelete: .cascade)
                table.column("number", .integer).notNull()
                table.column("state", .text).notNull()
                table.column("value", .double)
                table.column("pid", .integer)
                table.primaryKey(["study_id", "number"])
            }
            try db.create(table: "trial_parameter") { table in
                table.column("study_id", .integer).notNull()
                table.column("number", .integer).notNull()
                table.column("name", .text).notNull()
                table.column("distribution", .text).notNull()
                table.column("value", .text).notNull()
                table.primaryKey(["study_id", "number", "name"])
                table.foreignKey(["study_id", "number"], references: "trial", onDelete: .cascade)
            }
            try db.create(table: "trial_intermediate") { table in
                table.column("study_id", .integer).notNull()
                table.column("number", .integer).notNull()
                table.column("step", .integer).notNull()
                // NULL stands for NaN (SQLite stores NaN as NULL anyway).
                table.column("value", .double)
                table.primaryKey(["study_id", "number", "step"])
                table.foreignKey(["study_id", "number"], references: "trial", onDelete: .cascade)
            }
        }
        return migrator
    }

    /// One IMMEDIATE transaction: the write lock is taken before anything is read, so two
    /// processes never both read the same "next number".
    private func write<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try pool.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                return result!
            }
        } catch let error as StudyError {
            throw error
        } catch {
            throw StudyError.storage("\(path): \(error)")
        }
    }

    private func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try pool.read(body)
        } catch let error as StudyError {
            throw error
        } catch {
            throw StudyError.storage("\(path): \(error)")
        }
    }

    public func openStudy(name: String, direction: StudyDirection) throws -> Int {
        try write { db in
            if let row = try Row.fetchOne(db, sql: "SELECT id, direction FROM study WHERE name = ?", arguments: [name]) {
                let stored = StudyDirection(rawValue: row["direction"]) ?? .minimize
                guard stored == direction else { throw StudyError.directionMismatch(study: name, stored: stored, requested: direction) }
                return row["id"]
            }
            try db.execute(sql: "INSERT INTO study (name, direction) VALUES (?, ?)", arguments: [name, direction.rawValue])
            return Int(db.lastInsertedRowID)
        }
    }

    public func loadStudy(name: String) throws -> (id: Int, direction: StudyDirection) {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT id, direction FROM study WHERE name = ?", arguments: [name]),
                  let direction = StudyDirection(rawValue: row["direction"]) else { throw StudyError.unknownStudy(name) }
            return (row["id"], direction)
        }
    }

    public func createTrial(studyID: Int) throws -> Int {
        try write { db in
            let number = try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(number) + 1, 0) FROM trial WHERE study_id = ?", arguments: [studyID]) ?? 0
            try db.execute(sql: "INSERT INTO trial (study_id, number, state, pid) VALUES (?, ?, 'running', ?)",
                           arguments: [studyID, number, Int(getpid())])
            return number
        }
    }

    public func setParameter(studyID: Int, trial: Int, name: String, distribution: Distribution, value: ParameterValue) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let distributionText = String(decoding: try encoder.encode(distribution), as: UTF8.self)
        let valueText = String(decoding: try encoder.encode(value), as: UTF8.self)
        try write { db in
            try requireRunning(db, studyID: studyID, trial: trial)
            if let stored = try String.fetchOne(db, sql: "SELECT distribution FROM trial_parameter WHERE study_id = ? AND number = ? AND name = ?",
                                                arguments: [studyID, trial, name]), stored != distributionText {
                throw StudyError.distributionChanged(parameter: name, trial: trial)
            }
            try db.execute(sql: "INSERT OR REPLACE INTO trial_parameter (study_id, number, name, distribution, value) VALUES (?, ?, ?, ?, ?)",
                           arguments: [studyID, trial, name, distributionText, valueText])
        }
    }

    public func setIntermediateValue(studyID: Int, trial: Int, step: Int, value: Double) throws {
        try write { db in
            try requireRunning(db, studyID: studyID, trial: trial)
            try db.execute(sql: "INSERT OR REPLACE INTO trial_intermediate (study_id, number, step, value) VALUES (?, ?, ?, ?)",
                           arguments: [studyID, trial, step, value.isNaN ? nil : value])
        }
    }

    public func finishTrial(studyID: Int, trial: Int, state: TrialState, value: Double?) throws {
        try write { db in
            try requireRunning(db, studyID: studyID, trial: trial)
            try db.execute(sql: "UPDATE trial SET state = ?, value = ? WHERE study_id = ? AND number = ?",
                           arguments: [state.rawValue, state == .complete ? value : nil, studyID, trial])
        }
    }

    /// Marks failed every running trial whose process is gone (on this machine: trials record
    /// their process id). Returns their numbers.
    @discardableResult
    public func failStaleTrials(studyID: Int) throws -> [Int] {
        try write { db in
            let rows = try Row.fetchAll(db, sql: "SELECT number, pid FROM trial WHERE study_id = ? AND state = 'running'", arguments: [studyID])
            var stale: [Int] = []
            for row in rows {
                let pid: Int? = row["pid"]
                // kill(pid, 0) fails with ESRCH only when no such process exists.
                if let pid, pid != Int(getpid()), kill(pid_t(pid), 0) != 0, errno == ESRCH { stale.append(row["number"]) }
            }
            for number in stale {
                try db.execute(sql: "UPDATE trial SET state = 'failed' WHERE study_id = ? AND number = ?", arguments: [studyID, number])
            }
            return stale
        }
    }

    private func requireRunning(_ db: Database, studyID: Int, trial: Int) throws {
        guard let state = try String.fetchOne(db, sql: "SELECT state FROM trial WHERE study_id = ? AND number = ?", arguments: [studyID, trial]) else {
            throw StudyError.unknownTrial(trial)
        }
        let parsed = TrialState(rawValue: state) ?? .failed
        guard parsed == .running else { throw StudyError.trialFinished(number: trial, state: parsed) }
    }

    public func trial(studyID: Int, number: Int) throws -> FrozenTrial {
        guard let found = try read({ db in try fetchTrials(db, studyID: studyID, number: number) }).first else {
            throw StudyError.unknownTrial(number)
        }
        return found
    }

    public func trials(studyID: Int) throws -> [FrozenTrial] {
        try read { db in try fetchTrials(db, studyID: studyID, number: nil) }
    }

    /// Reads trials in one snapshot (a read transaction), so a trial and its parameters agree.
    private func fetchTrials(_ db: Database, studyID: Int, number: Int?) throws -> [FrozenTrial] {
        // Without a number, `? IS NULL` holds and every trial of the study is read.
        let filter = " AND (? IS NULL OR number = ?)"
        let arguments: StatementArguments = [studyID, number, number]
        var trials: [Int: FrozenTrial] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT number, state, value FROM trial WHERE study_id = ?" + filter, arguments: arguments) {
            let trialNumber: Int = row["number"]
            trials[trialNumber] = FrozenTrial(number: trialNumber, state: TrialState(rawValue: row["state"]) ?? .failed, value: row["value"])
        }
        let decoder = JSONDecoder()
        for row in try Row.fetchAll(db, sql: "SELECT number, name, distribution, value FROM trial_parameter WHERE study_id = ?" + filter,
                                    arguments: arguments) {
            let trialNumber: Int = row["number"], name: String = row["name"]
            let distributionText: String = row["distribution"], valueText: String = row["value"]
            trials[trialNumber]?.distributions[name] = try decoder.decode(Distribution.self, from: Data(distributionText.utf8))
            trials[trialNumber]?.parameters[name] = try decoder.decode(ParameterValue.self, from: Data(valueText.utf8))
        }
        for row in try Row.fetchAll(db, sql: "SELECT number, step, value FROM trial_intermediate WHERE study_id = ?" + filter, arguments: arguments) {
            let trialNumber: Int = row["number"], step: Int = row["step"], value: Double? = row["value"]
            trials[trialNumber]?.intermediateValues[step] = value ?? .nan
        }
        return trials.keys.sorted().map { trials[$0]! }
    }
}

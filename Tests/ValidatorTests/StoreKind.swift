import Foundation
import Testing
import TestSupport
import Validator

/// The store implementations the contract tests run against. Each test gets an empty store of
/// its own: a new SQLite file, or a new database on one PostgreSQL server that this test process
/// starts on loopback the first time it is needed and stops when it exits.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue == "sqlite" ? "SQLite" : "PostgreSQL" }

    /// An empty store, and what removes it.
    func emptyStore() async throws -> (any ValidatorStore, @Sendable () -> Void) {
        switch self {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            return (try SQLiteStore(path: folder + "/v.sqlite"), { try? FileManager.default.removeItem(atPath: folder) })
        case .postgres:
            let url = try SharedPostgres.newDatabase()
            return (try await PostgresStore(url: url, maximumConnections: 4), {})
        }
    }
}

/// One PostgreSQL server for every test in this process that needs one. Starting it is tried
/// once; when PostgreSQL is not installed (and cannot be), each test that needs it fails with the
/// reason, never skips.
enum SharedPostgres {
    static let server: Result<PostgresServer, PostgresServer.Failure> = {
        do {
            let server = try PostgresServer.start()
            atexit { SharedPostgres.stopAtExit() }
            return .success(server)
        } catch let failure as PostgresServer.Failure {
            return .failure(failure)
        } catch {
            return .failure(PostgresServer.Failure(description: "cannot start PostgreSQL: \(error)"))
        }
    }()

    private static func stopAtExit() {
        if case let .success(server) = server { server.stop() }
    }

    /// The URL of a new, empty database on the shared server.
    static func newDatabase() throws -> String {
        let server = try server.get()
        let name = "validator_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try server.createDatabase(name)
        return server.url(database: name)
    }
}

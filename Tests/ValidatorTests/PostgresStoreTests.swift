import Foundation
import Testing
import TestSupport
@testable import Validator

/// What only the PostgreSQL store has: URLs, migrations shared by workers that start together,
/// and errors from the server as typed errors.
@Suite("PostgreSQL store")
struct PostgresStoreTests {
    @Test("URLs: defaults, percent-decoding, sslmode; malformed ones are refused without showing the password")
    func locations() throws {
        let plain = try PostgresLocation(url: "postgres://miner@db.example/validator")
        #expect(plain.host == "db.example" && plain.port == 5432 && plain.user == "miner" && plain.password == nil
            && plain.database == "validator" && plain.tls == .prefer)
        let full = try PostgresLocation(url: "postgresql://miner:p%40ss@127.0.0.1:6543?sslmode=disable")
        #expect(full.port == 6543 && full.password == "p@ss" && full.database == "miner" && full.tls == .disable)
        #expect(full.description == "postgres://miner:***@127.0.0.1:6543/miner")
        for bad in ["postgres://db.example/validator", "postgres://miner@/validator", "postgres://miner:secret@db/a/b",
                    "postgres://miner:secret@db/v?sslmode=sometimes", "postgres://miner:secret@db/v?timeout=3"] {
            let error = #expect(throws: ValidatorError.self) { _ = try PostgresLocation(url: bad) }
            guard case let .badRequest(message)? = error else { Issue.record("\(bad): \(String(describing: error))"); continue }
            #expect(!message.contains("secret"), "\(message)")
        }
        #expect(PostgresLocation.redact("postgres://miner:secret@db:5432/v") == "postgres://miner:***@db:5432/v")
        #expect(StoreLocation("postgresql://m@h/d") == .postgres(url: "postgresql://m@h/d"))
        #expect(StoreLocation("data/validator.sqlite") == .sqlite(path: "data/validator.sqlite"))
    }

    @Test("workers opening one new database at once migrate it once, and what one stores the others read")
    func migrationsOnce() async throws {
        let url = try SharedPostgres.newDatabase()
        let stores = try await withThrowingTaskGroup(of: PostgresStore.self) { group in
            for _ in 0..<4 { group.addTask { try await PostgresStore(url: url, maximumConnections: 2) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let record = try await stores[0].recordSubmission(hotkey: String(repeating: "c", count: 64), uid: 7, fileSHA256: String(repeating: "0", count: 64),
                                                          weightHash: "w", nonce: "nonce-migrations-1", now: Date(), policy: SubmissionPolicy())
        for store in stores { #expect(try await store.submission(id: record.id) == record) }
        // A store opened later finds the schema and the data.
        let later = try await PostgresStore(url: url)
        #expect(try await later.miners() == [7: String(repeating: "c", count: 64)])
    }

    @Test("an unreachable server, an unknown database and a duplicate uid are typed errors, not traps")
    func errors() async throws {
        let port = try PostgresServer.freePort()
        let unreachable = await #expect(throws: ValidatorError.self) {
            _ = try await PostgresStore(url: "postgres://postgres@127.0.0.1:\(port)/none?sslmode=disable")
        }
        #expect(unreachable?.status == 500 && unreachable?.description.contains("cannot open the store postgres://postgres@127.0.0.1:\(port)/none") == true,
                "\(String(describing: unreachable))")
        let server = try SharedPostgres.server.get()
        let unknown = await #expect(throws: ValidatorError.self) {
            _ = try await PostgresStore(url: server.url(database: "no_such_database"))
        }
        #expect(unknown?.status == 500 && unknown?.description.contains("no_such_database") == true
            && unknown?.description.contains("3D000") == true, "\(String(describing: unknown))")
        let store = try await PostgresStore(url: try SharedPostgres.newDatabase())
        _ = try await store.recordSubmission(hotkey: String(repeating: "d", count: 64), uid: 3, fileSHA256: String(repeating: "0", count: 64),
                                             weightHash: "w1", nonce: "nonce-duplicate-1", now: Date(), policy: SubmissionPolicy())
        await #expect(throws: ValidatorError.self) {
            _ = try await store.recordSubmission(hotkey: String(repeating: "e", count: 64), uid: 3, fileSHA256: String(repeating: "0", count: 64),
                                                 weightHash: "w2", nonce: "nonce-duplicate-2", now: Date(), policy: SubmissionPolicy())
        }
        #expect(try await store.counts().accepted == 1, "the refused submission left nothing behind")
    }
}

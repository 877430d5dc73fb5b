import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A throwaway PostgreSQL server for the storage tests (AutoML's studies, the validator's store)
/// and the validator's load rows: `initdb` into a temporary folder, a server on 127.0.0.1 at a
/// free port (fsync off: nothing here must survive the machine), removed by ``stop()``. Debian's
/// `postgresql` package is installed when its binaries are missing; when that fails too,
/// ``start()`` throws, so a test that needs the server fails rather than skips. As root, the
/// server runs as the `postgres` user (initdb refuses root).
public final class PostgresServer: Sendable {
    /// The server's folder (data, log, socket).
    public let folder: String
    /// The port it listens on, on 127.0.0.1.
    public let port: Int
    private let binaries: String

    /// The connection URL of the `postgres` database.
    public var url: String { "postgresql://postgres@127.0.0.1:\(port)/postgres" }

    /// The connection URL of database `name` (made by ``createDatabase(_:)``).
    public func url(database name: String) -> String { "postgres://postgres@127.0.0.1:\(port)/\(name)" }

    /// Why the server could not be started or used.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var description: String

        /// A failure saying `description`.
        public init(description: String) { self.description = description }
    }

    /// The folder of the newest installed PostgreSQL's programs (initdb, pg_ctl), if any.
    public static func binaryFolder() -> String? {
        let base = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: base)) ?? []
        return versions.sorted { (Int($0) ?? 0) > (Int($1) ?? 0) }.map { "\(base)/\($0)/bin" }
            .first { FileManager.default.isExecutableFile(atPath: "\($0)/initdb") }
    }

    /// Runs a program to its end and returns its output; as root with `asPostgres`, through
    /// `runuser -u postgres`. Spawned and reaped directly (posix_spawn, waitpid): `pg_ctl start`
    /// leaves a server behind that inherits the parent's descriptors, and Foundation's `Process`
    /// then waits for it forever.
    @discardableResult
    public static func run(_ executable: String, _ arguments: [String], asPostgres: Bool = false, environment: [String: String] = [:]) throws -> String {
        let command = asPostgres && getuid() == 0 ? ["/usr/sbin/runuser", "-u", "postgres", "--", executable] + arguments : [executable] + arguments
        let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("frontier-pg-output-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let variables = ProcessInfo.processInfo.environment.merging(environment) { $1 }.map { "\($0.key)=\($0.value)" }
        let argv = command.map { strdup($0) } + [nil]
        let envp = variables.map { strdup($0) } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, command[0], &actions, nil, argv, envp)
        guard spawned == 0 else { throw Failure(description: "cannot start \(command[0]): error \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        // Exited normally with status 0: the low 7 bits (the signal) and the exit code are zero.
        guard status == 0 else {
            throw Failure(description: "\(command.joined(separator: " ")) ended with status \(status): \(text)")
        }
        return text
    }

    /// A port nothing listens on now (the kernel's pick for port 0).
    public static func freePort() throws -> Int {
        let socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketDescriptor >= 0 else { throw Failure(description: "socket: \(errno)") }
        defer { close(socketDescriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketDescriptor, $0, length) } }
        guard bound == 0 else { throw Failure(description: "bind: \(errno)") }
        let named = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socketDescriptor, $0, &length) } }
        guard named == 0 else { throw Failure(description: "getsockname: \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Starts a server (installing PostgreSQL first when it is missing). Tests leave `durable`
    /// false (fsync off: faster, and nothing must survive a crash of the machine); a benchmark
    /// that compares with SQLite's fsynced commits sets it.
    public static func start(durable: Bool = false) throws -> PostgresServer {
        var installation = ""
        if binaryFolder() == nil {
            do {
                try run("/usr/bin/apt-get", ["install", "-y", "-q", "postgresql"], environment: ["DEBIAN_FRONTEND": "noninteractive"])
            } catch {
                installation = " Installing Debian's postgresql failed: \(error)"
            }
        }
        guard let binaries = binaryFolder() else {
            throw Failure(description: "PostgreSQL's server programs (initdb, pg_ctl) are not under /usr/lib/postgresql/*/bin; "
                + "`make test` installs Debian's postgresql package (apt-get install postgresql).\(installation)")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("frontier-pg-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        if getuid() == 0 { try run("/bin/chown", ["postgres:postgres", folder]) }
        try run("\(binaries)/initdb", ["-D", folder + "/data", "-A", "trust", "-U", "postgres", "--no-sync"], asPostgres: true)
        let port = try freePort()
        try run("\(binaries)/pg_ctl", ["-D", folder + "/data", "-l", folder + "/server.log", "-w", "-t", "60",
                                       "-o", "-p \(port) -h 127.0.0.1 -k \(folder)" + (durable ? "" : " -F"), "start"], asPostgres: true)
        return PostgresServer(folder: folder, port: port, binaries: binaries)
    }

    private init(folder: String, port: Int, binaries: String) {
        self.folder = folder
        self.port = port
        self.binaries = binaries
    }

    /// Creates an empty database `name` (letters, digits and underscores).
    public func createDatabase(_ name: String) throws {
        try Self.run("\(binaries)/createdb", ["-h", "127.0.0.1", "-p", "\(port)", "-U", "postgres", name])
    }

    /// Stops the server at once and removes its folder.
    public func stop() {
        _ = try? Self.run("\(binaries)/pg_ctl", ["-D", folder + "/data", "-m", "immediate", "-w", "stop"], asPostgres: true)
        try? FileManager.default.removeItem(atPath: folder)
    }
}

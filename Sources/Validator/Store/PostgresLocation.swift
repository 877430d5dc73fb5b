import Foundation
import NIOSSL
import PostgresNIO

/// A PostgreSQL database named by a URL, `postgres://user[:password]@host[:port]/database`
/// (`postgresql://` too; the port defaults to 5432 and the database to the user's name). The query
/// may hold `sslmode=disable`, `prefer` (the default) or `require`.
public struct PostgresLocation: Sendable, Equatable {
    /// How the connection uses TLS.
    public enum TLSMode: String, Sendable {
        /// Plain TCP.
        case disable
        /// TLS when the server offers it.
        case prefer
        /// TLS or no connection.
        case require
    }

    /// The server's host name or address.
    public var host: String
    /// The server's port.
    public var port: Int
    /// The role to log in as.
    public var user: String
    /// Its password, if the server asks for one.
    public var password: String?
    /// The database.
    public var database: String
    /// TLS.
    public var tls: TLSMode

    /// Whether `text` names a PostgreSQL database rather than an SQLite file.
    public static func isPostgresURL(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// Parses `url`; throws ``ValidatorError/badRequest(_:)`` naming what is wrong (the password
    /// never appears in a message).
    public init(url: String) throws(ValidatorError) {
        let shown = Self.redact(url)
        guard Self.isPostgresURL(url), let components = URLComponents(string: url) else {
            throw .badRequest("not a PostgreSQL URL (postgres://user@host:port/database): \(shown)")
        }
        guard let host = components.host, !host.isEmpty else { throw .badRequest("the PostgreSQL URL names no host: \(shown)") }
        guard let user = components.user, !user.isEmpty else {
            throw .badRequest("the PostgreSQL URL names no user: \(shown)")
        }
        let port = components.port ?? 5432
        guard (1...65535).contains(port) else { throw .badRequest("the PostgreSQL port must lie in 1...65535: \(shown)") }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        let database = path
        guard !database.contains("/") else { throw .badRequest("the PostgreSQL URL's path must be one database name: \(shown)") }
        var tls = TLSMode.prefer
        for item in components.queryItems ?? [] {
            guard item.name == "sslmode" else { throw .badRequest("unknown PostgreSQL URL parameter \(item.name) (only sslmode): \(shown)") }
            guard let mode = item.value.flatMap(TLSMode.init(rawValue:)) else {
                throw .badRequest("sslmode must be disable, prefer or require: \(shown)")
            }
            tls = mode
        }
        self.host = host
        self.port = port
        self.user = user
        self.password = components.password
        self.database = database.isEmpty ? user : database
        self.tls = tls
    }

    /// `url` with its password replaced by `***`, for messages and logs.
    public static func redact(_ url: String) -> String {
        guard let at = url.lastIndex(of: "@"), let scheme = url.range(of: "://"), scheme.upperBound < at,
              let colon = url[scheme.upperBound..<at].firstIndex(of: ":") else { return url }
        return String(url[..<url.index(after: colon)]) + "***" + String(url[at...])
    }

    /// The URL again, password redacted.
    public var description: String {
        "postgres://\(user)\(password == nil ? "" : ":***")@\(host):\(port)/\(database)"
    }

    /// The TLS setting of one connection.
    func connectionTLS() throws(ValidatorError) -> PostgresConnection.Configuration.TLS {
        if tls == .disable { return .disable }
        let context: NIOSSLContext
        do {
            context = try NIOSSLContext(configuration: .makeClientConfiguration())
        } catch {
            throw .io("cannot set up TLS for PostgreSQL: \(error)")
        }
        return tls == .require ? .require(context) : .prefer(context)
    }

    /// The TLS setting of the pool.
    func clientTLS() -> PostgresClient.Configuration.TLS {
        switch tls {
        case .disable: return .disable
        case .prefer: return .prefer(.makeClientConfiguration())
        case .require: return .require(.makeClientConfiguration())
        }
    }

    /// A single connection's configuration (used to migrate, failing fast when the server is
    /// unreachable).
    func connectionConfiguration() throws(ValidatorError) -> PostgresConnection.Configuration {
        var configuration = PostgresConnection.Configuration(host: host, port: port, username: user, password: password,
                                                             database: database, tls: try connectionTLS())
        configuration.options.connectTimeout = .seconds(10)
        return configuration
    }

    /// The pool's configuration.
    func clientConfiguration(maximumConnections: Int) -> PostgresClient.Configuration {
        var configuration = PostgresClient.Configuration(host: host, port: port, username: user, password: password,
                                                         database: database, tls: clientTLS())
        configuration.options.maximumConnections = maximumConnections
        configuration.options.connectTimeout = .seconds(10)
        return configuration
    }
}

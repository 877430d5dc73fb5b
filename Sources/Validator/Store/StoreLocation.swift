/// Where a validator keeps its store, as `--db` names it: a `postgres://` or `postgresql://` URL
/// is a PostgreSQL database (``PostgresStore``), anything else the path of an SQLite file
/// (``SQLiteStore``).
public enum StoreLocation: Sendable, Equatable, CustomStringConvertible {
    /// An SQLite file.
    case sqlite(path: String)
    /// A PostgreSQL database.
    case postgres(url: String)

    /// The location `text` names.
    public init(_ text: String) {
        self = PostgresLocation.isPostgresURL(text) ? .postgres(url: text) : .sqlite(path: text)
    }

    /// The path or the URL, password redacted.
    public var description: String {
        switch self {
        case let .sqlite(path): return path
        case let .postgres(url): return PostgresLocation.redact(url)
        }
    }

    /// Opens (creating and migrating when needed) the store here.
    public func open() async throws(ValidatorError) -> any ValidatorStore {
        switch self {
        case let .sqlite(path): return try SQLiteStore(path: path)
        case let .postgres(url): return try await PostgresStore(url: url)
        }
    }
}

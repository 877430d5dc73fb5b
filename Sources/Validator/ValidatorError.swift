/// Why the validator refused something. Each case maps to an HTTP status in the server.
public enum ValidatorError: Error, Equatable, CustomStringConvertible, Sendable {
    /// A key or key file is unusable.
    case invalidKey(String)
    /// A request is malformed (400).
    case badRequest(String)
    /// The signature does not verify, or the hotkey is not registered (401/403).
    case unauthorized(String)
    /// A nonce was used before, or the timestamp is stale (409).
    case replay(String)
    /// The body is larger than the limit (413).
    case tooLarge(String)
    /// The bundle was refused by the loader (422).
    case invalidBundle(String)
    /// Too many requests from one hotkey (429).
    case rateLimited(String)
    /// Not found (404).
    case notFound(String)
    /// Storage or file-system trouble (500).
    case io(String)

    public var description: String {
        switch self {
        case let .invalidKey(reason), let .badRequest(reason), let .unauthorized(reason), let .replay(reason),
             let .tooLarge(reason), let .invalidBundle(reason), let .rateLimited(reason), let .notFound(reason), let .io(reason):
            return reason
        }
    }

    /// The HTTP status code.
    public var status: Int {
        switch self {
        case .invalidKey, .badRequest: return 400
        case .unauthorized: return 401
        case .notFound: return 404
        case .replay: return 409
        case .tooLarge: return 413
        case .invalidBundle: return 422
        case .rateLimited: return 429
        case .io: return 500
        }
    }

    /// A short machine-readable name of the reason.
    public var code: String {
        switch self {
        case .invalidKey: return "invalid_key"
        case .badRequest: return "bad_request"
        case .unauthorized: return "unauthorized"
        case .replay: return "replay"
        case .tooLarge: return "too_large"
        case .invalidBundle: return "invalid_bundle"
        case .rateLimited: return "rate_limited"
        case .notFound: return "not_found"
        case .io: return "internal"
        }
    }
}

import Crypto
import Foundation

/// What a miner signs when it submits a bundle: the bundle file's SHA-256, its hotkey, a nonce
/// used once, and the time of signing. The signed bytes are ``signedBytes``: a domain tag and the
/// manifest as JSON with sorted keys, so a signature for anything else never verifies here.
public struct SubmissionManifest: Codable, Sendable, Equatable {
    /// SHA-256 of the uploaded file, lowercase hex.
    public var bundleSHA256: String
    /// The miner's Ed25519 public key, lowercase hex.
    public var hotkey: String
    /// A value the hotkey never used before (16–128 characters of [A-Za-z0-9_-]).
    public var nonce: String
    /// Unix time of signing, in seconds.
    public var timestamp: Int64

    enum CodingKeys: String, CodingKey {
        case bundleSHA256 = "bundle_sha256", hotkey, nonce, timestamp
    }

    /// A manifest.
    public init(bundleSHA256: String, hotkey: String, nonce: String, timestamp: Int64) {
        self.bundleSHA256 = bundleSHA256
        self.hotkey = hotkey
        self.nonce = nonce
        self.timestamp = timestamp
    }

    /// A manifest for `bundle`'s bytes signed now by `key`, with a random nonce.
    public static func signed(bundle: Data, key: Hotkey, now: Date = Date()) throws(ValidatorError) -> (manifest: SubmissionManifest, signature: Data) {
        let manifest = SubmissionManifest(bundleSHA256: sha256Hex(bundle), hotkey: key.publicKeyHex,
                                          nonce: UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased(),
                                          timestamp: Int64(now.timeIntervalSince1970))
        return (manifest, try key.sign(manifest.signedBytes))
    }

    /// The domain tag in front of the JSON.
    static let domain = Data("frontier-submission-v1\n".utf8)

    /// The bytes the signature covers.
    public var signedBytes: Data { Self.domain + json }

    /// The manifest as JSON with sorted keys.
    public var json: Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)) ?? Data()
    }

    /// Reads a manifest sent in a header (base64 of ``json``), checking every field's form.
    public static func decode(header: String) throws(ValidatorError) -> SubmissionManifest {
        guard header.utf8.count <= 2048, let data = Data(base64Encoded: header) else {
            throw .badRequest("the manifest header is not base64 (at most 2 KiB)")
        }
        guard let manifest = try? JSONDecoder().decode(SubmissionManifest.self, from: data) else {
            throw .badRequest("the manifest is not a JSON object with bundle_sha256, hotkey, nonce and timestamp")
        }
        try manifest.validateForm()
        return manifest
    }

    /// Checks each field's form.
    public func validateForm() throws(ValidatorError) {
        func isHex(_ text: String, length: Int) -> Bool {
            text.utf8.count == length && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
        }
        guard isHex(bundleSHA256, length: 64) else { throw .badRequest("bundle_sha256 must be 64 lowercase hex digits") }
        guard isHex(hotkey, length: 64) else { throw .badRequest("hotkey must be an Ed25519 public key, 64 lowercase hex digits") }
        let allowed = nonce.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D || $0 == 0x5F }
        guard (16...128).contains(nonce.utf8.count), allowed else { throw .badRequest("nonce must be 16 to 128 characters of A-Z, a-z, 0-9, - and _") }
    }
}

/// The lowercase hex SHA-256 of `data`.
public func sha256Hex(_ data: Data) -> String { Hex.encode(SHA256.hash(data: data)) }

import Crypto
import Foundation

/// Epoch seeds derived from the validator's secret: HMAC-SHA256(secret, "frontier-epoch-<n>"),
/// first 8 bytes little-endian. Miners cannot predict an epoch's tasks; anyone given the secret
/// afterwards can check them.
public struct EpochSeeds: Sendable {
    private let secret: Data

    /// Seeds from `secret` (at least 16 bytes).
    public init(secret: Data) throws(ValidatorError) {
        guard secret.count >= 16 else { throw .invalidKey("the validator secret must hold at least 16 bytes") }
        self.secret = secret
    }

    /// The seed of epoch `number`.
    public func seed(epoch number: Int64) -> UInt64 {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("frontier-epoch-\(number)".utf8), using: SymmetricKey(data: secret))
        return Array(mac).prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
    }

    /// The secret in `path`, created (32 random bytes, hex, mode 0600) when missing.
    public static func secret(at path: String) throws(ValidatorError) -> Data {
        if let text = try? String(contentsOfFile: path, encoding: .utf8) {
            guard let bytes = Hex.decode(text.trimmingCharacters(in: .whitespacesAndNewlines)), bytes.count >= 16 else {
                throw .invalidKey("\(path) does not hold a hex secret of at least 16 bytes")
            }
            return Data(bytes)
        }
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .io("cannot create the secret \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        let text = Hex.encode(bytes) + "\n"
        _ = text.withCString { Glibc.write(descriptor, $0, strlen($0)) }
        return Data(bytes)
    }
}

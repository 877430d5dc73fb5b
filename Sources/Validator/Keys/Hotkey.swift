import Crypto
import Foundation

/// A miner's Ed25519 key pair (the hotkey). The public key, as 64 lowercase hex digits, names the
/// miner; the private key signs submission manifests.
// Unchecked: swift-crypto's key is an immutable value that it does not mark Sendable.
public struct Hotkey: @unchecked Sendable {
    /// The signing key.
    public let privateKey: Curve25519.Signing.PrivateKey

    /// A fresh random key.
    public init() { privateKey = Curve25519.Signing.PrivateKey() }

    /// The key with raw 32-byte private key `bytes`.
    public init(rawRepresentation bytes: Data) throws(ValidatorError) {
        guard let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: bytes) else {
            throw .invalidKey("not a 32-byte Ed25519 private key")
        }
        privateKey = key
    }

    /// The public key as lowercase hex.
    public var publicKeyHex: String { Hex.encode(privateKey.publicKey.rawRepresentation) }

    /// The signature of `message`.
    public func sign(_ message: Data) throws(ValidatorError) -> Data {
        do {
            return try privateKey.signature(for: message)
        } catch {
            throw .invalidKey("signing failed: \(error)")
        }
    }

    /// Whether `signature` is `hotkey`'s (hex public key) signature of `message`.
    public static func verify(_ signature: Data, of message: Data, by hotkey: String) -> Bool {
        guard let bytes = Hex.decode(hotkey), bytes.count == 32,
              let key = try? Curve25519.Signing.PublicKey(rawRepresentation: bytes) else { return false }
        return key.isValidSignature(signature, for: message)
    }

    // MARK: - Key files

    /// The key file's form: one JSON object with the hex private and public keys.
    struct File: Codable {
        var privateKey: String
        var publicKey: String
        enum CodingKeys: String, CodingKey {
            case privateKey = "private_key"
            case publicKey = "public_key"
        }
    }

    /// Writes the key to `path`, created new and readable by its owner only (0600).
    public func write(to path: String) throws(ValidatorError) {
        let file = File(privateKey: Hex.encode(privateKey.rawRepresentation), publicKey: publicKeyHex)
        let data: Data
        do { data = try JSONEncoder().encode(file) } catch { throw .invalidKey("cannot encode the key") }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw .io("cannot create the key file \(path): \(String(cString: strerror(errno)))" + (errno == EEXIST ? " (it exists; keys are never overwritten)" : ""))
        }
        defer { close(descriptor) }
        let written = data.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        guard written == data.count else { throw .io("cannot write the key file \(path)") }
    }

    /// Reads a key file written by ``write(to:)``; refuses files others can read.
    public static func read(from path: String) throws(ValidatorError) -> Hotkey {
        var status = stat()
        guard stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { throw .io("cannot read the key file \(path)") }
        guard status.st_mode & 0o077 == 0 else {
            throw .invalidKey("the key file \(path) is readable by others (mode \(String(status.st_mode & 0o777, radix: 8))); chmod 600 it")
        }
        guard status.st_size < 4096, let data = FileManager.default.contents(atPath: path),
              let file = try? JSONDecoder().decode(File.self, from: data), let raw = Hex.decode(file.privateKey) else {
            throw .invalidKey("\(path) is not a key file written by `frontier keys new`")
        }
        let key = try Hotkey(rawRepresentation: Data(raw))
        guard key.publicKeyHex == file.publicKey.lowercased() else {
            throw .invalidKey("\(path): the public key does not belong to the private key")
        }
        return key
    }
}

/// Lowercase hexadecimal.
public enum Hex {
    /// `bytes` as lowercase hex.
    public static func encode<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    /// The bytes of `text` (hex digits, either case), or nil.
    public static func decode(_ text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        func value(_ digit: UInt8) -> UInt8? {
            switch digit {
            case 0x30...0x39: return digit - 0x30
            case 0x61...0x66: return digit - 0x61 + 10
            case 0x41...0x46: return digit - 0x41 + 10
            default: return nil
            }
        }
        var index = 0
        while index < digits.count {
            guard let high = value(digits[index]), let low = value(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }
}

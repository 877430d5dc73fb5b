import Checkpoint
import Foundation
import RL

/// Takes a submission from the wire to the store, refusing it before anything is stored unless:
/// the body is within the size limit; the manifest is well formed and its Ed25519 signature
/// verifies; the hotkey is registered (when a metagraph is configured); the timestamp is fresh;
/// the body's SHA-256 is the manifest's; the bundle passes the defensive loader in a child
/// process (``IsolatedBundleReader``) and every entry rebuilds (a policy through
/// ``PolicyBundle/load(_:expecting:limits:)``, any other kind through ``architectures``, such as
/// the forecasters Forecast-v0 adapts); the nonce is unused
/// and the hotkey under its rate limit (checked atomically by the store).
public struct SubmissionIntake: Sendable {
    /// Where records go.
    public let store: any ValidatorStore
    /// Where bundles go.
    public let files: BundleFiles
    /// The rules.
    public let policy: SubmissionPolicy
    /// The `frontier` executable, whose `inspect --check-only` reads bundles in a child process.
    public let checker: URL
    /// Where uploads wait while they are checked.
    public let scratch: URL
    /// The architectures accepted besides RL's policies: the kinds some environment of the
    /// validator's registry adapts (`frontier` passes every kind it builds).
    public let architectures: ArchitectureRegistry

    /// An intake.
    public init(store: any ValidatorStore, files: BundleFiles, policy: SubmissionPolicy, checker: URL, scratch: URL,
                architectures: ArchitectureRegistry = .policies) {
        self.store = store
        self.files = files
        self.policy = policy
        self.checker = checker
        self.scratch = scratch
        self.architectures = architectures
    }

    /// Verifies and stores one submission.
    public func accept(manifestHeader: String?, signatureHeader: String?, body: Data, now: Date = Date()) async throws(ValidatorError) -> SubmissionRecord {
        guard body.count <= policy.maxBundleBytes else {
            throw .tooLarge("the bundle has \(body.count) bytes; the limit is \(policy.maxBundleBytes)")
        }
        guard let manifestHeader, let signatureHeader else {
            throw .badRequest("a submission needs the headers X-Frontier-Manifest and X-Frontier-Signature")
        }
        let manifest = try SubmissionManifest.decode(header: manifestHeader)
        guard signatureHeader.utf8.count <= 256, let signature = Data(base64Encoded: signatureHeader), signature.count == 64 else {
            throw .badRequest("X-Frontier-Signature must be a base64 Ed25519 signature (64 bytes)")
        }
        guard Hotkey.verify(signature, of: manifest.signedBytes, by: manifest.hotkey) else {
            throw .unauthorized("the signature does not verify for hotkey \(manifest.hotkey)")
        }
        var uid: Int?
        if let metagraph = policy.metagraph {
            guard let registered = metagraph[manifest.hotkey] else { throw .unauthorized("hotkey \(manifest.hotkey) is not in the metagraph") }
            uid = registered
        }
        let skew = abs(now.timeIntervalSince1970 - Double(manifest.timestamp))
        guard skew <= policy.maxClockSkew else {
            throw .replay("the manifest was signed \(Int(skew)) s away from the validator's clock; the limit is \(Int(policy.maxClockSkew)) s")
        }
        let digest = sha256Hex(body)
        guard digest == manifest.bundleSHA256 else {
            throw .badRequest("the body's SHA-256 is \(digest), the manifest says \(manifest.bundleSHA256)")
        }
        let weightHash = try readInChildProcess(body)
        _ = try files.store(body, hash: digest)
        return try await store.recordSubmission(hotkey: manifest.hotkey, uid: uid, fileSHA256: digest, weightHash: weightHash,
                                                nonce: manifest.nonce, now: now, policy: policy)
    }

    /// Reads the bundle in a child process and rebuilds every entry; returns its weight hash.
    func readInChildProcess(_ body: Data) throws(ValidatorError) -> String {
        let upload = scratch.appendingPathComponent("upload-\(UUID().uuidString).h5")
        defer { try? FileManager.default.removeItem(at: upload) }
        do {
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            try body.write(to: upload)
        } catch {
            throw .io("cannot stage the upload: \(error.localizedDescription)")
        }
        do throws(BundleError) {
            let bundle = try IsolatedBundleReader.read(upload.path, checker: checker, temporaryFolder: scratch)
            for entry in bundle.entries {
                if ArchitectureRegistry.policies.contains(kind: entry.architecture.kind) {
                    _ = try PolicyBundle.load(entry)
                } else {
                    _ = try architectures.load(entry)
                }
            }
            return try bundle.weightHash
        } catch {
            throw .invalidBundle(error.description.replacingOccurrences(of: upload.path, with: "the bundle"))
        }
    }
}

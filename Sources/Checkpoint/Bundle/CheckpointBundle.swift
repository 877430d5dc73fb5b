#if canImport(Glibc)
import Glibc
#endif

import NN
import Tensor

/// One model inside a bundle: its architecture, parameters, optional optimiser state and the
/// facts about its training.
public struct BundleEntry: Sendable {
    /// The entry's name: the environment id it competes in, or the model's name. ASCII, no `/`.
    public var name: String
    /// What rebuilds the network.
    public var architecture: Architecture
    /// The parameters by state-dict key.
    public var parameters: StateDict
    /// The optimiser's state (to resume training exactly), when saved.
    public var optimizerState: StateDict?
    /// What the model reads, as JSON (an observation space, or a forecaster's input).
    public var observationSpace: String
    /// What the model produces, as JSON (an action space, or a forecast's shape).
    public var actionSpace: String
    /// Training facts: algorithm, hyperparameters, environment id and version, steps, seed, date…
    public var metadata: [String: String]

    /// An entry; spaces default to `{}`.
    public init(name: String, architecture: Architecture, parameters: StateDict, optimizerState: StateDict? = nil,
                observationSpace: String = "{}", actionSpace: String = "{}", metadata: [String: String] = [:]) {
        self.name = name
        self.architecture = architecture
        self.parameters = parameters
        self.optimizerState = optimizerState
        self.observationSpace = observationSpace
        self.actionSpace = actionSpace
        self.metadata = metadata
    }

    /// An entry for `module` with its current parameters.
    public init(name: String, module: some DescribedModule, optimizerState: StateDict? = nil,
                observationSpace: String = "{}", actionSpace: String = "{}", metadata: [String: String] = [:]) throws {
        self.init(name: name, architecture: try module.architecture, parameters: module.stateDict(),
                  optimizerState: optimizerState, observationSpace: observationSpace, actionSpace: actionSpace, metadata: metadata)
    }
}

/// A checkpoint bundle: the models a miner submits, in one HDF5 file (docs/checkpoint-format.md).
public struct CheckpointBundle: Sendable {
    /// The format version this code writes and reads. Version 2 hashes the architecture and the
    /// spaces with the parameters (``WeightHash``); version 1 hashed the parameters alone, so its
    /// files are refused rather than read under a weaker hash.
    public static let formatVersion: Int64 = 2
    /// The value of the root `format` attribute.
    public static let formatName = "frontier-bundle"

    /// The models, in order.
    public var entries: [BundleEntry]
    /// The miner's public key (hex), when known.
    public var hotkey: String?
    /// When the bundle was written (ISO 8601, UTC).
    public var created: String

    /// A bundle of `entries`.
    public init(entries: [BundleEntry], hotkey: String? = nil, created: String = BundleClock.now()) {
        self.entries = entries
        self.hotkey = hotkey
        self.created = created
    }

    /// The entry named `name`.
    public func entry(_ name: String) -> BundleEntry? { entries.first { $0.name == name } }

    /// The SHA-256 of the bundle's canonical bytes (see ``WeightHash``); throws when an entry's
    /// architecture or space is not JSON with a canonical form.
    public var weightHash: String {
        get throws(BundleError) { try WeightHash.digest(entries) }
    }
}

/// Why a bundle could not be written or read: every case names the file and what is wrong.
public enum BundleError: Error, Equatable, CustomStringConvertible {
    case unsafe(CheckpointSafetyError)
    case invalidFile(path: String, reason: String)
    case unsupportedVersion(path: String, version: Int64)
    case invalidEntry(entry: String, reason: String)
    case invalidArchitecture(kind: String, reason: String)
    case nonFinite(entry: String, key: String)
    case hashMismatch(path: String, stored: String, computed: String)
    case storage(path: String, reason: String)
    case checkFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .unsafe(let error): return "unsafe checkpoint: \(error)"
        case .invalidFile(let path, let reason): return "\(path) is not a Frontier bundle: \(reason)"
        case .unsupportedVersion(let path, let version):
            let current = CheckpointBundle.formatVersion
            if version < current {
                return "\(path) has bundle format version \(version); this Frontier reads only version \(current), whose hash also covers "
                    + "the architecture and spaces: re-export the model (or re-train it) with this Frontier"
            }
            return "\(path) has bundle format version \(version); this Frontier reads only version \(current): use the Frontier that wrote it, or a newer one"
        case .invalidEntry(let entry, let reason): return "bundle entry \(entry): \(reason)"
        case .invalidArchitecture(let kind, let reason): return "architecture \(kind): \(reason)"
        case .nonFinite(let entry, let key): return "bundle entry \(entry): parameter \(key) holds NaN or infinity"
        case .hashMismatch(let path, let stored, let computed):
            return "\(path): weights_sha256 is \(stored) but the architectures, spaces and parameters hash to \(computed) (the file was altered)"
        case .storage(let path, let reason): return "\(path): \(reason)"
        case .checkFailed(let path, let reason): return "\(path) was refused by the isolated check: \(reason)"
        }
    }
}

/// The current time as an ISO 8601 UTC string, without Foundation's formatters.
public enum BundleClock {
    public static func now() -> String {
        var seconds = time(nil)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }
}

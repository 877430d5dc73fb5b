import Foundation
import NN

/// What a network is, recorded so that it can be rebuilt from a checkpoint alone: a kind
/// (`mlp`, `quantile_forecaster`, `char_transformer`, …) and its configuration as JSON.
public struct Architecture: Codable, Sendable, Equatable {
    /// The family, which decides how `configuration` is read.
    public var kind: String
    /// The family's settings, as a JSON object.
    public var configuration: String

    /// An architecture of `kind` with `configuration` encoded as JSON in its canonical form
    /// (``CanonicalJSON``), so the same network always gives the same text.
    public init<Configuration: Encodable>(kind: String, configuration: Configuration) throws {
        self.kind = kind
        let encoded = String(decoding: try JSONEncoder().encode(configuration), as: UTF8.self)
        self.configuration = try CanonicalJSON.canonicalize(encoded)
    }

    /// An architecture from its recorded parts.
    public init(kind: String, configurationJSON: String) {
        self.kind = kind
        configuration = configurationJSON
    }

    /// The configuration decoded as `type` from its canonical form; throws a ``BundleError``
    /// naming the kind. Decoding the canonical text, not the stored one, makes the network a
    /// function of exactly the bytes the bundle hash covers.
    public func decode<Configuration: Decodable>(_ type: Configuration.Type) throws(BundleError) -> Configuration {
        let canonical: String
        do {
            canonical = try CanonicalJSON.canonicalize(configuration)
        } catch {
            throw .invalidArchitecture(kind: kind, reason: "configuration is not valid JSON: \(error)")
        }
        do {
            return try JSONDecoder().decode(type, from: Data(canonical.utf8))
        } catch {
            throw .invalidArchitecture(kind: kind, reason: "configuration does not decode: \(error)")
        }
    }
}

/// A module that can describe its own architecture.
public protocol DescribedModule: Module {
    /// The architecture that rebuilds this module (with fresh weights).
    var architecture: Architecture { get throws }
}

extension MLP: DescribedModule {
    /// The sizes and activation of an MLP.
    public struct Configuration: Codable, Sendable, Equatable {
        public var sizes: [Int]
        public var activation: Activation
    }

    public var architecture: Architecture {
        get throws { try Architecture(kind: "mlp", configuration: Configuration(sizes: sizes, activation: activation)) }
    }
}

import Foundation
import NN

/// What a network is, recorded so that it can be rebuilt from a checkpoint alone: a kind
/// (`mlp`, `quantile_forecaster`, `char_transformer`, …) and its configuration as JSON.
public struct Architecture: Codable, Sendable, Equatable {
    /// The family, which decides how `configuration` is read.
    public var kind: String
    /// The family's settings, as a JSON object.
    public var configuration: String

    /// An architecture of `kind` with `configuration` encoded as JSON (keys sorted, so the same
    /// network always gives the same text).
    public init<Configuration: Encodable>(kind: String, configuration: Configuration) throws {
        self.kind = kind
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        self.configuration = String(decoding: try encoder.encode(configuration), as: UTF8.self)
    }

    /// An architecture from its recorded parts.
    public init(kind: String, configurationJSON: String) {
        self.kind = kind
        configuration = configurationJSON
    }

    /// The configuration decoded as `type`; throws a ``BundleError`` naming the kind.
    public func decode<Configuration: Decodable>(_ type: Configuration.Type) throws(BundleError) -> Configuration {
        do {
            return try JSONDecoder().decode(type, from: Data(configuration.utf8))
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

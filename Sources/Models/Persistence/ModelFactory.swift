import Checkpoint
import NN
import Tensor

extension QuantileForecaster: DescribedModule {
    /// Everything that fixes a forecaster's shape.
    public struct Configuration: Codable, Sendable, Equatable {
        public var kind: ForecasterKind
        public var context: Int
        public var horizon: Int
        public var quantiles: [Double]
        public var hidden: Int
    }

    public var architecture: Architecture {
        get throws {
            try Architecture(kind: "quantile_forecaster", configuration: Configuration(
                kind: kind, context: context, horizon: horizon, quantiles: quantiles, hidden: hidden))
        }
    }
}

extension CharTransformer: DescribedModule {
    /// The model's sizes (the vocabulary is stored beside them in the entry's metadata).
    public var architecture: Architecture {
        get throws { try Architecture(kind: "char_transformer", configuration: config) }
    }
}

/// Rebuilds the networks Frontier knows from their recorded architecture.
public enum ModelFactory {
    /// The architecture kinds ``build(_:)`` understands.
    public static let kinds = ["mlp", "quantile_forecaster", "char_transformer"]

    /// A network of `architecture` with fresh weights (seeded, so the result is deterministic).
    public static func build(_ architecture: Architecture) throws(BundleError) -> any DescribedModule & Layer {
        var generator = PhiloxGenerator(seed: 0)
        switch architecture.kind {
        case "mlp":
            let c = try architecture.decode(MLP.Configuration.self)
            guard c.sizes.count >= 2, c.sizes.allSatisfy({ $0 > 0 && $0 <= 1 << 16 }) else {
                throw .invalidArchitecture(kind: "mlp", reason: "sizes \(c.sizes) must be at least two positive widths up to 65536")
            }
            return MLP(inputSize: c.sizes[0], hiddenSizes: Array(c.sizes.dropFirst().dropLast()), outputSize: c.sizes.last!,
                       activation: c.activation, using: &generator)
        case "quantile_forecaster":
            let c = try architecture.decode(QuantileForecaster.Configuration.self)
            guard c.context > 0, c.context <= 4096, c.horizon > 0, c.horizon <= 1024, c.hidden > 0, c.hidden <= 4096,
                  !c.quantiles.isEmpty, c.quantiles.allSatisfy({ $0 > 0 && $0 < 1 }) else {
                throw .invalidArchitecture(kind: "quantile_forecaster", reason: "sizes or quantile levels out of range")
            }
            return QuantileForecaster(kind: c.kind, context: c.context, horizon: c.horizon, quantiles: c.quantiles,
                                      hidden: c.hidden, using: &generator)
        case "char_transformer":
            let c = try architecture.decode(CharTransformerConfig.self)
            do { try c.validate() } catch { throw .invalidArchitecture(kind: "char_transformer", reason: error.description) }
            guard c.vocabularySize <= 1 << 16, c.context <= 4096, c.modelDimension <= 4096, c.layers <= 64 else {
                throw .invalidArchitecture(kind: "char_transformer", reason: "sizes beyond the limits of this loader")
            }
            return CharTransformer(c, using: &generator)
        default:
            throw .invalidArchitecture(kind: architecture.kind, reason: "unknown kind; this Frontier builds \(kinds.joined(separator: ", "))")
        }
    }

    /// The network of `entry`, with the entry's parameters loaded strictly (every key present,
    /// none extra, every shape right).
    public static func load(_ entry: BundleEntry) throws(BundleError) -> any DescribedModule & Layer {
        let model = try build(entry.architecture)
        do {
            try model.load(stateDict: entry.parameters)
        } catch {
            throw .invalidEntry(entry: entry.name, reason: error.description)
        }
        model.eval()
        return model
    }
}

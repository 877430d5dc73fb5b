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

/// Rebuilds this library's models from their recorded architecture, through
/// ``Checkpoint/ArchitectureRegistry/models``: every size is predicted and checked against the
/// limits (and, for an entry, against its stored parameters) before a network is built.
public enum ModelFactory {
    /// A network of `architecture` with fresh weights (seeded, so the result is deterministic).
    public static func build(_ architecture: Architecture, limits: ArchitectureLimits = ArchitectureLimits())
        throws(BundleError) -> any DescribedModule & Layer {
        try model(ArchitectureRegistry.models.build(architecture, limits: limits), kind: architecture.kind)
    }

    /// The network of `entry`, with the entry's parameters loaded strictly (every key present,
    /// none extra, every shape right), in evaluation mode.
    public static func load(_ entry: BundleEntry, limits: ArchitectureLimits = ArchitectureLimits())
        throws(BundleError) -> any DescribedModule & Layer {
        try model(ArchitectureRegistry.models.load(entry, limits: limits), kind: entry.architecture.kind)
    }

    /// Every family of ``Checkpoint/ArchitectureRegistry/models`` builds a described layer; the
    /// cast cannot fail unless a family is wrong, which is reported, not trapped.
    private static func model(_ module: any Module, kind: String) throws(BundleError) -> any DescribedModule & Layer {
        guard let model = module as? any DescribedModule & Layer else {
            throw .invalidArchitecture(kind: kind, reason: "the registered family does not build a model")
        }
        return model
    }
}

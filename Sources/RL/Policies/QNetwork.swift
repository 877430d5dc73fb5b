import Checkpoint
import NN
import Tensor

/// An MLP that estimates one action value per discrete action, for DQN (Mnih et al. 2015).
/// Acting is greedy: exploration belongs to the algorithm (ε-greedy), not to the policy.
/// Parameter names: `network.layers.0.weight`, ….
public final class QNetwork: Policy {
    /// What rebuilds a Q-network.
    public struct Configuration: Codable, Sendable, Equatable {
        /// The length of one observation.
        public var observationSize: Int
        /// The (discrete) action space.
        public var actionSpace: Space
        /// Hidden layer widths.
        public var hiddenSizes: [Int]
        /// The hidden activation.
        public var activation: Activation

        /// A configuration.
        public init(observationSize: Int, actionSpace: Space, hiddenSizes: [Int] = [120, 84], activation: Activation = .relu) {
            self.observationSize = observationSize
            self.actionSpace = actionSpace
            self.hiddenSizes = hiddenSizes
            self.activation = activation
        }
    }

    /// The architecture kind recorded in bundles.
    public static let kind = "q_network"

    /// The settings this network was built with.
    public let configuration: Configuration
    /// Observations to action values.
    public let network: MLP
    public var isTraining = true

    /// A Q-network with PyTorch's default initialisation (as cleanrl's `dqn.py`).
    public init(_ configuration: Configuration, using generator: inout PhiloxGenerator) {
        guard case let .discrete(space) = configuration.actionSpace else {
            preconditionFailure("QNetwork: DQN needs a discrete action space, got \(configuration.actionSpace)")
        }
        self.configuration = configuration
        network = MLP(inputSize: configuration.observationSize, hiddenSizes: configuration.hiddenSizes,
                      outputSize: space.count, activation: configuration.activation, using: &generator)
    }

    public var observationSize: Int { configuration.observationSize }
    public var actionSpace: Space { configuration.actionSpace }
    public var children: [(name: String, module: any Module)] { [("network", network)] }

    public var architecture: Architecture {
        get throws { try Architecture(kind: Self.kind, configuration: configuration) }
    }

    /// The action values for `observations`, shape `[batch, actionCount]`.
    public func qValues(_ observations: Tensor) -> Tensor { network(observations) }

    /// The greedy action per row (ties to the lowest index); `deterministic` and `generator`
    /// are unused, since a Q-network's policy is greedy.
    public func actions(for observations: Tensor, deterministic: Bool, using generator: inout PhiloxGenerator) -> Tensor {
        noGrad {
            let indices = qValues(observations).argmaxIndices(axis: 1)
            return Tensor(shape: [indices.count, 1], scalars: indices.map(Float.init))
        }
    }
}

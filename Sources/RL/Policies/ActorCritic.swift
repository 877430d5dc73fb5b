import Checkpoint
import Foundation
import NN
import Tensor

/// Separate actor and critic MLPs, as in cleanrl's `ppo.py` and `ppo_continuous_action.py`:
/// the actor outputs logits (discrete actions) or means (continuous actions, with a learnt
/// state-independent `log_std`), the critic one value per observation.
///
/// Weights are initialised orthogonally with the usual gains (√2 for hidden layers, 0.01 for
/// the actor's output, 1 for the critic's), biases at zero. Parameter names: `actor.layers.0.weight`,
/// …, `critic.layers.4.bias`, `log_std`.
public final class ActorCritic: Policy {
    /// What rebuilds an actor-critic.
    public struct Configuration: Codable, Sendable, Equatable {
        /// The length of one observation.
        public var observationSize: Int
        /// The action space the actor serves.
        public var actionSpace: Space
        /// Hidden layer widths (both networks).
        public var hiddenSizes: [Int]
        /// The hidden activation.
        public var activation: Activation
        /// The initial log standard deviation of continuous actions.
        public var initialLogStd: Double

        /// A configuration.
        public init(observationSize: Int, actionSpace: Space, hiddenSizes: [Int] = [64, 64],
                    activation: Activation = .tanh, initialLogStd: Double = 0) {
            self.observationSize = observationSize
            self.actionSpace = actionSpace
            self.hiddenSizes = hiddenSizes
            self.activation = activation
            self.initialLogStd = initialLogStd
        }
    }

    /// The settings this network was built with.
    public let configuration: Configuration
    /// Observations to logits or means.
    public let actor: MLP
    /// Observations to state values.
    public let critic: MLP
    /// Log standard deviations of continuous actions (`[actionSize]`); nil for discrete actions.
    public var logStd: Tensor?
    public var isTraining = true

    /// A freshly initialised actor-critic. `orthogonalInitialization: false` keeps the MLPs'
    /// default (uniform) initialisation: for a network whose weights are about to be replaced by
    /// a bundle's, since the orthogonal initialiser's QR decompositions cost time that grows with
    /// the cube of the width.
    public init(_ configuration: Configuration, using generator: inout PhiloxGenerator, orthogonalInitialization: Bool = true) {
        check(configuration.observationSize > 0, "ActorCritic: observation size must be positive")
        self.configuration = configuration
        let outputs: Int
        switch configuration.actionSpace {
        case let .discrete(space): outputs = space.count
        case let .box(space):
            outputs = space.elementCount
            logStd = Tensor.full([outputs], value: configuration.initialLogStd, requiresGrad: true)
        case .multiDiscrete:
            preconditionFailure("ActorCritic: MultiDiscrete action spaces are not supported yet")
        }
        actor = MLP(inputSize: configuration.observationSize, hiddenSizes: configuration.hiddenSizes, outputSize: outputs,
                    activation: configuration.activation, using: &generator)
        critic = MLP(inputSize: configuration.observationSize, hiddenSizes: configuration.hiddenSizes, outputSize: 1,
                     activation: configuration.activation, using: &generator)
        if orthogonalInitialization {
            Self.initializeOrthogonally(actor, outputGain: 0.01, using: &generator)
            Self.initializeOrthogonally(critic, outputGain: 1, using: &generator)
        }
    }

    /// cleanrl's `layer_init`: orthogonal weights (√2, or `outputGain` for the last layer),
    /// zero biases.
    static func initializeOrthogonally(_ network: MLP, outputGain: Double, using generator: inout PhiloxGenerator) {
        let lastWeight = network.namedParameters.last { $0.name.hasSuffix("weight") }?.name
        network.visitParameters { name, parameter in
            if name.hasSuffix("weight") {
                let gain = name == lastWeight ? outputGain : 2.0.squareRoot()
                parameter.assign(Initializer.orthogonal(parameter.shape, gain: gain, using: &generator))
            } else {
                parameter.assign(Tensor.zeros(parameter.shape))
            }
        }
    }

    public var observationSize: Int { configuration.observationSize }
    public var actionSpace: Space { configuration.actionSpace }

    public func visitOwnParameters(_ body: (String, inout Tensor) -> Void) {
        if logStd != nil { body("log_std", &logStd!) }
    }

    public var children: [(name: String, module: any Module)] { [("actor", actor), ("critic", critic)] }

    public var architecture: Architecture {
        get throws { try Architecture(kind: Self.kind, configuration: configuration) }
    }

    /// The architecture kind recorded in bundles.
    public static let kind = "actor_critic"

    /// The action distributions for `observations` (`[batch, observationSize]`).
    public func distribution(_ observations: Tensor) -> ActionDistribution {
        let output = actor(observations)
        if let logStd { return .gaussian(mean: output, logStd: logStd) }
        return .categorical(logits: output)
    }

    /// The state values for `observations`, shape `[batch]`.
    public func value(_ observations: Tensor) -> Tensor {
        critic(observations).reshaped(to: [-1])
    }

    public func actions(for observations: Tensor, deterministic: Bool, using generator: inout PhiloxGenerator) -> Tensor {
        noGrad {
            let distribution = distribution(observations)
            // Sampling from NaN probabilities is undefined; hand back NaN actions for the caller
            // to refuse instead.
            guard distribution.isFinite else {
                return Tensor.full([observations.shape[0], actionSpace.actionWidth], value: .nan)
            }
            return deterministic ? distribution.mode() : distribution.sample(using: &generator)
        }
    }
}

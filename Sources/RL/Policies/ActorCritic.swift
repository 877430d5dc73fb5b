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
        /// Where a structured observation keeps its action mask and per-action feature rows
        /// (nil: one network reads the whole flat vector, as for classic control).
        public var layout: ObservationLayout?

        /// A configuration.
        public init(observationSize: Int, actionSpace: Space, hiddenSizes: [Int] = [64, 64],
                    activation: Activation = .tanh, initialLogStd: Double = 0, layout: ObservationLayout? = nil) {
            self.observationSize = observationSize
            self.actionSpace = actionSpace
            self.hiddenSizes = hiddenSizes
            self.activation = activation
            self.initialLogStd = initialLogStd
            self.layout = layout
        }

        /// The actor's input and output widths: one score per action from `[row, context]`
        /// with feature rows, else every action's logit (or mean) from the whole observation.
        public var actorWidths: (input: Int, output: Int) {
            if let layout, layout.actionFeatures != nil { return (layout.featureCount + layout.contextSize, 1) }
            switch actionSpace {
            case let .discrete(space): return (observationSize, space.count)
            case let .box(space): return (observationSize, space.elementCount)
            default: return (observationSize, 0)
            }
        }

        /// The critic's input width: the mean row beside the context with feature rows, else the
        /// whole observation.
        public var criticInputWidth: Int {
            if let layout, layout.actionFeatures != nil { return layout.featureCount + layout.contextSize }
            return observationSize
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
    /// The layout's context positions, computed once.
    private let contextIndices: [Int]

    /// A freshly initialised actor-critic. `orthogonalInitialization: false` keeps the MLPs'
    /// default (uniform) initialisation: for a network whose weights are about to be replaced by
    /// a bundle's, since the orthogonal initialiser's QR decompositions cost time that grows with
    /// the cube of the width.
    public init(_ configuration: Configuration, using generator: inout PhiloxGenerator, orthogonalInitialization: Bool = true) {
        check(configuration.observationSize > 0, "ActorCritic: observation size must be positive")
        self.configuration = configuration
        switch configuration.actionSpace {
        case .discrete: break
        case let .box(space):
            logStd = Tensor.full([space.elementCount], value: configuration.initialLogStd, requiresGrad: true)
        case .multiDiscrete, .multiBinary, .dict, .text:
            preconditionFailure("ActorCritic: \(configuration.actionSpace) action spaces are not supported")
        }
        if let problem = configuration.layout?.problem(observationSize: configuration.observationSize,
                                                       actionCount: configuration.actionSpace.flatActionCount) {
            preconditionFailure("ActorCritic: \(problem)")
        }
        contextIndices = configuration.layout?.contextIndices ?? []
        let actorWidths = configuration.actorWidths
        actor = MLP(inputSize: actorWidths.input, hiddenSizes: configuration.hiddenSizes, outputSize: actorWidths.output,
                    activation: configuration.activation, using: &generator)
        critic = MLP(inputSize: configuration.criticInputWidth, hiddenSizes: configuration.hiddenSizes, outputSize: 1,
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
        guard let layout = configuration.layout else {
            let output = actor(observations)
            if let logStd { return .gaussian(mean: output, logStd: logStd) }
            return .categorical(logits: output)
        }
        var logits: Tensor
        if let rows = featureRows(observations, layout) {
            let (batch, actions, width) = (rows.shape[0], rows.shape[1], rows.shape[2])
            var input = rows
            if !contextIndices.isEmpty {
                let context = observations.indexSelect(axis: 1, indices: contextIndices).unsqueezed(axis: 1)
                input = Tensor.concatenate([rows, context.expanded(to: [batch, actions, contextIndices.count])], axis: 2)
            }
            logits = actor(input.reshaped(to: [batch * actions, width + contextIndices.count])).reshaped(to: [batch, actions])
        } else {
            logits = actor(observations)
        }
        if let mask = layout.actionMask {
            // A disallowed action's logit drops by 1e9: its probability is exactly zero in float32,
            // and an all-zero mask (a broken environment) leaves a uniform choice, not NaN.
            let bits = observations.slice(axis: 1, start: mask.start, end: mask.start + mask.count).detached()
            logits = logits + (bits - 1) * 1e9
        }
        return .categorical(logits: logits)
    }

    /// The state values for `observations`, shape `[batch]`.
    public func value(_ observations: Tensor) -> Tensor {
        guard let layout = configuration.layout, let rows = featureRows(observations, layout) else {
            return critic(observations).reshaped(to: [-1])
        }
        var input = rows.mean(axis: 1)
        if !contextIndices.isEmpty {
            input = Tensor.concatenate([input, observations.indexSelect(axis: 1, indices: contextIndices)], axis: 1)
        }
        return critic(input).reshaped(to: [-1])
    }

    /// The per-action feature rows as `[batch, actions, features]`, when the layout has them.
    private func featureRows(_ observations: Tensor, _ layout: ObservationLayout) -> Tensor? {
        guard let span = layout.actionFeatures else { return nil }
        return observations.slice(axis: 1, start: span.start, end: span.start + span.count)
            .reshaped(to: [observations.shape[0], span.count / layout.featureCount, layout.featureCount])
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

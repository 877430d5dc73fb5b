import NN
import Tensor

/// Advantage actor-critic, synchronous (A2C; Mnih et al. 2016), as Stable-Baselines3's `A2C`:
/// short rollouts from several copies, one RMSProp step per rollout. The rollouts, GAE (λ = 1:
/// n-step returns) and truncation bootstrap are ``OnPolicyLearner``'s; ``A2CUpdate`` is what
/// A2C does with a rollout.
public typealias A2C = OnPolicyLearner<A2CUpdate>

/// A2C's update: one gradient step on the whole rollout of
/// `−A·log π(a|s) + c_v·(V(s) − R)² − c_e·H(π)`.
public struct A2CUpdate: OnPolicyUpdateRule {
    public static let algorithm = Algorithm.a2c
    /// Updates are many and cheap: metrics every 100 of them.
    public static let recordInterval = 100

    public let config: A2CConfig
    public var optimizer: RMSProp

    public init(config: A2CConfig, generator: PhiloxGenerator) {
        self.config = config
        optimizer = RMSProp(learningRate: Float(config.learningRate), alpha: Float(config.rmsPropAlpha),
                            epsilon: Float(config.rmsPropEpsilon))
    }

    /// A2C draws nothing of its own.
    public var generators: [String: PhiloxGenerator] {
        get { [:] }
        set {}
    }

    public mutating func update(_ buffer: RolloutBuffer, model: ActorCritic, remaining: Double) -> OnPolicyUpdateStatistics {
        let size = buffer.capacity
        let observations = Tensor(shape: [size, buffer.observationSize], scalars: buffer.observations)
        let actions = Tensor(shape: [size, buffer.actionWidth], scalars: buffer.actions)
        var advantages = buffer.advantages
        if config.normalizeAdvantages { RolloutBuffer.standardize(&advantages) }
        let distribution = model.distribution(observations)
        let policyLoss = (Tensor(advantages) * distribution.logProbability(of: actions)).mean() * -1
        let valueLoss = (model.value(observations) - Tensor(buffer.returns)).squared().mean()
        let entropy = distribution.entropy().mean()
        let loss = policyLoss - entropy * Float(config.entropyCoefficient) + valueLoss * Float(config.valueCoefficient)
        model.zeroGrad()
        loss.backward()
        model.clipGradientNorm(maxNorm: config.maxGradientNorm)
        optimizer.step(model)
        return OnPolicyUpdateStatistics(policyLoss: policyLoss.doubleItem(), valueLoss: valueLoss.doubleItem(),
                                        entropy: entropy.doubleItem())
    }
}

import NN
import Tensor

/// Proximal Policy Optimisation with the clipped objective (Schulman et al. 2017), as cleanrl's
/// `ppo.py` and `ppo_continuous_action.py` implement it: GAE, advantages normalised per
/// minibatch, optional value clipping, entropy bonus, minibatch epochs, linear learning-rate
/// (and optionally clip-range) annealing, global gradient-norm clipping, orthogonal
/// initialisation; categorical or diagonal Gaussian actions. The rollouts, GAE and schedules
/// are ``OnPolicyLearner``'s; ``PPOUpdate`` is what PPO does with a rollout.
/// docs/reinforcement-learning.md lists where it differs from cleanrl and Stable-Baselines3.
public typealias PPO = OnPolicyLearner<PPOUpdate>

/// PPO's update: `epochs` passes of minibatch Adam steps on the clipped surrogate objective.
public struct PPOUpdate: OnPolicyUpdateRule {
    public static let algorithm = Algorithm.ppo
    public static let recordInterval = 1

    public let config: PPOConfig
    public var optimizer: Adam
    /// Draws each epoch's minibatch order.
    var shuffleGenerator: PhiloxGenerator

    public init(config: PPOConfig, generator: PhiloxGenerator) {
        self.config = config
        shuffleGenerator = generator
        optimizer = Adam(learningRate: Float(config.learningRate), epsilon: Float(config.adamEpsilon))
    }

    public var generators: [String: PhiloxGenerator] {
        get { ["minibatches": shuffleGenerator] }
        set { if let restored = newValue["minibatches"] { shuffleGenerator = restored } }
    }

    /// The clip range follows the learning rate's schedule when `annealClipRange` is set; the
    /// KL early stop ends every remaining epoch at the first minibatch over `targetKL`.
    public mutating func update(_ buffer: RolloutBuffer, model: ActorCritic, remaining: Double) -> OnPolicyUpdateStatistics {
        let clipRange = config.annealClipRange ? config.clipRange * remaining : config.clipRange
        var policyLoss = 0.0, valueLoss = 0.0, entropy = 0.0, approximateKL = 0.0, clipFraction = 0.0
        var minibatches = 0
        let size = config.minibatchSize
        let observationSize = buffer.observationSize
        epochs: for _ in 0..<config.epochs {
            let order = shuffleGenerator.permutation(buffer.capacity)
            for start in stride(from: 0, to: buffer.capacity, by: size) {
                let indices = order[start..<(start + size)]
                let observations = Tensor(shape: [size, observationSize],
                                          scalars: RolloutBuffer.gather(buffer.observations, width: observationSize, indices: indices))
                let actions = Tensor(shape: [size, buffer.actionWidth],
                                     scalars: RolloutBuffer.gather(buffer.actions, width: buffer.actionWidth, indices: indices))
                let oldLogProbabilities = Tensor(RolloutBuffer.gather(buffer.logProbabilities, width: 1, indices: indices))
                var advantages = RolloutBuffer.gather(buffer.advantages, width: 1, indices: indices)
                if config.normalizeAdvantages { RolloutBuffer.standardize(&advantages) }
                let returns = Tensor(RolloutBuffer.gather(buffer.returns, width: 1, indices: indices))
                let oldValues = Tensor(RolloutBuffer.gather(buffer.values, width: 1, indices: indices))

                let distribution = model.distribution(observations)
                let logRatio = distribution.logProbability(of: actions) - oldLogProbabilities
                let ratio = logRatio.exp()
                let advantage = Tensor(advantages)
                let clippedRatio = ratio.clamped(min: 1 - clipRange, max: 1 + clipRange)
                let minibatchPolicyLoss = (advantage * ratio).minimum(advantage * clippedRatio).mean() * -1
                let values = model.value(observations)
                let minibatchValueLoss: Tensor
                if config.clipValueLoss {
                    // The value window keeps the configured width: annealing is for the policy ratio.
                    let clippedValues = oldValues + (values - oldValues).clamped(min: -config.clipRange, max: config.clipRange)
                    minibatchValueLoss = (values - returns).squared().maximum((clippedValues - returns).squared()).mean()
                } else {
                    minibatchValueLoss = (values - returns).squared().mean()
                }
                let minibatchEntropy = distribution.entropy().mean()
                let loss = minibatchPolicyLoss - minibatchEntropy * Float(config.entropyCoefficient)
                    + minibatchValueLoss * Float(config.valueCoefficient)
                model.zeroGrad()
                loss.backward()
                model.clipGradientNorm(maxNorm: config.maxGradientNorm)
                optimizer.step(model)

                let (kl, clipped) = noGrad {
                    let kl = ((ratio - 1) - logRatio).mean().doubleItem()
                    let clipped = (ratio - 1).abs().greater(Float(clipRange)).mean().doubleItem()
                    return (kl, clipped)
                }
                policyLoss += minibatchPolicyLoss.doubleItem()
                valueLoss += minibatchValueLoss.doubleItem()
                entropy += minibatchEntropy.doubleItem()
                approximateKL += kl
                clipFraction += clipped
                minibatches += 1
                if let target = config.targetKL, kl > target { break epochs }
            }
        }
        let scale = 1 / Double(max(minibatches, 1))
        return OnPolicyUpdateStatistics(policyLoss: policyLoss * scale, valueLoss: valueLoss * scale, entropy: entropy * scale,
                                        approximateKL: approximateKL * scale, clipFraction: clipFraction * scale)
    }
}

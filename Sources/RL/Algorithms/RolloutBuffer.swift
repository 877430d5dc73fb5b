/// The transitions of one on-policy rollout: `steps × environments` entries stored flat,
/// step-major (entry `t * environments + i` is copy `i` at step `t`), as PPO and A2C read them.
///
/// Rewards stored here already include the bootstrap `γ·V(final observation)` for copies whose
/// episode was truncated at that step (Stable-Baselines3's handling of time limits), so that
/// `dones` can cut the return at every episode end without treating truncation as termination.
public struct RolloutBuffer: Sendable {
    /// Steps per copy.
    public let steps: Int
    /// Environment copies.
    public let environments: Int
    /// Floats per observation.
    public let observationSize: Int
    /// Floats per action row.
    public let actionWidth: Int

    /// Observations the actions were chosen from (normalised when normalisation is on).
    public var observations: [Float]
    /// The actions taken, `actionWidth` floats each.
    public var actions: [Float]
    /// Log-probabilities of the actions under the rollout's policy.
    public var logProbabilities: [Float]
    /// The critic's values of the observations.
    public var values: [Float]
    /// Rewards (plus truncation bootstraps).
    public var rewards: [Double]
    /// Whether the episode ended (either way) at this step.
    public var dones: [Bool]
    /// GAE advantages, after ``computeAdvantages(lastValues:gamma:lambda:)``.
    public private(set) var advantages: [Float]
    /// Value targets (advantages plus values).
    public private(set) var returns: [Float]
    private(set) var count = 0

    /// An empty buffer.
    public init(steps: Int, environments: Int, observationSize: Int, actionWidth: Int) {
        self.steps = steps
        self.environments = environments
        self.observationSize = observationSize
        self.actionWidth = actionWidth
        let entries = steps * environments
        observations = []
        observations.reserveCapacity(entries * observationSize)
        actions = []
        actions.reserveCapacity(entries * actionWidth)
        logProbabilities = []
        logProbabilities.reserveCapacity(entries)
        values = []
        values.reserveCapacity(entries)
        rewards = []
        rewards.reserveCapacity(entries)
        dones = []
        dones.reserveCapacity(entries)
        advantages = []
        returns = []
    }

    /// The number of entries a full buffer holds.
    public var capacity: Int { steps * environments }

    /// Empties the buffer for the next rollout, keeping its storage.
    public mutating func clear() {
        observations.removeAll(keepingCapacity: true)
        actions.removeAll(keepingCapacity: true)
        logProbabilities.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
        rewards.removeAll(keepingCapacity: true)
        dones.removeAll(keepingCapacity: true)
        count = 0
    }

    /// Appends one step of every copy.
    public mutating func append(observations stepObservations: [Float], actions stepActions: [Float],
                                logProbabilities stepLogProbabilities: [Float], values stepValues: [Float],
                                rewards stepRewards: [Double], dones stepDones: [Bool]) {
        precondition(count < steps, "RolloutBuffer: already holds \(steps) steps")
        precondition(stepObservations.count == environments * observationSize && stepActions.count == environments * actionWidth
                     && stepLogProbabilities.count == environments && stepValues.count == environments
                     && stepRewards.count == environments && stepDones.count == environments,
                     "RolloutBuffer.append: one step needs \(environments) entries of each field")
        observations += stepObservations
        actions += stepActions
        logProbabilities += stepLogProbabilities
        values += stepValues
        rewards += stepRewards
        dones += stepDones
        count += 1
    }

    /// Generalised advantage estimation (Schulman et al. 2016), as cleanrl computes it:
    /// `δₜ = rₜ + γ·V(sₜ₊₁)·(1 − doneₜ) − V(sₜ)`, `Aₜ = δₜ + γλ·(1 − doneₜ)·Aₜ₊₁`, with
    /// `lastValues` the values of the observations after the final step. Accumulates in Double.
    public mutating func computeAdvantages(lastValues: [Float], gamma: Double, lambda: Double) {
        precondition(count == steps, "RolloutBuffer: advantages need a full rollout (\(count) of \(steps) steps)")
        precondition(lastValues.count == environments, "RolloutBuffer: one last value per environment copy")
        advantages = [Float](repeating: 0, count: capacity)
        returns = [Float](repeating: 0, count: capacity)
        for copy in 0..<environments {
            var running = 0.0
            for step in stride(from: steps - 1, through: 0, by: -1) {
                let entry = step * environments + copy
                let nextValue = step == steps - 1 ? Double(lastValues[copy]) : Double(values[entry + environments])
                let continues = dones[entry] ? 0.0 : 1.0
                let delta = rewards[entry] + gamma * nextValue * continues - Double(values[entry])
                running = delta + gamma * lambda * continues * running
                advantages[entry] = Float(running)
                returns[entry] = Float(running + Double(values[entry]))
            }
        }
    }

    /// Rows `indices` of a flat field with `width` floats per entry.
    static func gather(_ field: [Float], width: Int, indices: ArraySlice<Int>) -> [Float] {
        var rows = [Float](repeating: 0, count: indices.count * width)
        rows.withUnsafeMutableBufferPointer { out in
            field.withUnsafeBufferPointer { source in
                var offset = 0
                for index in indices {
                    let start = index * width
                    for column in 0..<width { out[offset + column] = source[start + column] }
                    offset += width
                }
            }
        }
        return rows
    }

    /// `(x − mean) / (std + 1e-8)` with the unbiased standard deviation, as `torch.std` gives.
    static func standardize(_ values: inout [Float]) {
        guard values.count > 1 else { return }
        let mean = values.reduce(0.0) { $0 + Double($1) } / Double(values.count)
        let variance = values.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(values.count - 1)
        let scale = 1 / (variance.squareRoot() + 1e-8)
        for index in values.indices { values[index] = Float((Double(values[index]) - mean) * scale) }
    }

    /// How much of the returns' variance the critic's values explain:
    /// `1 − Var(returns − values) / Var(returns)` (NaN when the returns do not vary), after
    /// ``computeAdvantages(lastValues:gamma:lambda:)``.
    var explainedVariance: Double {
        let predicted = values, target = returns
        func variance(_ values: [Double]) -> Double {
            let mean = values.reduce(0, +) / Double(values.count)
            return values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
        }
        let targets = target.map(Double.init)
        let residuals = zip(target, predicted).map { Double($0) - Double($1) }
        let targetVariance = variance(targets)
        return targetVariance == 0 ? .nan : 1 - variance(residuals) / targetVariance
    }
}

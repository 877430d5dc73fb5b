import NN

/// The default hyperparameters of each algorithm for one environment (the RL-Zoo's "tuned
/// hyperparameters" idea); a config file overrides them key by key.
public struct AlgorithmDefaults: Sendable {
    /// PPO's defaults.
    public var ppo: PPOConfig
    /// A2C's defaults.
    public var a2c: A2CConfig
    /// DQN's defaults.
    public var dqn: DQNConfig

    /// Defaults for every algorithm.
    public init(ppo: PPOConfig = PPOConfig(), a2c: A2CConfig = A2CConfig(), dqn: DQNConfig = DQNConfig()) {
        self.ppo = ppo
        self.a2c = a2c
        self.dqn = dqn
    }
}

/// Builds a learner from names and a config mapping, as `frontier train` does.
public enum LearnerFactory {
    /// A learner for `algorithm` on copies of `environmentID` (made with `options`) from `registry`, with `defaults`
    /// overridden by `overrides` (snake_case keys), and the number of steps to train when the
    /// caller gives none (the config's `total_steps`).
    ///
    /// The config's memory is estimated (``MemoryEstimate``) before any environment copy, buffer
    /// or network is made, and a config over `memoryLimit` bytes is refused with the estimate.
    public static func make(_ algorithm: Algorithm, environmentID: String, options: EnvironmentOptions = [:],
                            registry: EnvironmentRegistry,
                            defaults: AlgorithmDefaults, overrides: [String: Any] = [:], seed: UInt64,
                            threads: Int = 1, memoryLimit: Int = MemoryEstimate.defaultLimit)
        throws -> (learner: any Learner, totalSteps: Int) {
        let probe = try registry.make(environmentID, options: options)
        let observationSize = probe.observationSpace.flatSize
        let actionOutputs: Int
        switch probe.actionSpace {
        case let .discrete(space): actionOutputs = space.count
        case let .box(space): actionOutputs = space.elementCount
        case let .multiDiscrete(space): actionOutputs = space.counts.reduce(0) { $0.addingSaturating($1) }
        case let .multiBinary(space): actionOutputs = space.count * 2
        case .dict, .text: throw TrainingError.invalidConfig("\(environmentID) declares \(probe.actionSpace) as its action space, which no policy produces")
        }
        let what = "training \(algorithm.rawValue) on \(environmentID)"
        // Every copy is made here, before training, so an unknown id or a bad option fails with
        // its own message.
        func copies(_ count: Int) throws(EnvironmentError) -> [any Environment] {
            var made: [any Environment] = []
            for _ in 0..<count { made.append(try registry.make(environmentID, options: options)) }
            return made
        }
        let parallelism: VectorEnvironment.Parallelism = threads > 1 ? .threads(threads) : .serial
        switch algorithm {
        case .ppo:
            let config = try ConfigLoading.merge(defaults.ppo, overrides: overrides)
            try config.validate()
            try MemoryEstimate.ppo(config, observationSize: observationSize, actionOutputs: actionOutputs).check(limit: memoryLimit, what: what)
            let environments = try copies(config.environmentCount)
            return (try PPO(config: config, seed: seed, parallelism: parallelism) { environments[$0] }, config.totalSteps)
        case .a2c:
            let config = try ConfigLoading.merge(defaults.a2c, overrides: overrides)
            try config.validate()
            try MemoryEstimate.a2c(config, observationSize: observationSize, actionOutputs: actionOutputs).check(limit: memoryLimit, what: what)
            let environments = try copies(config.environmentCount)
            return (try A2C(config: config, seed: seed, parallelism: parallelism) { environments[$0] }, config.totalSteps)
        case .dqn:
            let config = try ConfigLoading.merge(defaults.dqn, overrides: overrides)
            try config.validate()
            try MemoryEstimate.dqn(config, observationSize: observationSize, actionOutputs: actionOutputs).check(limit: memoryLimit, what: what)
            let environments = try copies(config.environmentCount)
            return (try DQN(config: config, seed: seed, parallelism: parallelism) { environments[$0] }, config.totalSteps)
        }
    }
}

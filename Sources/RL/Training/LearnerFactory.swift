import NN

/// An algorithm's hyperparameters, as ``LearnerFactory`` builds them from defaults, a preset and
/// a config file.
public protocol AlgorithmConfig: Codable, Sendable {
    /// The algorithm these configure.
    static var algorithm: Algorithm { get }
    /// The algorithm's defaults (the one place they are written).
    init()
    /// Throws a ``TrainingError/invalidConfig(_:)`` naming the first bad field.
    func validate() throws(TrainingError)
}

extension PPOConfig: AlgorithmConfig {
    public static var algorithm: Algorithm { .ppo }
}

extension A2CConfig: AlgorithmConfig {
    public static var algorithm: Algorithm { .a2c }
}

extension DQNConfig: AlgorithmConfig {
    public static var algorithm: Algorithm { .dqn }
}

extension Algorithm {
    /// Environment steps to train for when neither the command line, the config file nor the
    /// environment's preset says.
    public var defaultTotalSteps: Int {
        switch self {
        case .ppo: 100_000
        case .a2c: 200_000
        case .dqn: 60_000
        }
    }
}

/// Builds a learner from names and a config mapping, as `frontier train` does, and decides its
/// hyperparameters and run length in one place. Hyperparameters, each key from the first that
/// sets it: the config mapping (`--config`), the environment's preset for the algorithm
/// (``EnvironmentRegistry/Entry/trainingPresets``), the algorithm config's defaults. The run
/// length is not a hyperparameter: the learner's `train(totalSteps:)` takes it, and it comes from
/// `--steps`, else the mapping's `total_steps`, else the preset's, else
/// ``Algorithm/defaultTotalSteps``.
public enum LearnerFactory {
    /// The key that gives the run length in a config mapping or preset.
    public static let totalStepsKey = "total_steps"

    /// `Config`'s defaults with `environmentID`'s preset (when `usePreset`) and then `overrides`
    /// applied key by key, and the run length they ask for. Throws naming the key (and, for a
    /// preset, the environment) when a value is unknown, mistyped or invalid.
    public static func configuration<Config: AlgorithmConfig>(
        _: Config.Type, environmentID: String, registry: EnvironmentRegistry, overrides: [String: Any] = [:],
        usePreset: Bool = true
    ) throws(TrainingError) -> (config: Config, totalSteps: Int) {
        let algorithm = Config.algorithm
        var presetValues = usePreset ? (registry.entry(environmentID)?.trainingPresets[algorithm] ?? [:]).mapValues(\.parsed) : [:]
        var fileValues = overrides
        let presetSteps: Int?
        let base: Config
        do {
            presetSteps = try takeTotalSteps(from: &presetValues)
            base = try ConfigLoading.merge(Config(), overrides: presetValues)
        } catch {
            guard case let .invalidConfig(message) = error else { throw error }
            throw .invalidConfig("\(environmentID)'s \(algorithm.rawValue) preset: \(message)")
        }
        let fileSteps = try takeTotalSteps(from: &fileValues)
        let config = try ConfigLoading.merge(base, overrides: fileValues)
        try config.validate()
        return (config, fileSteps ?? presetSteps ?? algorithm.defaultTotalSteps)
    }

    /// The run length `overrides` (else `environmentID`'s preset, else the algorithm) asks for.
    public static func totalSteps(_ algorithm: Algorithm, environmentID: String, registry: EnvironmentRegistry,
                                  overrides: [String: Any] = [:]) throws(TrainingError) -> Int {
        switch algorithm {
        case .ppo: try configuration(PPOConfig.self, environmentID: environmentID, registry: registry, overrides: overrides).totalSteps
        case .a2c: try configuration(A2CConfig.self, environmentID: environmentID, registry: registry, overrides: overrides).totalSteps
        case .dqn: try configuration(DQNConfig.self, environmentID: environmentID, registry: registry, overrides: overrides).totalSteps
        }
    }

    /// A learner for `algorithm` on copies of `environmentID` (made with `options`) from
    /// `registry`, configured as ``configuration(_:environmentID:registry:overrides:usePreset:)``
    /// says, and the number of steps to train when the caller gives none.
    ///
    /// The config's memory is estimated (``MemoryEstimate``) before any environment copy, buffer
    /// or network is made, and a config over `memoryLimit` bytes is refused with the estimate.
    public static func make(_ algorithm: Algorithm, environmentID: String, options: EnvironmentOptions = [:],
                            registry: EnvironmentRegistry, overrides: [String: Any] = [:], usePreset: Bool = true,
                            seed: UInt64, threads: Int = 1, memoryLimit: Int = MemoryEstimate.defaultLimit)
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
        func configured<Config: AlgorithmConfig>(_ type: Config.Type) throws(TrainingError) -> (config: Config, totalSteps: Int) {
            try configuration(type, environmentID: environmentID, registry: registry, overrides: overrides, usePreset: usePreset)
        }
        let parallelism: VectorEnvironment.Parallelism = threads > 1 ? .threads(threads) : .serial
        switch algorithm {
        case .ppo:
            let (config, totalSteps) = try configured(PPOConfig.self)
            try MemoryEstimate.ppo(config, observationSize: observationSize, actionOutputs: actionOutputs).check(limit: memoryLimit, what: what)
            let environments = try copies(config.environmentCount)
            return (try PPO(config: config, seed: seed, parallelism: parallelism) { environments[$0] }, totalSteps)
        case .a2c:
            let (config, totalSteps) = try configured(A2CConfig.self)
            try MemoryEstimate.a2c(config, observationSize: observationSize, actionOutputs: actionOutputs).check(limit: memoryLimit, what: what)
            let environments = try copies(config.environmentCount)
            return (try A2C(config: config, seed: seed, parallelism: parallelism) { environments[$0] }, totalSteps)
        case .dqn:
            let (config, totalSteps) = try configured(DQNConfig.self)
            try MemoryEstimate.dqn(config, observationSize: observationSize, actionOutputs: actionOutputs).check(limit: memoryLimit, what: what)
            let environments = try copies(config.environmentCount)
            return (try DQN(config: config, seed: seed, parallelism: parallelism) { environments[$0] }, totalSteps)
        }
    }

    /// Removes `total_steps` from `values` and returns it, checked (a whole number of steps in
    /// 1…``ConfigCheck/maximumSteps``); nil when absent.
    static func takeTotalSteps(from values: inout [String: Any]) throws(TrainingError) -> Int? {
        guard let value = values.removeValue(forKey: totalStepsKey) else { return nil }
        if let problem = ConfigLoading.numberProblem(value, default: 0) {
            throw .invalidConfig("key '\(totalStepsKey)': \(problem)")
        }
        let steps: Int
        if let whole = value as? Int {
            steps = whole
        } else if let number = value as? Double, let whole = Int(exactly: number) {
            steps = whole
        } else {
            throw .invalidConfig("key '\(totalStepsKey)' must be a whole number")
        }
        try ConfigCheck.positive(steps, totalStepsKey, atMost: ConfigCheck.maximumSteps)
        return steps
    }
}

import RL

extension EnvironmentRegistry {
    /// The ids of Gymnasium's classic-control tasks, which Frontier reproduces exactly.
    public static let classicControlIDs = [Acrobot.id, CartPole.id, MountainCar.id, Pendulum.id]

    /// The environments that ship with Frontier: Gymnasium's classic-control tasks (with
    /// Gymnasium's dynamics, spaces, rewards and time limits) and the subnet's task families.
    public static let builtIn: EnvironmentRegistry = {
        var registry = EnvironmentRegistry()
        registry.register(Entry(
            metadata: CartPole.defaultMetadata,
            summary: "Balance a pole on a cart by pushing it left or right (Gymnasium CartPole-v1).",
            factory: { options throws(EnvironmentError) in try CartPole(options: options) },
            trainingPresets: CartPole.trainingPresets))
        registry.register(Entry(
            metadata: Acrobot.defaultMetadata,
            summary: "Swing a two-link pendulum's tip above a line with a torque at its middle joint (Gymnasium Acrobot-v1).",
            factory: { options throws(EnvironmentError) in try Acrobot(options: options) },
            trainingPresets: Acrobot.trainingPresets))
        registry.register(Entry(
            metadata: MountainCar.defaultMetadata,
            summary: "Rock an under-powered car out of a valley up to the flag (Gymnasium MountainCar-v0).",
            factory: { options throws(EnvironmentError) in try MountainCar(options: options) },
            trainingPresets: MountainCar.trainingPresets))
        registry.register(Entry(
            metadata: Pendulum.defaultMetadata,
            summary: "Swing a pendulum upright and hold it there with a limited torque (Gymnasium Pendulum-v1).",
            factory: { options throws(EnvironmentError) in try Pendulum(options: options) },
            trainingPresets: Pendulum.trainingPresets))
        registry.register(Entry(
            metadata: SATEnvironment.defaultMetadata,
            summary: "Satisfy a random k-SAT formula with a planted solution by flipping one variable at a time (local search).",
            factory: { options throws(EnvironmentError) in try SATEnvironment(options: options) }))
        registry.register(Entry(
            metadata: ForecastEnvironment.defaultMetadata,
            summary: "Forecast the next steps of a series as quantiles, rolling forward from a seeded cut point; scored by skill against seasonal naive.",
            factory: { options throws(EnvironmentError) in try ForecastEnvironment(options: options) },
            adaptedKinds: ["quantile_forecaster"], modelAdapter: ForecasterPolicy.adapter))
        registry.register(Entry(
            metadata: DeepCoderEnvironment.defaultMetadata,
            summary: "Write a list-DSL program from input/output examples one choice at a time; scored on hidden examples (DeepCoder).",
            factory: { options throws(EnvironmentError) in try DeepCoderEnvironment(options: options) }))
        for entry in authoredEntries { registry.register(entry) }
        return registry
    }()
}

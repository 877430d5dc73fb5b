import RL

extension EnvironmentRegistry {
    /// The environments that ship with Frontier.
    public static let builtIn: EnvironmentRegistry = {
        let registry = EnvironmentRegistry()
        return registry
    }()
}

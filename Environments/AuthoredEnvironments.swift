import RL

extension EnvironmentRegistry {
    /// Environments added with `frontier env new`, each folder under Environments/ contributing
    /// its `registryEntry`. The command inserts a line between the markers; keep them.
    static let authoredEntries: [Entry] = [
        // frontier env new: entries below
        // frontier env new: entries above
    ]
}

import Checkpoint
import Models
import RL

extension ArchitectureRegistry {
    /// Every architecture kind this Frontier rebuilds: Models' `models` and RL's `policies`.
    /// Assembled here because the executable is the first layer that sees both libraries
    /// (Checkpoint, where the registry type lives, sits below them, and they do not import each
    /// other); a validator hosting the libraries composes its own the same way.
    static let standard = ArchitectureRegistry.models.merging(.policies)
}

/// The settings of a supervised training run, one documented field each.
public struct TrainingConfig: Codable, Sendable, Equatable {
    /// Passes over the training set, at most.
    public var epochs: Int = 20
    /// Examples per gradient step.
    public var batchSize: Int = 64
    /// Share of the examples held out for validation (0: none, no early stopping).
    public var validationFraction: Double = 0.1
    /// Epochs without a validation improvement of at least `minimumImprovement` before stopping
    /// (nil: never stop early).
    public var patience: Int? = 5
    /// The smallest decrease of the validation loss that counts as an improvement.
    public var minimumImprovement: Double = 0
    /// Global gradient-norm limit (nil: no clipping).
    public var gradientClipNorm: Double? = nil
    /// Learning rate per step (nil: the optimiser's own rate throughout).
    public var schedule: LearningRateSchedule? = nil
    /// Seed of the split and of the batch order.
    public var seed: UInt64 = 0

    /// The defaults.
    public init() {}

    /// Checks every field, naming the first that is wrong.
    public func validate() throws(TrainingError) {
        guard epochs > 0 else { throw .invalidConfig("epochs must be positive, got \(epochs)") }
        guard batchSize > 0 else { throw .invalidConfig("batchSize must be positive, got \(batchSize)") }
        guard (0..<1).contains(validationFraction) else {
            throw .invalidConfig("validationFraction must lie in [0, 1), got \(validationFraction)")
        }
        if let patience, patience < 1 { throw .invalidConfig("patience must be at least 1, got \(patience)") }
        guard minimumImprovement >= 0 else { throw .invalidConfig("minimumImprovement must not be negative, got \(minimumImprovement)") }
        if let clip = gradientClipNorm, !(clip > 0) { throw .invalidConfig("gradientClipNorm must be positive, got \(clip)") }
        do { try schedule?.validate() } catch { throw .invalidConfig(error.description) }
    }
}

/// Why a training run could not start or had to stop.
public enum TrainingError: Error, Equatable, CustomStringConvertible {
    /// A configuration field is out of range.
    case invalidConfig(String)
    /// The data cannot be trained on.
    case invalidData(String)
    /// The loss became NaN or infinite at this step.
    case divergence(step: Int, loss: Float)

    public var description: String {
        switch self {
        case .invalidConfig(let reason): return "invalid training config: \(reason)"
        case .invalidData(let reason): return "invalid training data: \(reason)"
        case .divergence(let step, let loss): return "training diverged: loss \(loss) at step \(step)"
        }
    }
}

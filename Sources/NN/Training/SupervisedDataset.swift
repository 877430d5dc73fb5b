import Tensor

/// Examples held in memory: inputs `[N, …]` and targets `[N, …]`, the first axis indexing
/// examples. Splitting and batching are seeded, so every run sees the same batches.
public struct SupervisedDataset: Sendable {
    /// `[N, …]`.
    public let inputs: Tensor
    /// `[N, …]`.
    public let targets: Tensor

    /// The number of examples.
    public var count: Int { inputs.shape.first ?? 0 }

    /// A dataset of matching inputs and targets; throws when the example counts differ.
    public init(inputs: Tensor, targets: Tensor) throws(TrainingError) {
        guard inputs.rank >= 1, targets.rank >= 1, inputs.shape[0] == targets.shape[0] else {
            throw TrainingError.invalidData("inputs \(inputs.shape) and targets \(targets.shape) must have the same number of examples on axis 0")
        }
        guard inputs.allFinite, targets.allFinite else {
            throw TrainingError.invalidData("the data holds NaN or infinite values")
        }
        self.init(checked: inputs, targets)
    }

    /// Stores tensors already known to be valid (rows of a checked dataset).
    private init(checked inputs: Tensor, _ targets: Tensor) {
        self.inputs = inputs.detached()
        self.targets = targets.detached()
    }

    /// The examples at `indices`, in that order. Rows of this (checked) dataset need no new
    /// checks; `indexSelect` stops on an index out of range.
    public func subset(_ indices: [Int]) -> SupervisedDataset {
        SupervisedDataset(checked: inputs.indexSelect(axis: 0, indices: indices), targets.indexSelect(axis: 0, indices: indices))
    }

    /// A random split into training and validation sets; `validationFraction` of the examples
    /// (rounded, at least one when the fraction is positive) go to validation.
    public func split(validationFraction: Double, using generator: inout PhiloxGenerator) -> (training: SupervisedDataset, validation: SupervisedDataset?) {
        check((0..<1).contains(validationFraction), "split: validation fraction \(validationFraction) is outside [0, 1)")
        guard validationFraction > 0 else { return (self, nil) }
        let order = generator.permutation(count)
        let validationCount = Swift.max(1, Int((Double(count) * validationFraction).rounded()))
        check(validationCount < count, "split: \(count) examples are too few to hold out \(validationCount)")
        return (subset(Array(order[validationCount...])), subset(Array(order[..<validationCount])))
    }

    /// Batches of at most `size` examples, in a random order when a generator is given.
    public func batches(size: Int, shuffledBy generator: inout PhiloxGenerator?) -> [(inputs: Tensor, targets: Tensor)] {
        check(size > 0, "batches: batch size must be positive, got \(size)")
        let order = generator?.permutation(count) ?? Array(0..<count)
        return stride(from: 0, to: count, by: size).map { start in
            let indices = Array(order[start..<Swift.min(start + size, count)])
            return (inputs.indexSelect(axis: 0, indices: indices), targets.indexSelect(axis: 0, indices: indices))
        }
    }
}

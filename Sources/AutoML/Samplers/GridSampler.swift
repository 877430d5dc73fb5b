import Tensor

/// Tries every combination of the listed values, as Optuna's `GridSampler`: trial `n` takes grid
/// point `order[n mod size]`, where `order` is a seeded permutation of the grid. Trial numbers
/// are unique across workers, so concurrent workers never take the same point before the grid
/// is exhausted; after that the grid repeats. Parameters not in the grid are drawn at random.
public struct GridSampler: Sampler {
    /// The values of each parameter, by name.
    public let grid: [(name: String, values: [ParameterValue])]
    /// The seed of the visiting order and of the random fallback.
    public let seed: UInt64

    /// A grid sampler over `grid`; every parameter needs at least one value.
    public init(_ grid: [String: [ParameterValue]], seed: UInt64 = 0) {
        precondition(grid.values.allSatisfy { !$0.isEmpty }, "GridSampler: every parameter needs at least one value")
        self.grid = grid.keys.sorted().map { ($0, grid[$0]!) }
        self.seed = seed
    }

    /// The number of grid points.
    public var size: Int { grid.reduce(1) { $0 * $1.values.count } }

    /// The values of grid point `index` (mixed radix over the sorted names).
    public func point(_ index: Int) -> [String: ParameterValue] {
        var remainder = index
        var values: [String: ParameterValue] = [:]
        for (name, choices) in grid.reversed() {
            values[name] = choices[remainder % choices.count]
            remainder /= choices.count
        }
        return values
    }

    public func relativeSearchSpace(history: StudyHistory) -> [(name: String, distribution: Distribution)] {
        grid.map { ($0.name, Distribution.categorical($0.values)) }
    }

    public func sampleRelative(history: StudyHistory, trialNumber: Int,
                               searchSpace: [(name: String, distribution: Distribution)]) -> [String: ParameterValue] {
        var generator = PhiloxGenerator(seed: seed, stream: 0x6772_6964)
        let order = generator.permutation(size)
        return point(order[trialNumber % size])
    }

    public func sampleIndependent(history: StudyHistory, trialNumber: Int, name: String, distribution: Distribution) -> ParameterValue {
        RandomSampler(seed: seed).sampleIndependent(history: history, trialNumber: trialNumber, name: name, distribution: distribution)
    }
}

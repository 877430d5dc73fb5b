import RL
import Tensor

/// SAT-v0: satisfy a random k-SAT formula with a planted solution by flipping one variable at a
/// time, as a local-search solver (WalkSAT, GSAT) does.
///
/// Every episode draws a new formula from the episode's generator: `variables` variables,
/// `round(ratio · variables)` clauses of `k` literals (see ``SATInstance/planted(variables:ratio:k:using:)``),
/// and a uniform starting assignment that leaves at least one clause unsatisfied.
///
/// - Observation, a ``DictSpace``:
///   - `action_features`, Box `[variables, 6]`, one row per variable: its value (0/1), its break
///     count, its make count (its occurrences in unsatisfied clauses), its occurrences, make − break
///     (the last four divided by the formula's mean occurrences, `k·m/n`), and how recently it was
///     flipped (1 just flipped, falling by `1/variables` per step to 0);
///   - `global`, Box `[2]`: the fraction of clauses unsatisfied and the fraction of the flip budget spent.
/// - Action: `Discrete(variables)`, the variable to flip.
/// - Reward: 1 on the flip that satisfies every clause (the episode terminates), else 0. With
///   the training option `shaping` = c > 0, each flip also earns c · (unsatisfied before −
///   unsatisfied after) / clauses: a dense signal for learning (potential-based in the sense of
///   Ng, Harada and Russell, 1999, so it does not change which policies are best), left at 0
///   when scoring.
/// - Truncation: after `flips` flips (default `10 · variables`) without a solution.
/// - Info: `flips` (used so far), `unsatisfied` (clauses), `solved` (0/1).
/// - Score: the return, so 1 for a solved formula and 0 otherwise.
///
/// Options: `variables` (3…4096, default 20), `ratio` (clauses per variable, 0.5…10, default
/// 4.0), `k` (2…7, default 3), `flips` (1…10⁷, default 10 · variables), `shaping` (0…1,
/// default 0).
public final class SATEnvironment: Environment {
    /// The registry id.
    public static let id = "SAT-v0"
    /// The registry's record: rewards in [0, 1], the return is the score.
    public static let defaultMetadata = EnvironmentMetadata(
        id: id, version: 0, minimumReward: 0, maximumReward: 1, maxEpisodeSteps: nil, rewardThreshold: nil,
        scoreMapping: .linear(worst: 0, best: 1))

    /// The record for an instance: with shaping, one flip changes at most every clause, so its
    /// reward lies within ±`shaping` beside the solve's 1.
    private static func metadata(shaping: Double) -> EnvironmentMetadata {
        var metadata = defaultMetadata
        if shaping > 0 {
            metadata.minimumReward = -shaping
            metadata.maximumReward = 1 + shaping
        }
        return metadata
    }
    /// The width of a variable's feature row.
    public static let featureCount = 6

    /// The number of variables.
    public let variableCount: Int
    /// Clauses per variable.
    public let ratio: Double
    /// Literals per clause.
    public let k: Int
    /// The flips an episode may spend.
    public let flipBudget: Int
    /// The weight of the dense reward for clauses satisfied (0: the reward is only the solve).
    public let shaping: Double

    public let observationSpace: Space
    public let actionSpace: Space
    public let metadata: EnvironmentMetadata

    /// The current formula and assignment (nil before the first reset).
    public private(set) var search: SATSearchState?
    /// Flips spent in this episode.
    public private(set) var flips = 0
    private var lastFlipped: [Int]
    private var randomness = EpisodeRandomness()
    private var generator = PhiloxGenerator(seed: 0)
    private var done = false

    /// SAT-v0 with the given options (see the type's documentation).
    public init(options: EnvironmentOptions = [:]) throws(EnvironmentError) {
        var options = options
        let id = Self.id
        variableCount = Int(try options.value("variables", default: 20, range: 3...4096, environment: id))
        ratio = try options.value("ratio", default: 4.0, range: 0.5...10, environment: id)
        k = Int(try options.value("k", default: 3, range: 2...7, environment: id))
        flipBudget = Int(try options.value("flips", default: Double(10 * variableCount), range: 1...10_000_000, environment: id))
        shaping = try options.value("shaping", default: 0, range: 0...1, environment: id)
        try options.finish(environment: id)
        metadata = Self.metadata(shaping: shaping)
        guard k <= variableCount else {
            throw .invalidOption(environment: id, option: "k", reason: "a clause of \(k) distinct variables needs at least \(k) variables, got \(variableCount)")
        }
        let clauses = Double(Swift.max(1, Int((ratio * Double(variableCount)).rounded())))
        let scale = Float(clauses / Self.meanOccurrenceDivisor(clauses: clauses, k: k, variables: variableCount))
        let n = variableCount, f = Self.featureCount
        var low = [Float](), high = [Float]()
        for _ in 0..<n {
            low += [0, 0, 0, 0, -scale, 0]
            high += [1, scale, scale, scale, scale, 1]
        }
        observationSpace = .dict(DictSpace([
            .init(DictSpace.actionFeaturesKey, .box(BoxSpace(low: low, high: high, shape: [n, f]))),
            .init("global", .box(BoxSpace(low: [0, 0], high: [1, 1]))),
        ]))
        actionSpace = .discrete(DiscreteSpace(variableCount))
        lastFlipped = [Int](repeating: -1, count: variableCount)
    }

    /// `k·m/n`, at least 1: what occurrence counts are divided by.
    static func meanOccurrenceDivisor(clauses: Double, k: Int, variables: Int) -> Double {
        Swift.max(1, Double(k) * clauses / Double(variables))
    }

    public func reset(seed: UInt64?) -> Reset {
        randomness.reseed(seed)
        // One draw from the episode stream seeds this episode's formula, so a seed fixes the
        // episode and the episodes after it.
        generator = PhiloxGenerator(seed: UInt64(randomness.uniform(0, 1) * 9_007_199_254_740_992))
        let instance = SATInstance.planted(variables: variableCount, ratio: ratio, k: k, using: &generator)
        var assignment = (0..<variableCount).map { _ in generator.nextInt(below: 2) == 1 }
        var attempts = 0
        while instance.isSatisfied(by: assignment) {
            attempts += 1
            if attempts < 64 {
                assignment = (0..<variableCount).map { _ in generator.nextInt(below: 2) == 1 }
            } else {
                // Falsify the first clause: every literal of it false.
                for position in 0..<k {
                    let literal = instance.literals[position]
                    assignment[Int(literal >> 1)] = literal & 1 == 1
                }
            }
        }
        search = SATSearchState(instance: instance, assignment: assignment)
        flips = 0
        done = false
        lastFlipped = [Int](repeating: -1, count: variableCount)
        return Reset(observation: observation(), info: info())
    }

    public func step(_ action: Action) -> Transition {
        guard search != nil else { stopOnStepBeforeReset(environment: Self.id) }
        let variable = action.discreteIndex(for: Self.id)
        guard variable >= 0 && variable < variableCount else {
            stopOnInvalidAction(action, environment: Self.id, reason: "the variable must lie in 0..<\(variableCount)")
        }
        let before = search!.unsatisfied.count
        search!.flip(variable)
        lastFlipped[variable] = flips
        flips += 1
        let solved = search!.isSolved
        let truncated = !solved && flips >= flipBudget
        done = solved || truncated
        var reward = solved ? 1.0 : 0
        if shaping > 0 {
            reward += shaping * Double(before - search!.unsatisfied.count) / Double(search!.instance.clauseCount)
        }
        return Transition(observation: observation(), reward: reward, terminated: solved, truncated: truncated, info: info())
    }

    private func info() -> Info {
        Info(values: ["flips": Double(flips), "unsatisfied": Double(search?.unsatisfied.count ?? 0),
                      "solved": search?.isSolved == true ? 1 : 0])
    }

    private func observation() -> [Float] {
        guard let search else { return [] }
        let clauses = Double(search.instance.clauseCount)
        let divisor = Float(Self.meanOccurrenceDivisor(clauses: clauses, k: k, variables: variableCount))
        let n = variableCount
        var values = [Float](repeating: 0, count: n * Self.featureCount + 2)
        values.withUnsafeMutableBufferPointer { out in
            for v in 0..<n {
                let base = v * Self.featureCount
                let breaks = Float(search.breakCount[v]), makes = Float(search.makeCount[v])
                out[base] = search.assignment[v] ? 1 : 0
                out[base + 1] = breaks / divisor
                out[base + 2] = makes / divisor
                out[base + 3] = Float(search.occurrences[v]) / divisor
                out[base + 4] = (makes - breaks) / divisor
                let age = lastFlipped[v] < 0 ? n : flips - 1 - lastFlipped[v]
                out[base + 5] = Float(Swift.max(0, n - age)) / Float(n)
            }
            out[n * Self.featureCount] = Float(search.unsatisfied.count) / Float(clauses)
            out[n * Self.featureCount + 1] = Float(flips) / Float(flipBudget)
        }
        return values
    }
}

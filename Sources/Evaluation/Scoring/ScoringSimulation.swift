import Foundation

/// Measures how scoring rules treat a later miner against an earlier incumbent, on simulated
/// scores: how often a later miner of equal skill receives any weight (false takeover), and how
/// often one better by `advantage` does (recognition), beside the power of a plain one-sided
/// paired z-test on the same draws.
///
/// Model: each environment draws per-task difficulties d_i ~ N(0, spread²); a miner of skill s
/// (its expected score over the task population) solves task i with probability
/// p_i = Φ(θ − d_i), θ = √(1 + spread²)·Φ⁻¹(s), which makes E[p_i] = s exactly. A pass/fail score is
/// Bernoulli(p_i); a continuous score is Beta(κp_i, κ(1 − p_i)), mean p_i. The incumbent (uid 1,
/// submitted first) and the challenger (uid 2, submitted later) see the same tasks, so their
/// differences are paired as a validator's would be. All draws come from ``Xoshiro256``.
public enum ScoringSimulation {
    /// How per-task scores are drawn.
    public enum ScoreKind: Sendable, Equatable, Codable {
        /// Bernoulli(p): the task is solved or not.
        case passFail
        /// Beta(κp, κ(1 − p)) with concentration κ: a partial score with mean p.
        case continuous(concentration: Double)
    }

    /// The simulation's settings.
    public struct Configuration: Sendable, Equatable, Codable {
        /// Environments per table (8).
        public var environmentCount: Int
        /// Tasks per environment; one set of trials per count ([200, 1000]).
        public var taskCounts: [Int]
        /// Trials per task count (500).
        public var trials: Int
        /// The incumbent's (and the equal challenger's) skill, its expected score (0.6).
        public var baseSkill: Double
        /// How much better the better challenger's expected score is (0.05).
        public var advantage: Double
        /// Standard deviation of task difficulty on the probit scale (1).
        public var difficultySpread: Double
        /// Pass/fail or continuous scores (pass/fail).
        public var scoreKind: ScoreKind
        /// Confidence of the reference z-test (0.95).
        public var referenceConfidence: Double
        /// The seed of every draw (0).
        public var seed: UInt64

        /// The defaults unless given.
        public init(environmentCount: Int = 8, taskCounts: [Int] = [200, 1000], trials: Int = 500, baseSkill: Double = 0.6,
                    advantage: Double = 0.05, difficultySpread: Double = 1, scoreKind: ScoreKind = .passFail,
                    referenceConfidence: Double = 0.95, seed: UInt64 = 0) {
            self.environmentCount = environmentCount
            self.taskCounts = taskCounts
            self.trials = trials
            self.baseSkill = baseSkill
            self.advantage = advantage
            self.difficultySpread = difficultySpread
            self.scoreKind = scoreKind
            self.referenceConfidence = referenceConfidence
            self.seed = seed
        }

        /// Throws for a setting outside its range.
        public func validate() throws(ScoringError) {
            guard (1...64).contains(environmentCount) else {
                throw .invalidConfiguration(setting: "environmentCount", reason: "must lie in 1...64, got \(environmentCount)")
            }
            guard !taskCounts.isEmpty, taskCounts.allSatisfy({ (2...1_000_000).contains($0) }) else {
                throw .invalidConfiguration(setting: "taskCounts", reason: "need one or more counts in 2...1000000, got \(taskCounts)")
            }
            guard trials >= 1 else { throw .invalidConfiguration(setting: "trials", reason: "must be at least 1, got \(trials)") }
            guard baseSkill > 0, advantage >= 0, baseSkill + advantage < 1 else {
                throw .invalidConfiguration(setting: "baseSkill", reason: "need 0 < baseSkill and baseSkill + advantage < 1, got \(baseSkill) + \(advantage)")
            }
            guard difficultySpread.isFinite, difficultySpread >= 0 else {
                throw .invalidConfiguration(setting: "difficultySpread", reason: "must be finite and ≥ 0, got \(difficultySpread)")
            }
            if case let .continuous(concentration) = scoreKind, !(concentration.isFinite && concentration > 0) {
                throw .invalidConfiguration(setting: "scoreKind", reason: "concentration must be positive, got \(concentration)")
            }
            guard referenceConfidence > 0, referenceConfidence < 1 else {
                throw .invalidConfiguration(setting: "referenceConfidence", reason: "must lie in (0, 1), got \(referenceConfidence)")
            }
        }
    }

    /// One rule at one task count.
    public struct Outcome: Sendable, Equatable, Codable {
        /// The rule's name.
        public var rule: String
        /// Tasks per environment.
        public var taskCount: Int
        /// Trials run.
        public var trials: Int
        /// Share of trials in which the equal-skill later miner received non-zero weight.
        public var falseTakeoverRate: Double
        /// Share of trials in which the better later miner received non-zero weight.
        public var recognitionRate: Double
        /// Share of (trial, environment) pairs in which a one-sided paired z-test of
        /// "mean difference ≤ 0" at the reference confidence, uncorrected, detects the better miner:
        /// what a validator testing one environment on its own would achieve.
        public var referencePower: Double
        /// The same z-test's rate of declaring the equal-skill miner better (≈ 1 − confidence).
        public var referenceFalsePositiveRate: Double
    }

    /// Runs every rule on the same draws and returns one outcome per (task count, rule), task
    /// counts in the configured order, rules in the given order.
    public static func run(rules: [any ScoringRule], configuration: Configuration) throws(ScoringError) -> [Outcome] {
        try configuration.validate()
        let environments = (0..<configuration.environmentCount).map { "env\($0)" }
        let scale = (1 + configuration.difficultySpread * configuration.difficultySpread).squareRoot()
        let baseAbility = scale * StandardNormal.quantile(configuration.baseSkill)
        let betterAbility = scale * StandardNormal.quantile(configuration.baseSkill + configuration.advantage)
        let criticalZ = StandardNormal.upperQuantile(tailProbability: 1 - configuration.referenceConfidence)
        let plainTest = PairedTest(margin: 0, distribution: .normal)
        var outcomes: [Outcome] = []

        for (countIndex, taskCount) in configuration.taskCounts.enumerated() {
            var generator = Xoshiro256(seed: configuration.seed &+ 0x9E37_79B9 &* UInt64(countIndex + 1))
            let tasks = Array(repeating: (0..<taskCount).map { "t\($0)" }, count: environments.count)
            var takeovers = [Int](repeating: 0, count: rules.count)
            var recognitions = [Int](repeating: 0, count: rules.count)
            var referenceHits = 0
            var referenceFalse = 0
            var incumbent = [EnvironmentResult]()
            var equal = [EnvironmentResult]()
            var better = [EnvironmentResult]()
            var probabilities = [Double](repeating: 0, count: taskCount)

            for _ in 0..<configuration.trials {
                incumbent.removeAll(keepingCapacity: true)
                equal.removeAll(keepingCapacity: true)
                better.removeAll(keepingCapacity: true)
                for _ in 0..<environments.count {
                    for task in 0..<taskCount {
                        probabilities[task] = configuration.difficultySpread * generator.nextNormal()
                    }
                    let incumbentScores = draw(probabilities, ability: baseAbility, kind: configuration.scoreKind, &generator)
                    let equalScores = draw(probabilities, ability: baseAbility, kind: configuration.scoreKind, &generator)
                    let betterScores = draw(probabilities, ability: betterAbility, kind: configuration.scoreKind, &generator)
                    if plainTest.rejects(differences: zip(betterScores, incumbentScores).map { $0 - $1 }, critical: criticalZ) {
                        referenceHits += 1
                    }
                    if plainTest.rejects(differences: zip(equalScores, incumbentScores).map { $0 - $1 }, critical: criticalZ) {
                        referenceFalse += 1
                    }
                    incumbent.append(.perTask(incumbentScores.map(Optional.some)))
                    equal.append(.perTask(equalScores.map(Optional.some)))
                    better.append(.perTask(betterScores.map(Optional.some)))
                }
                let first = MinerScores(uid: 1, hotkey: "incumbent", firstSubmitted: 1, results: incumbent)
                let equalTable = ScoreTable(environments: environments, tasks: tasks,
                                            miners: [first, MinerScores(uid: 2, hotkey: "equal", firstSubmitted: 2, results: equal)])
                let betterTable = ScoreTable(environments: environments, tasks: tasks,
                                             miners: [first, MinerScores(uid: 2, hotkey: "better", firstSubmitted: 2, results: better)])
                for (index, rule) in rules.enumerated() {
                    if try rule.score(equalTable, intervals: false).weights.weight(of: 2) > 0 { takeovers[index] += 1 }
                    if try rule.score(betterTable, intervals: false).weights.weight(of: 2) > 0 { recognitions[index] += 1 }
                }
            }
            let trials = Double(configuration.trials)
            let tests = trials * Double(environments.count)
            for (index, rule) in rules.enumerated() {
                outcomes.append(Outcome(rule: rule.name, taskCount: taskCount, trials: configuration.trials,
                                        falseTakeoverRate: Double(takeovers[index]) / trials,
                                        recognitionRate: Double(recognitions[index]) / trials,
                                        referencePower: Double(referenceHits) / tests,
                                        referenceFalsePositiveRate: Double(referenceFalse) / tests))
            }
        }
        return outcomes
    }

    /// Scores for tasks with the given difficulties by a miner of the given ability.
    private static func draw(_ difficulties: [Double], ability: Double, kind: ScoreKind, _ generator: inout Xoshiro256) -> [Double] {
        difficulties.map { difficulty in
            let probability = StandardNormal.cdf(ability - difficulty)
            switch kind {
            case .passFail:
                return generator.nextUnit() < probability ? 1 : 0
            case let .continuous(concentration):
                // Kept off 0 and 1 so both Beta parameters stay positive.
                let mean = min(max(probability, 1e-6), 1 - 1e-6)
                return generator.nextBeta(concentration * mean, concentration * (1 - mean))
            }
        }
    }
}

extension PairedTest {
    /// Whether T exceeds a precomputed critical value (the simulation's hot loop).
    func rejects(differences: [Double], critical: Double) -> Bool {
        let count = differences.count
        guard count >= 2 else { return false }
        let mean = differences.reduce(0, +) / Double(count)
        var squares = 0.0
        for difference in differences { squares += (difference - mean) * (difference - mean) }
        let deviation = (squares / Double(count - 1)).squareRoot()
        return statistic(count: count, meanDifference: mean, standardDeviation: deviation) > critical
    }
}

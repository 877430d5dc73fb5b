import Testing
@testable import Evaluation

@Suite("Random numbers and simulation")
struct SimulationTests {
    @Test("SplitMix64 and xoshiro256** match their reference implementations")
    func generators() {
        // SplitMix64 from seed 0: the published first outputs.
        var mixer = SplitMix64(seed: 0)
        #expect([mixer.next(), mixer.next(), mixer.next()] == [0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F])
        // xoshiro256** seeded with four SplitMix64(42) outputs, from a Python transcription of
        // Blackman & Vigna's C reference.
        var generator = Xoshiro256(seed: 42)
        #expect([generator.next(), generator.next(), generator.next(), generator.next()]
                == [0x1578_0B2E_0C2E_C716, 0x6104_D986_6D11_3A7E, 0xAE17_5332_39E4_99A1, 0xECB8_AD47_03B3_60A1])
    }

    @Test("normal, gamma and beta draws have the right moments")
    func moments() {
        var generator = Xoshiro256(seed: 9)
        let count = 20_000
        let normals = (0..<count).map { _ in generator.nextNormal() }
        let normalMean = normals.reduce(0, +) / Double(count)
        let normalVariance = normals.reduce(0) { $0 + ($1 - normalMean) * ($1 - normalMean) } / Double(count - 1)
        #expect(abs(normalMean) < 0.03 && abs(normalVariance - 1) < 0.04)
        let gammas = (0..<count).map { _ in generator.nextGamma(shape: 0.5) }
        #expect(abs(gammas.reduce(0, +) / Double(count) - 0.5) < 0.03)
        let betas = (0..<count).map { _ in generator.nextBeta(2, 6) }
        #expect(abs(betas.reduce(0, +) / Double(count) - 0.25) < 0.01)
        #expect(betas.allSatisfy { $0 >= 0 && $0 <= 1 })
    }

    @Test("the simulation is deterministic given its seed, and reports one outcome per rule and task count")
    func determinism() throws {
        let configuration = ScoringSimulation.Configuration(environmentCount: 3, taskCounts: [50, 80], trials: 20, seed: 4)
        let rules: [any ScoringRule] = [AffineSubsetsRule(), StatisticalRule(), ChampionRule()]
        let first = try ScoringSimulation.run(rules: rules, configuration: configuration)
        let second = try ScoringSimulation.run(rules: rules, configuration: configuration)
        #expect(first == second)
        #expect(first.map(\.rule) == ["affine-subsets", "statistical", "champion", "affine-subsets", "statistical", "champion"])
        #expect(first.map(\.taskCount) == [50, 50, 50, 80, 80, 80])
        var other = configuration
        other.seed = 5
        #expect(try ScoringSimulation.run(rules: rules, configuration: other) != first)
    }

    @Test("a better miner is recognised more often than an equal one by every rule")
    func recognitionBeatsTakeover() throws {
        let outcomes = try ScoringSimulation.run(
            rules: [AffineSubsetsRule(), StatisticalRule(), ChampionRule()],
            configuration: .init(environmentCount: 4, taskCounts: [400], trials: 100, advantage: 0.12, seed: 8))
        for outcome in outcomes {
            #expect(outcome.recognitionRate > outcome.falseTakeoverRate, "\(outcome.rule)")
            #expect(outcome.recognitionRate > 0.5, "\(outcome.rule)")
        }
    }

    @Test("invalid simulation settings throw")
    func invalid() {
        #expect(throws: ScoringError.self) {
            try ScoringSimulation.run(rules: [], configuration: .init(baseSkill: 0.98, advantage: 0.05))
        }
        #expect(throws: ScoringError.self) {
            try ScoringSimulation.run(rules: [], configuration: .init(taskCounts: [1]))
        }
    }
}

import Environments
import RL
import Tensor
import Testing

@Suite("SAT-v0: planted k-SAT by local search")
struct SATTests {
    /// The counts recomputed from scratch, to compare with the incremental ones.
    static func recount(_ state: SATSearchState) -> (breaks: [Int32], makes: [Int32], unsatisfied: Set<Int32>) {
        let instance = state.instance
        var breaks = [Int32](repeating: 0, count: instance.variableCount)
        var makes = breaks
        var unsatisfied = Set<Int32>()
        for clause in 0..<instance.clauseCount {
            let literals = instance.literals[(clause * instance.k)..<((clause + 1) * instance.k)]
            let trueOnes = literals.filter { state.assignment[Int($0 >> 1)] != ($0 & 1 == 1) }
            if trueOnes.isEmpty {
                unsatisfied.insert(Int32(clause))
                for literal in literals { makes[Int(literal >> 1)] += 1 }
            } else if trueOnes.count == 1 {
                breaks[Int(trueOnes.first! >> 1)] += 1
            }
        }
        return (breaks, makes, unsatisfied)
    }

    @Test("the planted solution satisfies every clause; clauses have k distinct variables")
    func planted() {
        var generator = PhiloxGenerator(seed: 4)
        for k in [2, 3, 5] {
            let instance = SATInstance.planted(variables: 30, ratio: 4.2, k: k, using: &generator)
            #expect(instance.clauseCount == 126)
            #expect(instance.isSatisfied(by: instance.plantedSolution))
            for clause in 0..<instance.clauseCount {
                let variables = Set(instance.literals[(clause * k)..<((clause + 1) * k)].map { $0 >> 1 })
                #expect(variables.count == k)
            }
        }
    }

    @Test("break, make and unsatisfied counts stay equal to a recount over 2,000 random flips")
    func incrementalCounts() {
        var generator = PhiloxGenerator(seed: 11)
        let instance = SATInstance.planted(variables: 25, ratio: 4.0, k: 3, using: &generator)
        var state = SATSearchState(instance: instance, assignment: (0..<25).map { _ in generator.nextInt(below: 2) == 1 })
        for step in 0..<2_000 {
            state.flip(generator.nextInt(below: 25))
            let expected = Self.recount(state)
            #expect(state.breakCount == expected.breaks, "break counts after flip \(step)")
            #expect(state.makeCount == expected.makes, "make counts after flip \(step)")
            #expect(Set(state.unsatisfied) == expected.unsatisfied, "unsatisfied clauses after flip \(step)")
            if state.breakCount != expected.breaks { break }
        }
    }

    @Test("an episode is a function of its seed; observations lie in the space; the budget truncates")
    func episodes() throws {
        func run(_ seed: UInt64) throws -> [[Float]] {
            let environment = try SATEnvironment(options: ["variables": 12, "flips": 30])
            var observations = [environment.reset(seed: seed).observation]
            var generator = PhiloxGenerator(seed: 1)
            var steps = 0
            while true {
                let transition = environment.step(.discrete(generator.nextInt(below: 12)))
                observations.append(transition.observation)
                #expect(environment.observationSpace.contains(observation: transition.observation))
                steps += 1
                if transition.isDone {
                    #expect(transition.terminated == (transition.reward == 1))
                    #expect(transition.truncated == (steps == 30 && transition.reward == 0))
                    #expect(transition.info["flips"] == Double(steps))
                    break
                }
            }
            return observations
        }
        #expect(try run(5) == run(5))
        #expect(try run(5) != run(6))
    }

    @Test("options are checked: k larger than the variables, a ratio out of range, an unknown option")
    func options() {
        #expect(throws: EnvironmentError.self) { try SATEnvironment(options: ["variables": 3, "k": 4]) }
        #expect(throws: EnvironmentError.self) { try SATEnvironment(options: ["ratio": 50]) }
        #expect(throws: EnvironmentError.self) { try SATEnvironment(options: ["clauses": 3]) }
    }

    @Test("WalkSAT solves far more n = 20 formulas than uniform flips at the same budget")
    func baselines() throws {
        let walkSAT = try SATBaseline.walkSAT(noise: 0.5).solveRate(100, seed: 3)
        let randomWalk = try SATBaseline.randomWalk.solveRate(100, seed: 3)
        let uniform = try SATBaseline.uniform.solveRate(100, seed: 3)
        #expect(walkSAT.rate >= 0.9, "WalkSAT \(walkSAT)")
        #expect(walkSAT.rate > randomWalk.rate)
        #expect(randomWalk.rate > uniform.rate)
    }
}

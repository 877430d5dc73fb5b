import Environments
import Testing

/// The solvers: BFS finds short programs; the guided solver beats it on a fixed seeded set.
@Suite("DeepCoder solvers", .serialized)
struct DSLSolverTests {
    @Test("breadth-first search finds programs of length 1 and 2 fitting the visible examples")
    func bfsShortPrograms() throws {
        let tasks = DSLTaskGenerator.tasks(lengths: [1, 2], perLength: 5, seed: 31)
        let solver = BreadthFirstSolver()
        for task in tasks {
            let result = solver.solve(task, timeLimit: .seconds(5))
            let program = try #require(result.program, "\(task.id): \(task.solution!)")
            #expect(task.fitsVisible(program))
            #expect(program.length <= task.length)
        }
    }

    @Test("the shipped guide decodes and ranks a task's own functions above the rest")
    func guidePredictions() throws {
        let guide = GuideWeights.shipped
        #expect(try GuideWeights(encoded: guide.encoded) == guide)
        let tasks = DSLTaskGenerator.tasks(lengths: [1, 2, 3], perLength: 10, seed: 41)
        var used: [Float] = [], unused: [Float] = []
        for task in tasks {
            let probabilities = guide.probabilities(for: task.visible)
            let labels = GuideAttributes.labels(of: task.solution!)
            for index in 0..<DSLFunction.allCases.count {
                if labels[index] == 1 { used.append(probabilities[index]) } else { unused.append(probabilities[index]) }
            }
        }
        let meanUsed = used.reduce(0, +) / Float(used.count), meanUnused = unused.reduce(0, +) / Float(unused.count)
        #expect(meanUsed > 0.5 && meanUnused < 0.2, "used \(meanUsed), unused \(meanUnused)")
        #expect(throws: GuideWeightsError.self) { try GuideWeights(encoded: "AAAA") }
        #expect(throws: GuideWeightsError.self) { try GuideWeights(encoded: String(guide.encoded.dropLast(8))) }
    }

    @Test("the guided solver solves more of a fixed seeded set than BFS at the same short time limit")
    func guidedBeatsBFS() {
        let tasks = DSLTaskGenerator.tasks(lengths: [3, 4], perLength: 6, seed: 77)
        let bfs = DSLSolveReport.run(BreadthFirstSolver(), on: tasks, timeLimit: 0.2)
        let guided = DSLSolveReport.run(GuidedSolver(), on: tasks, timeLimit: 0.2)
        let bfsSolved = bfs.outcomes.filter(\.isSolved).count, guidedSolved = guided.outcomes.filter(\.isSolved).count
        #expect(guidedSolved > bfsSolved, "guided \(guidedSolved), bfs \(bfsSolved) of \(tasks.count)")
        for outcome in guided.outcomes + bfs.outcomes {
            if let program = outcome.result.program {
                #expect(tasks.first { $0.id == outcome.id }!.fitsVisible(program))
            }
        }
    }

    @Test("a tiny guide trains with Frontier's tensors and lowers its loss")
    func guideTraining() {
        var configuration = GuideTraining.Configuration()
        configuration.taskCount = 300
        configuration.epochs = 4
        configuration.hiddenSizes = [16]
        configuration.batchSize = 32
        var losses: [Double] = []
        let weights = GuideTraining.train(configuration) { losses.append($0.loss) }
        #expect(losses.count == 4 && losses.last! < losses.first!, "\(losses)")
        #expect(weights.encoder.count == 1 && weights.head.outputSize == GuideAttributes.count)
    }
}

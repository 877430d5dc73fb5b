import Environments
import Foundation

/// The list DSL's rows: the interpreter's programs/s and the solvers' tasks/s (no peer: the
/// DeepCoder paper's implementation is not public).
enum DeepCoderBenchmarks {
    /// Programs run per second: the reference programs of 100 generated tasks (lengths 1–5), each
    /// on one of its visible examples per call, through `DSLProgram.run` with its bounds.
    static func interpreterRow() -> BenchmarkRow {
        let tasks = DSLTaskGenerator.tasks(lengths: [1, 2, 3, 4, 5], perLength: 20, seed: 9_001)
        let runs = tasks.flatMap { task in task.visible.map { (task.solution!, $0.inputs) } }
        var defined = 0
        let seconds = Measure.secondsPerCall {
            for (program, inputs) in runs where (try? program.run(inputs)) != nil { defined += 1 }
        }
        precondition(defined > 0)
        return BenchmarkRow(bench: "dsl/interpreter_programs", value: Double(runs.count) / seconds, unit: "programs/s",
                            detail: "\(runs.count) runs of generated programs (lengths 1-5), one input each")
    }

    /// Tasks solved per second by each solver on 30 generated tasks of lengths 1–3 (seed 9_002),
    /// one thread, 2 s limit per task; the detail says how many were solved.
    static func solverRows() -> [BenchmarkRow] {
        let tasks = DSLTaskGenerator.tasks(lengths: [1, 2, 3], perLength: 10, seed: 9_002)
        let solvers: [any DSLSolver] = [BreadthFirstSolver(), GuidedSolver()]
        return solvers.map { solver in
            let start = ContinuousClock.now
            let report = DSLSolveReport.run(solver, on: tasks, timeLimit: 2)
            let elapsed = ContinuousClock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            let solved = report.outcomes.filter(\.isSolved).count
            return BenchmarkRow(bench: "dsl/solver_tasks_\(solver.name)", value: Double(tasks.count) / seconds, unit: "tasks/s",
                                detail: "\(tasks.count) tasks of lengths 1-3, 2 s limit, 1 thread; \(solved) solved")
        }
    }
}

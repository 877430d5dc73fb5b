import Foundation

/// One task's outcome in a solve run.
public struct DSLTaskOutcome: Sendable {
    /// The task's id.
    public var id: String
    /// Statements of the task's reference program.
    public var length: Int
    /// What the solver returned.
    public var result: DSLSolveResult
    /// Hidden examples the program passes (0 without a program).
    public var hiddenPassed: Int
    /// Hidden examples of the task.
    public var hiddenCount: Int

    /// Whether a program was found and passes every hidden example.
    public var isSolved: Bool { result.program != nil && hiddenPassed == hiddenCount }
}

/// Runs a solver over tasks (on `jobs` threads) and summarises the rates by length.
public struct DSLSolveReport: Sendable {
    /// Every task's outcome, in the tasks' order.
    public var outcomes: [DSLTaskOutcome]
    /// The solver's name.
    public var solver: String
    /// Seconds allowed per task.
    public var timeLimit: Double

    /// Solves each task within `timeLimit` seconds; `jobs` tasks run at once, each on one thread.
    public static func run(_ solver: any DSLSolver, on tasks: [DSLTask], timeLimit: Double, jobs: Int = 1,
                           progress: @Sendable (DSLTaskOutcome) -> Void = { _ in }) -> DSLSolveReport {
        let slots = OutcomeSlots(count: tasks.count)
        let next = OutcomeSlots.Counter()
        let limit = Duration.nanoseconds(Int64(timeLimit * 1e9))
        DispatchQueue.concurrentPerform(iterations: max(1, min(jobs, tasks.count))) { _ in
            while let index = next.take(below: tasks.count) {
                let task = tasks[index]
                let result = solver.solve(task, timeLimit: limit)
                let passed = result.program.map(task.hiddenPassCount) ?? 0
                let outcome = DSLTaskOutcome(id: task.id, length: task.length, result: result, hiddenPassed: passed,
                                             hiddenCount: task.hidden.count)
                slots.set(index, outcome)
                progress(outcome)
            }
        }
        return DSLSolveReport(outcomes: slots.values.map { $0! }, solver: solver.name, timeLimit: timeLimit)
    }

    /// Per length: tasks, tasks solved (every hidden example passed), and tasks where a program
    /// fitting the visible examples was found.
    public var byLength: [(length: Int, tasks: Int, solved: Int, found: Int)] {
        Dictionary(grouping: outcomes, by: \.length).keys.sorted().map { length in
            let group = outcomes.filter { $0.length == length }
            return (length, group.count, group.filter(\.isSolved).count, group.filter { $0.result.program != nil }.count)
        }
    }

    /// The fraction of all tasks solved.
    public var solveRate: Double { outcomes.isEmpty ? 0 : Double(outcomes.filter(\.isSolved).count) / Double(outcomes.count) }

    /// A JSON object: the solver, the per-task outcomes, the rates by length and overall.
    public var json: String {
        let tasks = outcomes.map { outcome -> String in
            let program = outcome.result.program.map { DSLTaskFile.jsonString($0.text) } ?? "null"
            return "{\"id\": \(DSLTaskFile.jsonString(outcome.id)), \"length\": \(outcome.length), \"program\": \(program), "
                + "\"hidden_passed\": \(outcome.hiddenPassed), \"hidden_count\": \(outcome.hiddenCount), "
                + "\"solved\": \(outcome.isSolved), \"seconds\": \(String(format: "%.4f", outcome.result.seconds)), "
                + "\"nodes\": \(outcome.result.nodes), \"timed_out\": \(outcome.result.timedOut)}"
        }
        let lengths = byLength.map {
            "{\"length\": \($0.length), \"tasks\": \($0.tasks), \"solved\": \($0.solved), \"found\": \($0.found), "
                + "\"solve_rate\": \(String(format: "%.4f", Double($0.solved) / Double($0.tasks)))}"
        }
        return "{\"solver\": \"\(solver)\", \"time_limit\": \(timeLimit), \"tasks\": [" + tasks.joined(separator: ", ")
            + "], \"by_length\": [" + lengths.joined(separator: ", ") + "], \"solve_rate\": \(String(format: "%.4f", solveRate))}"
    }
}

/// Results filled in by several threads.
final class OutcomeSlots: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [DSLTaskOutcome?]

    init(count: Int) { storage = [DSLTaskOutcome?](repeating: nil, count: count) }

    func set(_ index: Int, _ outcome: DSLTaskOutcome) {
        lock.lock()
        storage[index] = outcome
        lock.unlock()
    }

    var values: [DSLTaskOutcome?] {
        lock.lock()
        defer { lock.unlock() }
        return storage
    }

    /// The next index to work on, shared by the threads.
    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var next = 0

        func take(below count: Int) -> Int? {
            lock.lock()
            defer { lock.unlock() }
            guard next < count else { return nil }
            next += 1
            return next - 1
        }
    }
}

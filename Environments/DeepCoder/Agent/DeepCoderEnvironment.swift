import Foundation
import RL
import Tensor

/// DeepCoder-v0: write a program of the list DSL (specs/list-dsl.md) that maps the task's inputs
/// to its outputs, one choice at a time, seeing the visible examples, the program so far and the
/// last test run; scored on hidden examples.
///
/// - Task: drawn from the seeded generator (`length` statements, or 1–5 uniformly with
///   `length=0`), or from a JSON Lines task file (`tasks=FILE`), chosen by seed.
/// - Actions (``DeepCoderAction``, `Discrete(45)` with an action mask): delete the last statement,
///   run the visible tests, submit, or build a statement — choose its function, then its lambda
///   if it takes one, then each argument among the variables of the right type. A statement is
///   appended when its last argument is chosen.
/// - Observation, a ``DictSpace``: `action_features` (one row of ``actionFeatureCount`` per
///   action: its kind, the search guide's probability of its function or lambda given the
///   visible examples — DeepCoder's idea —, and for an argument whether the variable is the
///   newest or an input; Frontier's policies score each row with one shared network), `guide`
///   (the guide's probabilities), `program` (per statement slot: function, lambda and arguments,
///   one-hot), `pending` (the statement being built), `variables` (each variable's type),
///   `feedback` (whether the tests ran, the fraction of visible examples passed, whether the
///   output type is right), `progress` (steps and statements used) and `action_mask`.
/// - Reward: −`step_cost` per step; on submit, plus the fraction of hidden examples passed (the
///   episode terminates). A step limit (`steps`) truncates.
/// - Info at the end: `score` (the hidden fraction, 0 without a submission), `solved` (all
///   hidden examples pass), `statements`.
/// - Score: ``ScoreMapping/info(key:)`` of `score`.
///
/// Options: `length` (0…5, default 0), `tasks` (a task file), `steps` (4…200, default 24),
/// `step_cost` (0…0.1, default 0.01), `max_statements` (1…5, default 5).
public final class DeepCoderEnvironment: Environment {
    /// The registry id.
    public static let id = "DeepCoder-v0"
    /// The registry's record.
    public static let defaultMetadata = EnvironmentMetadata(
        id: id, version: 0, minimumReward: -0.1, maximumReward: 1, maxEpisodeSteps: nil, rewardThreshold: nil,
        scoreMapping: .info(key: "score"))

    /// Program length of generated tasks (0: uniform in 1…5).
    public let length: Int
    /// Steps before truncation.
    public let stepLimit: Int
    /// The cost of each step.
    public let stepCost: Double
    /// The most statements a program may hold.
    public let maximumStatements: Int

    public let observationSpace: Space
    public let actionSpace: Space = .discrete(DiscreteSpace(DeepCoderAction.count))
    public let metadata = DeepCoderEnvironment.defaultMetadata
    /// The width of an action's feature row.
    public static let actionFeatureCount = 9

    /// The current task (nil before the first reset).
    public private(set) var task: DSLTask?
    /// The statements written so far.
    public private(set) var statements: [DSLStatement] = []
    private var pendingFunction: DSLFunction?
    private var pendingLambda: DSLLambda?
    private var pendingArguments: [Int] = []
    private var steps = 0
    private var feedback: [Float] = [0, 0, 0]
    private var guide: [Float] = []
    private let fileTasks: [DSLTask]?
    private var randomness = EpisodeRandomness()
    private var done = false

    /// DeepCoder-v0 with `options`; throws naming a bad option or an unreadable task file.
    public init(options: EnvironmentOptions = [:]) throws(EnvironmentError) {
        var options = options
        let id = Self.id
        length = Int(try options.value("length", default: 0, range: 0...5, environment: id))
        stepLimit = Int(try options.value("steps", default: 24, range: 4...200, environment: id))
        stepCost = try options.value("step_cost", default: 0.01, range: 0...0.1, environment: id)
        maximumStatements = Int(try options.value("max_statements", default: 5, range: 1...5, environment: id))
        let path = try options.string("tasks", default: nil, environment: id)
        try options.finish(environment: id)
        if let path {
            let tasks: [DSLTask]
            do {
                tasks = try DSLTaskFile.read(path: path)
            } catch {
                throw .invalidOption(environment: id, option: "tasks", reason: "\(path): \(error)")
            }
            guard !tasks.isEmpty else { throw .invalidOption(environment: id, option: "tasks", reason: "\(path) holds no tasks") }
            if let wide = tasks.first(where: { $0.inputTypes.count > DeepCoderAction.maximumInputs }) {
                throw .invalidOption(environment: id, option: "tasks", reason: "task \(wide.id) takes \(wide.inputTypes.count) inputs; "
                                     + "DeepCoder-v0 programs take at most \(DeepCoderAction.maximumInputs)")
            }
            fileTasks = tasks
        } else {
            fileTasks = nil
        }
        let v = DeepCoderAction.maximumVariables, functions = DSLFunction.allCases.count, lambdas = DSLLambda.allCases.count
        func box(_ count: Int, _ low: Float = 0, _ high: Float = 1) -> Space {
            .box(BoxSpace(low: [Float](repeating: low, count: count), high: [Float](repeating: high, count: count)))
        }
        observationSpace = .dict(DictSpace([
            .init(DictSpace.actionFeaturesKey, .box(BoxSpace(low: [Float](repeating: 0, count: DeepCoderAction.count * Self.actionFeatureCount),
                                                             high: [Float](repeating: 1, count: DeepCoderAction.count * Self.actionFeatureCount),
                                                             shape: [DeepCoderAction.count, Self.actionFeatureCount]))),
            .init("guide", box(GuideAttributes.count)),
            .init("program", box(5 * (functions + lambdas + 2 * v))),
            .init("pending", box(functions + lambdas + 2)),
            .init("variables", box(3 * v)),
            .init("feedback", box(3)),
            .init("progress", box(2)),
            .init(DictSpace.actionMaskKey, .multiBinary(MultiBinarySpace(DeepCoderAction.count))),
        ]))
    }

    public func reset(seed: UInt64?) -> Reset {
        randomness.reseed(seed)
        let draw = UInt64(randomness.uniform(0, 1) * 9_007_199_254_740_992)
        var generator = PhiloxGenerator(seed: draw)
        let next: DSLTask
        if let fileTasks {
            next = fileTasks[generator.nextInt(below: fileTasks.count)]
        } else {
            var tasks = DSLTaskGenerator(seed: draw)
            next = tasks.task(length: length == 0 ? 1 + generator.nextInt(below: 5) : length, id: "episode")
        }
        task = next
        statements = []
        pendingFunction = nil
        pendingLambda = nil
        pendingArguments = []
        steps = 0
        feedback = [0, 0, 0]
        done = false
        guide = GuideWeights.shipped.probabilities(for: next.visible).map { Swift.min(1, Swift.max(0, $0)) }
        return Reset(observation: observation())
    }

    public func step(_ action: Action) -> Transition {
        guard let task else { stopOnStepBeforeReset(environment: Self.id) }
        let index = action.discreteIndex(for: Self.id)
        guard let chosen = DeepCoderAction(index: index) else {
            stopOnInvalidAction(action, environment: Self.id, reason: "actions are 0..<\(DeepCoderAction.count)")
        }
        steps += 1
        var reward = -stepCost
        var submitted = false
        // A masked action is ignored (it costs its step): a policy that ignores the mask wastes
        // its budget rather than stopping the process.
        if actionMask()[index] {
            switch chosen {
            case .deleteLast:
                if pendingFunction != nil { clearPending() } else { statements.removeLast() }
                feedback = [0, 0, 0]
            case .runVisibleTests:
                feedback = runVisible(task)
            case .submit:
                submitted = true
            case let .function(function):
                pendingFunction = function
                completeIfReady()
            case let .lambda(lambda):
                pendingLambda = lambda
                completeIfReady()
            case let .argument(variable):
                pendingArguments.append(variable)
                completeIfReady()
            }
        }
        var info = Info()
        var score = 0.0
        if submitted, let program = program() {
            score = task.hiddenScore(program)
            reward += score
        }
        let truncated = !submitted && steps >= stepLimit
        if submitted || truncated {
            done = true
            info["score"] = score
            info["solved"] = score == 1 ? 1 : 0
            info["statements"] = Double(statements.count)
        }
        return Transition(observation: observation(), reward: reward, terminated: submitted, truncated: truncated, info: info)
    }

    /// The program written so far (nil while it has no statement).
    public func program() -> DSLProgram? {
        guard let task, !statements.isEmpty else { return nil }
        return try? DSLProgram(inputTypes: task.inputTypes, statements: statements)
    }

    /// The types of the variables named so far: the inputs, then each statement's result.
    private var variableTypes: [DSLType] { (task?.inputTypes ?? []) + statements.map(\.function.resultType) }

    /// Which actions are allowed now (see ``DeepCoderAction``).
    public func actionMask() -> [Bool] {
        var mask = [Bool](repeating: false, count: DeepCoderAction.count)
        let types = variableTypes
        if let function = pendingFunction {
            mask[DeepCoderAction.deleteLast.index] = true
            if let kind = function.lambdaKind, pendingLambda == nil {
                for lambda in DSLLambda.all(of: kind) { mask[DeepCoderAction.lambda(lambda).index] = true }
            } else if pendingArguments.count < function.argumentTypes.count {
                let wanted = function.argumentTypes[pendingArguments.count]
                for (variable, type) in types.enumerated() where type == wanted { mask[DeepCoderAction.argument(variable).index] = true }
            }
            return mask
        }
        if !statements.isEmpty {
            mask[DeepCoderAction.deleteLast.index] = true
            mask[DeepCoderAction.runVisibleTests.index] = true
            mask[DeepCoderAction.submit.index] = true
        }
        if statements.count < maximumStatements && types.count < DeepCoderAction.maximumVariables {
            for function in DSLFunction.allCases where function.argumentTypes.allSatisfy(types.contains) {
                mask[DeepCoderAction.function(function).index] = true
            }
        }
        return mask
    }

    private func clearPending() {
        pendingFunction = nil
        pendingLambda = nil
        pendingArguments = []
    }

    /// Appends the pending statement once it has its lambda and every argument.
    private func completeIfReady() {
        guard let function = pendingFunction, function.lambdaKind == nil || pendingLambda != nil,
              pendingArguments.count == function.argumentTypes.count else { return }
        let statement = DSLStatement(function, pendingLambda, pendingArguments)
        clearPending()
        guard let task, (try? DSLProgram(inputTypes: task.inputTypes, statements: statements + [statement])) != nil else { return }
        statements.append(statement)
        feedback = [0, 0, 0]
    }

    /// Ran, the fraction of visible examples passed, and whether the output type is right.
    private func runVisible(_ task: DSLTask) -> [Float] {
        guard let program = program() else { return [1, 0, 0] }
        let passed = task.visible.filter { DSLTask.passes(program, $0) }.count
        return [1, Float(passed) / Float(Swift.max(task.visible.count, 1)), program.outputType == task.outputType ? 1 : 0]
    }

    /// One row per action (see the type's documentation).
    private func actionFeatures() -> [Float] {
        let width = Self.actionFeatureCount
        var rows = [Float](repeating: 0, count: DeepCoderAction.count * width)
        let newest = variableTypes.count - 1, inputs = task?.inputTypes.count ?? 0
        for index in 0..<DeepCoderAction.count {
            let base = index * width
            switch DeepCoderAction(index: index)! {
            case .deleteLast: rows[base] = 1
            case .runVisibleTests: rows[base + 1] = 1
            case .submit: rows[base + 2] = 1
            case let .function(function):
                rows[base + 3] = 1
                rows[base + 6] = guide[GuideAttributes.index(of: function)]
            case let .lambda(lambda):
                rows[base + 4] = 1
                rows[base + 6] = guide[GuideAttributes.index(of: lambda)]
            case let .argument(variable):
                rows[base + 5] = 1
                rows[base + 7] = variable == newest ? 1 : 0
                rows[base + 8] = variable < inputs ? 1 : 0
            }
        }
        return rows
    }

    private func observation() -> [Float] {
        let v = DeepCoderAction.maximumVariables, functions = DSLFunction.allCases, lambdas = DSLLambda.allCases
        var values = actionFeatures() + guide
        for slot in 0..<5 {
            var encoded = [Float](repeating: 0, count: functions.count + lambdas.count + 2 * v)
            if slot < statements.count {
                let statement = statements[slot]
                encoded[functions.firstIndex(of: statement.function)!] = 1
                if let lambda = statement.lambda { encoded[functions.count + lambdas.firstIndex(of: lambda)!] = 1 }
                for (position, argument) in statement.arguments.prefix(2).enumerated() where argument < v {
                    encoded[functions.count + lambdas.count + position * v + argument] = 1
                }
            }
            values += encoded
        }
        var pending = [Float](repeating: 0, count: functions.count + lambdas.count + 2)
        if let function = pendingFunction { pending[functions.firstIndex(of: function)!] = 1 }
        if let lambda = pendingLambda { pending[functions.count + lambdas.firstIndex(of: lambda)!] = 1 }
        pending[functions.count + lambdas.count] = Float(pendingArguments.count) / 2
        pending[functions.count + lambdas.count + 1] = pendingFunction == nil ? 0 : 1
        values += pending
        var variables = [Float](repeating: 0, count: 3 * v)
        for (index, type) in variableTypes.prefix(v).enumerated() {
            variables[3 * index] = 1
            variables[3 * index + (type == .int ? 1 : 2)] = 1
        }
        values += variables
        values += feedback
        values += [Float(steps) / Float(stepLimit), Float(statements.count) / Float(maximumStatements)]
        values += actionMask().map { $0 ? 1 : 0 }
        return values
    }
}

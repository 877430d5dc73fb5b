/// Synchronous successive halving (Jamieson & Talwalkar, "Non-stochastic Best Arm
/// Identification and Hyperparameter Optimization", AISTATS 2016), the inner loop of the
/// original Hyperband: start `configurations` trials, run each to `minimumResource`, keep the
/// best ⌊n/η⌋ and run them η times longer, and so on until one is left or `maximumResource` is
/// reached. Unlike ``ASHAPruner`` a rung waits for all its trials, so the objective must be
/// able to continue a trial (`objective(trial, resource)` is called with increasing resources
/// for the same trial, as a resumable training run allows).
public struct SuccessiveHalving: Sendable {
    /// n: trials started.
    public var configurations: Int
    /// r: the resource (steps, epochs) of the first rung.
    public var minimumResource: Int
    /// R: no trial runs past this.
    public var maximumResource: Int
    /// η.
    public var reductionFactor: Int

    /// A bracket of successive halving.
    public init(configurations: Int, minimumResource: Int, maximumResource: Int, reductionFactor: Int = 3) {
        precondition(configurations >= 1 && minimumResource >= 1 && maximumResource >= minimumResource && reductionFactor >= 2,
                     "SuccessiveHalving: need n ≥ 1, 1 ≤ r ≤ R and η ≥ 2")
        self.configurations = configurations
        self.minimumResource = minimumResource
        self.maximumResource = maximumResource
        self.reductionFactor = reductionFactor
    }

    /// Hyperband's brackets (Li et al. 2018, Algorithm 1): for s = s_max…0,
    /// n = ⌈(s_max + 1)/(s + 1) · η^s⌉ trials starting at R·η^−s.
    public static func hyperbandBrackets(minimumResource: Int, maximumResource: Int, reductionFactor: Int = 3) -> [SuccessiveHalving] {
        precondition(minimumResource >= 1 && maximumResource >= minimumResource && reductionFactor >= 2,
                     "hyperbandBrackets: need 1 ≤ r ≤ R and η ≥ 2")
        var maximumS = 0, resource = minimumResource
        while resource <= maximumResource / reductionFactor {
            resource *= reductionFactor
            maximumS += 1
        }
        return (0...maximumS).reversed().map { s in
            var power = 1
            for _ in 0..<s { power *= reductionFactor }
            let count = ((maximumS + 1) * power + s) / (s + 1)
            return SuccessiveHalving(configurations: count, minimumResource: max(minimumResource, maximumResource / power),
                                     maximumResource: maximumResource, reductionFactor: reductionFactor)
        }
    }

    /// Runs the bracket on `study`. Each evaluation is reported at step = resource; trials that
    /// drop out are told pruned, trials whose objective throws are told failed (``TrialPruned``:
    /// pruned), and the survivors of the last rung complete with their last value.
    /// - Returns: the numbers of the trials that completed.
    @discardableResult
    public func run(study: Study, objective: (Trial, Int) throws -> Double) throws -> [Int] {
        var alive: [Trial] = try (0..<configurations).map { _ in try study.ask() }
        var resource = minimumResource
        while true {
            var scored: [(trial: Trial, value: Double)] = []
            for trial in alive {
                do {
                    let value = try objective(trial, resource)
                    guard value.isFinite else {
                        try study.tell(trial, state: .failed)
                        continue
                    }
                    try trial.report(value, step: resource)
                    scored.append((trial, value))
                } catch is TrialPruned {
                    try study.tell(trial, state: .pruned)
                } catch let error as StudyError {
                    throw error
                } catch {
                    try study.tell(trial, state: .failed)
                }
            }
            // Equal values keep the order trials were asked in.
            scored.sort { (study.direction.loss($0.value), $0.trial.number) < (study.direction.loss($1.value), $1.trial.number) }
            let next = resource.multipliedReportingOverflow(by: reductionFactor)
            let keep = scored.count / reductionFactor
            if scored.count <= 1 || keep == 0 || next.overflow || next.partialValue > maximumResource {
                for entry in scored { try study.tell(entry.trial, value: entry.value) }
                return scored.map(\.trial.number)
            }
            for entry in scored.dropFirst(keep) { try study.tell(entry.trial, state: .pruned) }
            alive = scored.prefix(keep).map(\.trial)
            resource = next.partialValue
        }
    }
}

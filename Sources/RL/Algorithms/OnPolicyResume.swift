import NN
import Tensor

extension OnPolicyLearner: ResumableLearner {
    /// Environment steps done so far.
    public var completedSteps: Int { session.step }

    public func resumeState() throws -> (state: ResumeState, optimizer: StateDict) {
        var generators = ["actions": collector.generator.state]
        for (role, generator) in rule.generators { generators[role] = generator.state }
        let state = ResumeState(
            algorithm: Rule.algorithm.rawValue, steps: session.step, iterations: completedIterations, scheduleHorizon: scheduleHorizon,
            generators: generators, environments: try environments.snapshot(), observations: session.observations,
            normalizerStatistics: normalizer?.export(), normalizerReturns: normalizer?.returns,
            recentEpisodes: Array(session.episodes.suffix(100)))
        return (state, rule.optimizer.stateDict())
    }

    public func restore(_ state: ResumeState, optimizer saved: StateDict, parameters: StateDict) throws {
        let algorithm = Rule.algorithm.rawValue
        guard state.algorithm == algorithm else { throw ResumeError("the run was trained with \(state.algorithm), not \(algorithm)") }
        guard state.steps >= 0, state.iterations >= 0 else { throw ResumeError("negative step or update count") }
        guard state.observations.count == environments.count * environments.observationSize else {
            throw ResumeError("\(state.observations.count) saved observation values for \(environments.count) copies of \(environments.observationSize)")
        }
        guard let actions = state.generators["actions"].flatMap(PhiloxGenerator.init(state:)) else {
            throw ResumeError("the generators' states are missing or damaged")
        }
        var ruleGenerators: [String: PhiloxGenerator] = [:]
        for role in rule.generators.keys {
            guard let generator = state.generators[role].flatMap(PhiloxGenerator.init(state:)) else {
                throw ResumeError("the generators' states are missing or damaged")
            }
            ruleGenerators[role] = generator
        }
        guard (state.normalizerStatistics == nil) == (normalizer == nil) else {
            throw ResumeError("the saved run and the config disagree on normalisation")
        }
        var restoredOptimizer = rule.optimizer
        try restoredOptimizer.load(stateDict: saved, for: model)
        // The bundle keeps the observation statistics among the parameters; the network's own
        // parameters are the rest.
        try model.load(stateDict: StateDict(parameters.filter { !$0.key.hasPrefix(PolicyBundle.normalizerPrefix) }.map { ($0.key, $0.value) }))
        if let normalizer, let statistics = state.normalizerStatistics {
            try normalizer.load(exported: statistics)
            try normalizer.restoreReturns(state.normalizerReturns ?? [])
        }
        try environments.restore(state.environments)
        rule.optimizer = restoredOptimizer
        collector.generator = actions
        rule.generators = ruleGenerators
        session.resume(observations: state.observations, step: state.steps, episodes: state.recentEpisodes)
        completedIterations = state.iterations
        scheduleHorizon = state.scheduleHorizon
    }
}

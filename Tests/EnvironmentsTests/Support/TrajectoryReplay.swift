import Environments
import RL

/// The tolerance Frontier's trajectories must meet against Gymnasium's: absolute plus
/// relative, per value.
let trajectoryTolerance = 1e-5

/// The action a golden case's number stands for in environment `id`.
func action(_ value: Double, for id: String) -> Action {
    id == Pendulum.id ? .continuous([Float(value)]) : .discrete(Int(value))
}

/// Replays `golden` in a fresh, time-limited built-in `id` (made with the case's options) from
/// the case's initial state, and returns the first disagreement with Gymnasium, or nil.
/// `inPlace` steps through `step(_:into:)`, keeping one transition.
func firstDisagreement(replaying golden: GoldenCase, in id: String, inPlace: Bool = false) throws -> String? {
    let environment = try EnvironmentRegistry.builtIn.make(id, options: EnvironmentOptions(golden.options))
    _ = environment.reset(seed: 0)  // starts the time limit's count, as gymnasium's reset did
    guard let stateful = environment.unwrapped as? any StatefulEnvironment else { return "\(id) is not stateful" }
    let start = try stateful.reset(state: golden.initialState)
    if let problem = compare(start.observation.map(Double.init), golden.initialObservation, "initial observation") {
        return problem
    }
    var transition = Transition(observation: [], reward: .nan, terminated: true, truncated: true)
    for (step, value) in golden.actions.enumerated() {
        if inPlace {
            environment.step(action(value, for: id), into: &transition)
        } else {
            transition = environment.step(action(value, for: id))
        }
        let at = "step \(step) (action \(value))"
        if let problem = compare(transition.observation.map(Double.init), golden.observations[step], "\(at): observation")
            ?? compare([transition.reward], [golden.rewards[step]], "\(at): reward")
            ?? compare(stateful.state, golden.states[step], "\(at): state") {
            return problem
        }
        if transition.terminated != golden.terminated[step] || transition.truncated != golden.truncated[step] {
            return "\(at): terminated/truncated \(transition.terminated)/\(transition.truncated), "
                + "Gymnasium \(golden.terminated[step])/\(golden.truncated[step])"
        }
    }
    return nil
}

/// The first element where `actual` and `expected` differ by more than the tolerance.
func compare(_ actual: [Double], _ expected: [Double], _ what: String) -> String? {
    guard actual.count == expected.count else { return "\(what): \(actual.count) values, Gymnasium \(expected.count)" }
    for (index, (a, e)) in zip(actual, expected).enumerated()
    where !(abs(a - e) <= trajectoryTolerance + trajectoryTolerance * abs(e)) {
        return "\(what)[\(index)]: \(a), Gymnasium \(e) (all: \(actual) vs \(expected))"
    }
    return nil
}

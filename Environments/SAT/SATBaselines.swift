import RL
import Tensor

/// The local-search baselines a SAT-v0 policy is compared with. Each picks the next variable
/// to flip from the environment's current state; ``solveRate(_:episodes:seed:options:)`` plays
/// them on SAT-v0's episodes.
public enum SATBaseline: Sendable, Equatable, CustomStringConvertible {
    /// WalkSAT (Selman, Kautz and Cohen, "Noise strategies for improving local search", 1994):
    /// pick an unsatisfied clause at random; flip a variable of it that breaks nothing if there is
    /// one, else with probability `noise` a random variable of it, else one that breaks fewest.
    case walkSAT(noise: Double)
    /// Schöning's random walk ("A probabilistic algorithm for k-SAT", 1999, without restarts):
    /// flip a random variable of a random unsatisfied clause.
    case randomWalk
    /// Flip any variable uniformly: what an untrained agent does.
    case uniform

    public var description: String {
        switch self {
        case let .walkSAT(noise): "WalkSAT (noise \(noise))"
        case .randomWalk: "random walk (Schöning)"
        case .uniform: "uniform flips"
        }
    }

    /// The variable to flip in `state`, drawn with `generator`.
    public func chooseVariable(in state: SATSearchState, using generator: inout PhiloxGenerator) -> Int {
        let n = state.instance.variableCount
        guard !state.unsatisfied.isEmpty, self != .uniform else { return generator.nextInt(below: n) }
        let clause = Int(state.unsatisfied[generator.nextInt(below: state.unsatisfied.count)])
        let variables = state.variables(ofClause: clause)
        switch self {
        case .uniform, .randomWalk:
            return variables[generator.nextInt(below: variables.count)]
        case let .walkSAT(noise):
            let breaks = variables.map { state.breakCount[$0] }
            let fewest = breaks.min()!
            if fewest > 0 && generator.nextDouble() < noise { return variables[generator.nextInt(below: variables.count)] }
            let best = variables.indices.filter { breaks[$0] == fewest }
            return variables[best[generator.nextInt(below: best.count)]]
        }
    }

    /// The fraction of `episodes` SAT-v0 formulas (reset from `seed`, then continuing the
    /// stream, as an evaluation does) the baseline solves within the flip budget, and the mean
    /// flips of the solved ones.
    public func solveRate(_ episodes: Int, seed: UInt64, options: EnvironmentOptions = [:]) throws(EnvironmentError)
        -> (rate: Double, meanFlips: Double) {
        let environment = try SATEnvironment(options: options)
        var generator = PhiloxGenerator(seed: seed ^ 0x5A7)
        var solved = 0, flipsOfSolved = 0
        for episode in 0..<episodes {
            _ = environment.reset(seed: episode == 0 ? seed : nil)
            while true {
                let variable = chooseVariable(in: environment.search!, using: &generator)
                let transition = environment.step(.discrete(variable))
                if transition.terminated { solved += 1; flipsOfSolved += environment.flips }
                if transition.isDone { break }
            }
        }
        return (Double(solved) / Double(Swift.max(episodes, 1)), solved > 0 ? Double(flipsOfSolved) / Double(solved) : 0)
    }
}

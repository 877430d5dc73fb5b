import Foundation
import NN
import Tensor

/// The returns of a policy over evaluation episodes, with the statistics `frontier evaluate`
/// prints.
public struct EvaluationResult: Codable, Sendable, Equatable {
    /// The environment id.
    public var environment: String
    /// Each episode's return, in order.
    public var returns: [Double]
    /// Each episode's length.
    public var lengths: [Int]
    /// The seed episode `i` was reset with is `seed + i`.
    public var seed: UInt64
    /// Whether actions were the policy's most likely ones.
    public var deterministic: Bool
    /// The info values of each episode's last step (what environments report about a whole
    /// episode: a forecast's skill, a formula's flips).
    public var finalInfos: [[String: Double]] = []

    /// A result.
    public init(environment: String, returns: [Double], lengths: [Int], seed: UInt64, deterministic: Bool,
                finalInfos: [[String: Double]] = []) {
        self.environment = environment
        self.returns = returns
        self.lengths = lengths
        self.seed = seed
        self.deterministic = deterministic
        self.finalInfos = finalInfos
    }

    private enum CodingKeys: String, CodingKey { case environment, returns, lengths, seed, deterministic, finalInfos = "final_infos" }

    /// Reads a result; `final_infos` may be absent (results written before it existed).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        environment = try container.decode(String.self, forKey: .environment)
        returns = try container.decode([Double].self, forKey: .returns)
        lengths = try container.decode([Int].self, forKey: .lengths)
        seed = try container.decode(UInt64.self, forKey: .seed)
        deterministic = try container.decode(Bool.self, forKey: .deterministic)
        finalInfos = try container.decodeIfPresent([[String: Double]].self, forKey: .finalInfos) ?? []
    }

    /// The number of episodes.
    public var episodes: Int { returns.count }
    /// The mean return.
    public var mean: Double { returns.reduce(0, +) / Double(max(returns.count, 1)) }
    /// The standard deviation of the returns (population, as Stable-Baselines3's
    /// `evaluate_policy` reports).
    public var standardDeviation: Double {
        let mean = mean
        return (returns.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(returns.count, 1))).squareRoot()
    }

    /// A 95% confidence interval of the mean return (Student's t with the sample standard
    /// deviation; a single episode gives a zero-width interval).
    public var confidenceInterval95: ClosedRange<Double> {
        guard returns.count > 1 else { return mean...mean }
        let n = Double(returns.count)
        let sampleDeviation = (standardDeviation * standardDeviation * n / (n - 1)).squareRoot()
        let halfWidth = StudentT.quantile975(degreesOfFreedom: returns.count - 1) * sampleDeviation / n.squareRoot()
        return (mean - halfWidth)...(mean + halfWidth)
    }

    /// One JSON object with sorted keys:
    /// `{"ci95": [lo, hi], "deterministic": true, "environment": …, "episodes": N, "mean": …, "returns": […], "seed": S, "std": …}`.
    public var json: String {
        let interval = confidenceInterval95
        let number = MetricsLog.number
        let returnsText = returns.map(number).joined(separator: ", ")
        let lengthsText = lengths.map(String.init).joined(separator: ", ")
        return "{\"ci95\": [\(number(interval.lowerBound)), \(number(interval.upperBound))], "
            + "\"deterministic\": \(deterministic), \"environment\": \"\(MetricsLog.escape(environment))\", \"episodes\": \(episodes), "
            + "\"lengths\": [\(lengthsText)], \"mean\": \(number(mean)), \"returns\": [\(returnsText)], "
            + "\"seed\": \(seed), \"std\": \(number(standardDeviation))"
            + (finalInfos.contains { !$0.isEmpty } ? ", \"final_infos\": [" + finalInfos.map(Self.infoJSON).joined(separator: ", ") + "]" : "")
            + "}"
    }
}

extension EvaluationResult {
    /// One info record as a JSON object with sorted keys.
    static func infoJSON(_ values: [String: Double]) -> String {
        "{" + values.sorted { $0.key < $1.key }.map { "\"\(MetricsLog.escape($0.key))\": \(MetricsLog.number($0.value))" }.joined(separator: ", ") + "}"
    }
}

/// Runs a policy for whole episodes. The result is a pure function of (policy, environment,
/// seed): episode `i` starts from `reset(seed: seed + i)`, actions are the policy's most likely
/// ones or drawn from a generator seeded with `seed`, and inference runs one observation at a
/// time.
public enum PolicyEvaluation {
    /// Plays `episodes` episodes of `environment` (which should carry its time limit) with
    /// `policy`; throws when the policy outputs a non-finite action, or the environment an
    /// observation of the wrong size or not finite, or a non-finite reward (a third-party
    /// environment must not reach the network with a malformed input).
    public static func evaluate(_ policy: LoadedPolicy, on environment: any Environment, episodes: Int, seed: UInt64,
                                deterministic: Bool = true, maxStepsPerEpisode: Int = 1_000_000)
        throws(PolicyEvaluationError) -> EvaluationResult {
        let width = policy.policy.observationSize
        func checked(_ observation: [Float], _ when: String) throws(PolicyEvaluationError) -> [Float] {
            guard observation.count == width, observation.allSatisfy(\.isFinite) else {
                throw .environment(id: environment.metadata.id, reason: "\(when) gave "
                                   + (observation.count == width ? "a non-finite observation"
                                      : "an observation of \(observation.count) values; the policy reads \(width)"))
            }
            return observation
        }
        precondition(episodes > 0, "PolicyEvaluation: episodes must be positive, got \(episodes)")
        var generator = PhiloxGenerator(seed: seed, stream: 7)
        var returns: [Double] = []
        var lengths: [Int] = []
        var finalInfos: [[String: Double]] = []
        for episode in 0..<episodes {
            var observation = try checked(environment.reset(seed: seed &+ UInt64(episode)).observation, "reset")
            var total = 0.0
            var length = 0
            var lastInfo: [String: Double] = [:]
            while length < maxStepsPerEpisode {
                let action: Action
                do {
                    action = try policy.action(for: observation, deterministic: deterministic, using: &generator)
                } catch {
                    throw .policy(error)
                }
                let transition = environment.step(action)
                guard transition.reward.isFinite else {
                    throw .environment(id: environment.metadata.id, reason: "step \(length + 1) gave a non-finite reward")
                }
                total += transition.reward
                length += 1
                observation = try checked(transition.observation, "step \(length)")
                if transition.isDone {
                    lastInfo = transition.info.values
                    break
                }
            }
            returns.append(total)
            lengths.append(length)
            finalInfos.append(lastInfo)
        }
        return EvaluationResult(environment: environment.metadata.id, returns: returns, lengths: lengths, seed: seed,
                                deterministic: deterministic, finalInfos: finalInfos)
    }
}

/// Why ``PolicyEvaluation`` stopped.
public enum PolicyEvaluationError: Error, Equatable, CustomStringConvertible {
    /// The policy produced a non-finite action.
    case policy(PolicyOutputError)
    /// The environment broke its contract.
    case environment(id: String, reason: String)

    public var description: String {
        switch self {
        case let .policy(error): return error.description
        case let .environment(id, reason): return "the environment \(id) failed: \(reason)"
        }
    }
}

/// Quantiles of Student's t distribution.
enum StudentT {
    /// Two-sided 95% critical values for 1…30 degrees of freedom.
    private static let table: [Double] = [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
        2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
    ]

    /// The 0.975 quantile; beyond 30 degrees of freedom a Cornish–Fisher expansion around the
    /// normal quantile 1.95996 (accurate to 1e-3).
    static func quantile975(degreesOfFreedom: Int) -> Double {
        precondition(degreesOfFreedom > 0)
        if degreesOfFreedom <= table.count { return table[degreesOfFreedom - 1] }
        let z = 1.959963984540054, n = Double(degreesOfFreedom)
        let z3 = z * z * z, z5 = z3 * z * z
        return z + (z3 + z) / (4 * n) + (5 * z5 + 16 * z3 + 3 * z) / (96 * n * n)
    }
}

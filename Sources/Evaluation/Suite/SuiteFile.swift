import RL
import SafeYAML

/// Reads `suite.yaml` through the bounded YAML loader. The form (docs/scoring.md):
///
/// ```yaml
/// name: classic-control            # optional
/// rule: affine-subsets             # affine-subsets | statistical | champion
/// constants: {minimum_gap: 0.02}   # the rule's constants, optional
/// min_completeness: 0.9
/// max_layers: 6
/// min_weight: 0.01
/// burn_fraction: 0.0
/// environments:
///   - id: CartPole-v1
///     episodes: 32
///     options: {sutton_barto_reward: 0}
///     score: {linear: {worst: 0, best: 500}}   # or {threshold: 475}; default: the environment's
/// ```
///
/// Unknown keys and wrongly typed values are errors naming the file, line and key.
public enum SuiteFile {
    /// The suite in the file at `path`.
    public static func read(_ path: String) throws(SuiteError) -> Suite {
        let value: YAMLValue
        do {
            value = try BoundedYAML.load(path: path)
        } catch {
            throw .file("the suite \(error)")
        }
        return try parse(value, file: path)
    }

    /// The suite in an already-loaded YAML document.
    public static func parse(_ document: YAMLValue, file: String) throws(SuiteError) -> Suite {
        let reader = Reader(file: file)
        let top = try reader.mapping(document, key: nil, allowed: ["name", "rule", "constants", "min_completeness", "max_layers",
                                                                   "min_weight", "burn_fraction", "version_key", "environments"])
        var scoring = SubsetScoringConfiguration()
        var weights = scoring.weightPolicy
        var suite = Suite(name: "suite", environments: [])
        for entry in top {
            switch entry.key {
            case "name": suite.name = try reader.string(entry.value, key: entry.key)
            case "rule": suite.rule.name = try reader.string(entry.value, key: entry.key)
            case "constants": suite.rule.constants = try reader.numbers(entry.value, key: entry.key)
            case "min_completeness": scoring.minCompleteness = try reader.number(entry.value, key: entry.key)
            case "max_layers": scoring.maxLayers = try reader.integer(entry.value, key: entry.key)
            case "min_weight": weights.minWeight = try reader.number(entry.value, key: entry.key)
            case "burn_fraction": weights.burnFraction = try reader.number(entry.value, key: entry.key)
            case "version_key":
                let key = try reader.integer(entry.value, key: entry.key)
                guard key >= 0 else { throw reader.error(entry.value, key: entry.key, "must not be negative") }
                weights.versionKey = UInt64(key)
            default:
                guard case let .sequence(items) = entry.value.kind else {
                    throw reader.error(entry.value, key: entry.key, "must be a list of environments")
                }
                guard items.count <= Suite.maxEnvironments else {
                    throw reader.error(entry.value, key: entry.key, "lists \(items.count) environments, more than \(Suite.maxEnvironments)")
                }
                suite.environments = try items.map { item throws(SuiteError) in try environment(item, reader: reader) }
            }
        }
        scoring.weightPolicy = weights
        suite.scoring = scoring
        guard !suite.environments.isEmpty else {
            throw .invalid("\(file): the suite lists no environments (key 'environments')")
        }
        return suite
    }

    private static func environment(_ value: YAMLValue, reader: Reader) throws(SuiteError) -> Suite.Environment {
        let entries = try reader.mapping(value, key: "environments", allowed: ["id", "episodes", "options", "score"])
        guard let idEntry = entries.first(where: { $0.key == "id" }) else {
            throw reader.error(value, key: "environments", "an environment needs an id")
        }
        var environment = Suite.Environment(id: try reader.string(idEntry.value, key: "id"), episodes: 32)
        for entry in entries {
            switch entry.key {
            case "episodes":
                environment.episodes = try reader.integer(entry.value, key: entry.key)
                guard (1...Suite.maxEpisodes).contains(environment.episodes) else {
                    throw reader.error(entry.value, key: entry.key, "must lie in 1...\(Suite.maxEpisodes)")
                }
            case "options": (environment.options, environment.textOptions) = try reader.options(entry.value, key: entry.key)
            case "score": environment.scoreMapping = try scoreMapping(entry.value, reader: reader)
            default: break
            }
        }
        return environment
    }

    private static func scoreMapping(_ value: YAMLValue, reader: Reader) throws(SuiteError) -> ScoreMapping {
        let entries = try reader.mapping(value, key: "score", allowed: ["linear", "threshold"])
        guard entries.count == 1, let entry = entries.first else {
            throw reader.error(value, key: "score", "give exactly one of linear: {worst: …, best: …} or threshold: …")
        }
        let mapping: ScoreMapping
        if entry.key == "threshold" {
            mapping = .threshold(try reader.number(entry.value, key: "threshold"))
        } else {
            let bounds = try reader.numbers(entry.value, key: "linear")
            guard Set(bounds.keys) == ["worst", "best"], let worst = bounds["worst"], let best = bounds["best"] else {
                throw reader.error(entry.value, key: "linear", "needs exactly worst and best")
            }
            mapping = .linear(worst: worst, best: best)
        }
        if let problem = mapping.problem { throw reader.error(entry.value, key: "score", problem) }
        return mapping
    }

    /// Typed access to YAML values with errors that name the file, line and key.
    private struct Reader {
        let file: String

        func error(_ value: YAMLValue, key: String?, _ problem: String) -> SuiteError {
            .invalid("\(file), line \(value.line)" + (key.map { ", key '\($0)'" } ?? "") + ": \(problem)")
        }

        func mapping(_ value: YAMLValue, key: String?, allowed: [String]) throws(SuiteError) -> [YAMLEntry] {
            guard let entries = value.mapping else { throw error(value, key: key, "must be a mapping") }
            if let unknown = entries.first(where: { !allowed.contains($0.key) }) {
                throw .invalid("\(file), line \(unknown.line): unknown key '\(unknown.key)'; known keys: \(allowed.joined(separator: ", "))")
            }
            return entries
        }

        func string(_ value: YAMLValue, key: String) throws(SuiteError) -> String {
            guard case let .string(text) = value.kind, !text.isEmpty else { throw error(value, key: key, "must be a non-empty string") }
            return text
        }

        func number(_ value: YAMLValue, key: String) throws(SuiteError) -> Double {
            let number: Double
            switch value.kind {
            case let .int(integer): number = Double(integer)
            case let .double(double): number = double
            default: throw error(value, key: key, "must be a number")
            }
            guard number.isFinite else { throw error(value, key: key, "must be a finite number") }
            return number
        }

        func integer(_ value: YAMLValue, key: String) throws(SuiteError) -> Int {
            guard case let .int(integer) = value.kind else { throw error(value, key: key, "must be a whole number") }
            return integer
        }

        /// A mapping of option names to numbers (booleans as 0/1) or text.
        func options(_ value: YAMLValue, key: String) throws(SuiteError) -> ([String: Double], [String: String]) {
            var numbers: [String: Double] = [:], texts: [String: String] = [:]
            guard let entries = value.mapping else { throw error(value, key: key, "must be a mapping of names to numbers or text") }
            for entry in entries {
                switch entry.value.kind {
                case let .string(text): texts[entry.key] = text
                case let .bool(flag): numbers[entry.key] = flag ? 1 : 0
                default: numbers[entry.key] = try number(entry.value, key: entry.key)
                }
            }
            return (numbers, texts)
        }

        func numbers(_ value: YAMLValue, key: String) throws(SuiteError) -> [String: Double] {
            var result: [String: Double] = [:]
            guard let entries = value.mapping else { throw error(value, key: key, "must be a mapping of names to numbers") }
            for entry in entries { result[entry.key] = try number(entry.value, key: entry.key) }
            return result
        }
    }
}

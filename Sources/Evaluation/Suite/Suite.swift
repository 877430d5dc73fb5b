import RL

/// The environments a subnet scores on and how it scores them: episodes per environment, the
/// score mapping of each, the scoring rule with its constants, and the weight settings. Read from
/// `suite.yaml` (``SuiteFile``) or made from a registry (``builtIn(registry:episodes:)``).
public struct Suite: Sendable, Equatable {
    /// One environment of the suite.
    public struct Environment: Sendable, Equatable {
        /// The registry id.
        public var id: String
        /// Numeric options passed to the registry's `make` (Gymnasium's `make` keywords).
        public var options: [String: Double]
        /// Text options (a data folder, say).
        public var textOptions: [String: String] = [:]
        /// Episodes (tasks) per epoch; every miner plays the same ones.
        public var episodes: Int
        /// Overrides the environment's own score mapping when set.
        public var scoreMapping: ScoreMapping?

        /// An environment entry.
        public init(id: String, options: [String: Double] = [:], textOptions: [String: String] = [:], episodes: Int,
                    scoreMapping: ScoreMapping? = nil) {
            self.id = id
            self.options = options
            self.textOptions = textOptions
            self.episodes = episodes
            self.scoreMapping = scoreMapping
        }
    }

    /// A name for reports.
    public var name: String
    /// The environments, in the order reports list them.
    public var environments: [Environment]
    /// The scoring rule and its constants.
    public var rule: SuiteRule
    /// Completeness, layers and weights shared by the rules.
    public var scoring: SubsetScoringConfiguration

    /// The most environments and episodes a suite may name (a suite is input a validator reads).
    public static let maxEnvironments = 64, maxEpisodes = 100_000

    /// A suite.
    public init(name: String, environments: [Environment], rule: SuiteRule = SuiteRule(),
                scoring: SubsetScoringConfiguration = SubsetScoringConfiguration()) {
        self.name = name
        self.environments = environments
        self.rule = rule
        self.scoring = scoring
    }

    /// Every environment of `registry` that declares a score mapping, with `episodes` each and
    /// the default rule: what `frontier validator serve` scores without a suite file.
    public static func builtIn(registry: EnvironmentRegistry, episodes: Int = 32) -> Suite {
        Suite(name: "built-in", environments: registry.all.filter { $0.metadata.scoreMapping != nil }
            .map { Environment(id: $0.metadata.id, episodes: episodes) })
    }

    /// Checks the suite against `registry`: known ids, options the environments accept, a score
    /// mapping for each, sizes within limits, valid rule constants.
    public func validate(against registry: EnvironmentRegistry) throws(SuiteError) {
        guard !environments.isEmpty else { throw .invalid("a suite needs at least one environment") }
        guard environments.count <= Self.maxEnvironments else {
            throw .invalid("\(environments.count) environments, more than the limit of \(Self.maxEnvironments)")
        }
        var seen = Set<String>()
        for environment in environments {
            guard seen.insert(environment.id).inserted else { throw .invalid("environment \(environment.id) is listed twice") }
            guard (1...Self.maxEpisodes).contains(environment.episodes) else {
                throw .invalid("environment \(environment.id): episodes must lie in 1...\(Self.maxEpisodes), got \(environment.episodes)")
            }
            do {
                _ = try registry.make(environment.id, options: environment.environmentOptions)
            } catch {
                throw .invalid("environment \(environment.id): \(error)")
            }
            let mapping = try scoreMapping(for: environment, registry: registry)
            if let problem = mapping.problem { throw .invalid("environment \(environment.id): \(problem)") }
        }
        do {
            try scoring.validate()
        } catch {
            throw .invalid("\(error)")
        }
        _ = try rule.make(scoring: scoring)
    }

    /// The score mapping used for `environment`: the suite's override, else the environment's own.
    public func scoreMapping(for environment: Environment, registry: EnvironmentRegistry) throws(SuiteError) -> ScoreMapping {
        if let mapping = environment.scoreMapping { return mapping }
        guard let mapping = registry.entry(environment.id)?.metadata.scoreMapping else {
            throw .invalid("environment \(environment.id) declares no score mapping; give one in the suite (score: {linear: {worst: …, best: …}})")
        }
        return mapping
    }
}

/// Why a suite was refused.
public enum SuiteError: Error, Equatable, CustomStringConvertible {
    /// The suite's content is wrong; the text says where.
    case invalid(String)
    /// The suite file could not be read or parsed.
    case file(String)

    public var description: String {
        switch self {
        case let .invalid(reason): return "invalid suite: \(reason)"
        case let .file(reason): return reason
        }
    }
}

extension Suite.Environment {
    /// The options to make the environment with, numbers and text together.
    public var environmentOptions: EnvironmentOptions { EnvironmentOptions(values: options, strings: textOptions) }
}

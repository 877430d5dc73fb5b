/// The search space `frontier search --algo ppo` uses when no `--space` file is given: the PPO
/// hyperparameters the RL Zoo's PPO sampler tunes (`rl_zoo3/hyperparams_opt.py`), under
/// ``PPOConfig``'s snake_case names, so a trial's parameters are config overrides as they stand.
/// Ranges are narrower than the Zoo's where the Zoo's include settings that cannot learn at all
/// in a short budget (a learning rate of 1e-5, a single rollout of 2048 steps per copy).
public enum PPOSearchSpace {
    /// The default space.
    public static var standard: SearchSpace {
        // Statically valid (the tests build it), so a failure here is a programmer error.
        do {
            return try SearchSpace([
                ParameterDefinition("learning_rate", .float(low: 1e-4, high: 3e-3, log: true)),
                ParameterDefinition("rollout_steps", .categorical([.int(16), .int(32), .int(64), .int(128)])),
                ParameterDefinition("minibatch_count", .categorical([.int(1), .int(2), .int(4), .int(8)])),
                ParameterDefinition("epochs", .int(low: 1, high: 20)),
                ParameterDefinition("gamma", .categorical([.double(0.9), .double(0.95), .double(0.98), .double(0.99), .double(0.995), .double(0.999)])),
                ParameterDefinition("gae_lambda", .categorical([.double(0.8), .double(0.9), .double(0.92), .double(0.95), .double(0.98), .double(1.0)])),
                ParameterDefinition("clip_range", .categorical([.double(0.1), .double(0.2), .double(0.3), .double(0.4)])),
                ParameterDefinition("entropy_coefficient", .float(low: 1e-8, high: 0.01, log: true)),
            ])
        } catch {
            preconditionFailure("PPOSearchSpace.standard is invalid: \(error)")
        }
    }
}

/// Trial parameters as the plain values a config loader takes (`ConfigLoading.merge`), and as a
/// YAML config file `frontier train --config` reads back.
public enum TrialConfig {
    /// `parameters` as JSON-like values (Int, Double, String, Bool).
    public static func overrides(_ parameters: [String: ParameterValue]) -> [String: Any] {
        parameters.mapValues { value -> Any in
            switch value {
            case let .int(number): return number
            case let .double(number): return number
            case let .string(text): return text
            case let .bool(flag): return flag
            }
        }
    }

    /// A YAML mapping of `parameters` (sorted by key) plus `extra` lines, with a comment on top.
    /// Reals always carry a decimal point (`1.0e-05`): YAML 1.1 reads `1e-05` as a string.
    public static func yaml(_ parameters: [String: ParameterValue], comment: String) -> String {
        var lines = comment.split(separator: "\n", omittingEmptySubsequences: false).map { "# " + $0 }
        for key in parameters.keys.sorted() {
            lines.append("\(key): \(scalar(parameters[key]!))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func scalar(_ value: ParameterValue) -> String {
        switch value {
        case let .int(number): return String(number)
        case let .double(number):
            var text = "\(number)"
            if !text.contains("."), let exponent = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
                text.insert(contentsOf: ".0", at: exponent)
            }
            return text
        case let .bool(flag): return flag ? "true" : "false"
        case let .string(text):
            // Quoted, so values like `yes` or `1.5` stay strings.
            return "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
    }
}

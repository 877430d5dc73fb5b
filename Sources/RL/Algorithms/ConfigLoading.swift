import Foundation
import NN

/// Reads an algorithm config from a parsed YAML or JSON mapping with snake_case keys: keys the
/// mapping leaves out keep the defaults, unknown keys and wrongly typed values are errors that
/// name the key (a misspelt hyperparameter must not be silently ignored).
public enum ConfigLoading {
    /// `defaults` with the fields in `overrides` replaced.
    public static func merge<Config: Codable>(_ defaults: Config, overrides: [String: Any]) throws(TrainingError) -> Config {
        let known = Set(Mirror(reflecting: defaults).children.compactMap { $0.label.map(snakeCase) })
        if let unknown = overrides.keys.sorted().first(where: { !known.contains($0) }) {
            throw .invalidConfig("unknown key '\(unknown)'; known keys: \(known.sorted().joined(separator: ", "))")
        }
        do {
            let encoder = JSONEncoder()
            encoder.keyEncodingStrategy = .convertToSnakeCase
            var object = try JSONSerialization.jsonObject(with: try encoder.encode(defaults)) as? [String: Any] ?? [:]
            for (key, value) in overrides { object[key] = value is NSNull ? nil : value }
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            return try decoder.decode(Config.self, from: try JSONSerialization.data(withJSONObject: object))
        } catch let error as DecodingError {
            throw .invalidConfig(describe(error))
        } catch {
            throw .invalidConfig("the config cannot be read: \(error)")
        }
    }

    /// `learningRate` → `learning_rate`.
    static func snakeCase(_ name: String) -> String {
        var result = ""
        for character in name {
            if character.isUppercase {
                result += "_" + character.lowercased()
            } else {
                result.append(character)
            }
        }
        return result
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map(String.init) ?? snakeCase($0.stringValue) }.joined(separator: ".")
        }
        switch error {
        case let .typeMismatch(type, context): return "key '\(path(context))' must be \(type): \(context.debugDescription)"
        case let .valueNotFound(type, context): return "key '\(path(context))' needs a \(type) value"
        case let .keyNotFound(key, _): return "missing key '\(snakeCase(key.stringValue))'"
        case let .dataCorrupted(context): return "key '\(path(context))': \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}

extension ConfigLoading {
    /// `config` as compact JSON with snake_case keys, sorted.
    public static func json<Config: Encodable>(_ config: Config) -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(config) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}

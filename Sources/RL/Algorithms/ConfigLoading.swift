import Foundation
import NN

/// Reads an algorithm config from a parsed YAML or JSON mapping with snake_case keys: keys the
/// mapping leaves out keep the defaults, unknown keys and wrongly typed values are errors that
/// name the key (a misspelt hyperparameter must not be silently ignored).
public enum ConfigLoading {
    /// `defaults` with the fields in `overrides` replaced.
    public static func merge<Config: Codable>(_ defaults: Config, overrides: [String: Any]) throws(TrainingError) -> Config {
        let fields = self.fields(of: defaults)
        let fieldsByKey = Dictionary(fields.map { (snakeCase($0.name), $0.name) }, uniquingKeysWith: { first, _ in first })
        if let unknown = overrides.keys.sorted().first(where: { fieldsByKey[$0] == nil }) {
            throw .invalidConfig("unknown key '\(unknown)'; known keys: \(fieldsByKey.keys.sorted().joined(separator: ", "))")
        }
        let defaultsByKey = Dictionary(fields.map { (snakeCase($0.name), $0.value) }, uniquingKeysWith: { first, _ in first })
        for key in overrides.keys.sorted() {
            if let problem = numberProblem(overrides[key]!, default: defaultsByKey[key]!) {
                throw .invalidConfig("key '\(key)': \(problem)")
            }
        }
        do {
            var object = try JSONSerialization.jsonObject(with: try encoder().encode(defaults)) as? [String: Any] ?? [:]
            for (key, value) in overrides { object[key] = value is NSNull ? nil : value }
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .custom { path in
                let key = path.last!.stringValue
                return ConfigKey(fieldsByKey[key] ?? key)
            }
            return try decoder.decode(Config.self, from: try JSONSerialization.data(withJSONObject: object))
        } catch let error as DecodingError {
            throw .invalidConfig(describe(error))
        } catch {
            // Only values JSON cannot hold get here; numberProblem refuses the known ones first.
            throw .invalidConfig("a value cannot be read as a number, string, boolean or list")
        }
    }

    /// The stored fields of `config` by Swift name with their values, the fields of a nested
    /// ``ConfigSection`` counted as the config's own (config files write them at the top level).
    static func fields(of config: Any) -> [(name: String, value: Any)] {
        Mirror(reflecting: config).children.flatMap { child -> [(name: String, value: Any)] in
            if child.value is any ConfigSection { return fields(of: child.value) }
            return child.label.map { [($0, child.value)] } ?? []
        }
    }

    /// Why `value` cannot stand for a field whose default is `defaultValue`: a number that is not
    /// finite, or not whole where the field counts something. Nil when it may (other type
    /// mismatches are left to the decoder, which names them).
    static func numberProblem(_ value: Any, default defaultValue: Any) -> String? {
        let integral = defaultValue is Int || defaultValue is [Int]
        func numbers(in value: Any) -> [Double] {
            switch value {
            case let number as Double: return [number]
            case let list as [Any]: return list.flatMap(numbers(in:))
            case let mapping as [String: Any]: return mapping.values.flatMap(numbers(in:))
            default: return []
            }
        }
        let numbers = numbers(in: value)
        if let bad = numbers.first(where: { !$0.isFinite }) { return "\(bad) is not a finite number" }
        if integral, let bad = numbers.first(where: { $0 != $0.rounded() }) { return "\(bad) is not a whole number" }
        return nil
    }

    /// An encoder writing snake_case keys with ``snakeCase(_:)``, sorted.
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .custom { path in ConfigKey(snakeCase(path.last!.stringValue)) }
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }

    /// `learningRate` → `learning_rate`, `doubleDQN` → `double_dqn`, `targetKL` → `target_kl`:
    /// an underscore before each word, an acronym counting as one word.
    public static func snakeCase(_ name: String) -> String {
        let characters = Array(name)
        var result = ""
        for (index, character) in characters.enumerated() {
            if character.isUppercase, index > 0 {
                let previous = characters[index - 1]
                let nextIsLower = index + 1 < characters.count && characters[index + 1].isLowercase
                if previous.isLowercase || previous.isNumber || (previous.isUppercase && nextIsLower) { result += "_" }
            }
            result += character.lowercased()
        }
        return result
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let key = context.codingPath.map { $0.intValue.map(String.init) ?? snakeCase($0.stringValue) }.joined(separator: ".")
            return key.isEmpty ? "the config" : "key '\(key)'"
        }
        // Swift's type names (Array<Int>, Double) in words a config author uses.
        func kind(_ type: Any.Type) -> String {
            let name = "\(type)"
            if name.hasPrefix("Array") || name.hasPrefix("[") { return "a list" }
            if name.contains("Int") { return "a whole number" }
            if name.contains("Double") || name.contains("Float") { return "a number" }
            if name.contains("Bool") { return "true or false" }
            if name.contains("String") { return "a string" }
            if name.contains("Dictionary") { return "a mapping" }
            return "a valid value"
        }
        switch error {
        case let .typeMismatch(type, context): return "\(path(context)) must be \(kind(type))"
        case let .valueNotFound(type, context): return "\(path(context)) needs \(kind(type))"
        case let .keyNotFound(key, _): return "missing key '\(snakeCase(key.stringValue))'"
        case let .dataCorrupted(context):
            // Enums (activations) say which values they accept.
            let accepted = context.debugDescription.contains("Activation")
                ? "; one of " + Activation.allCases.map(\.rawValue).joined(separator: ", ") : ""
            return "\(path(context)) has a value that is not accepted here" + accepted
        @unknown default: return "the config cannot be read"
        }
    }
}

extension ConfigLoading {
    /// `config` as compact JSON with snake_case keys, sorted.
    public static func json<Config: Encodable>(_ config: Config) -> String {
        guard let data = try? encoder().encode(config) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}

/// A coding key made from a string.
struct ConfigKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

import ArgumentParser
import Foundation
import NN
import SafeYAML

/// A YAML (or JSON, which is YAML) config file read through the bounded loader: its top-level
/// mapping as plain values, and the line of each key, so errors can point into the file.
struct ConfigFile {
    /// The file's path.
    var path: String
    /// Key → value, as the algorithm configs' loaders take them.
    var values: [String: Any]
    /// Key → line of the key in the file.
    var lines: [String: Int]

    /// Reads `path`; errors name the file and line.
    static func read(_ path: String) throws -> ConfigFile {
        do {
            let entries = try BoundedYAML.loadMapping(path: path, example: "learning_rate: 0.001")
            return ConfigFile(path: path,
                              values: Dictionary(entries.map { ($0.key, $0.value.plain) }, uniquingKeysWith: { first, _ in first }),
                              lines: Dictionary(entries.map { ($0.key, $0.line) }, uniquingKeysWith: { first, _ in first }))
        } catch {
            throw ValidationError("the config file \(error)")
        }
    }

    /// `error` with the file, line and key in front when its message names a key of this file
    /// (the configs' checks name fields by their snake_case keys).
    func locate(_ error: TrainingError) -> ValidationError {
        guard case let .invalidConfig(message) = error else { return ValidationError("\(error)") }
        let mentioned = lines.keys.compactMap { key -> (String, String.Index)? in
            guard let range = Self.wholeWord(key, in: message) else { return nil }
            return (key, range)
        }.min { $0.1 < $1.1 }
        guard let (key, _) = mentioned, let line = lines[key] else {
            return ValidationError("the config file \(path): \(message)")
        }
        return ValidationError("the config file \(path), line \(line), key '\(key)': \(message)")
    }

    /// Where `word` first stands in `text` as a whole word (not inside a longer snake_case name).
    private static func wholeWord(_ word: String, in text: String) -> String.Index? {
        var searchStart = text.startIndex
        while let range = text.range(of: word, range: searchStart..<text.endIndex) {
            let before = range.lowerBound == text.startIndex ? nil : text[text.index(before: range.lowerBound)]
            let after = range.upperBound == text.endIndex ? nil : text[range.upperBound]
            let isWordCharacter: (Character?) -> Bool = { $0.map { $0.isLetter || $0.isNumber || $0 == "_" } ?? false }
            if !isWordCharacter(before) && !isWordCharacter(after) { return range.lowerBound }
            searchStart = range.upperBound
        }
        return nil
    }
}

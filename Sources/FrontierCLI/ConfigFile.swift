import Foundation
import Yams

/// Reads a YAML (or JSON, which is YAML) config file into a mapping of keys to plain values,
/// with errors that name the file.
enum ConfigFile {
    struct ReadError: Error, CustomStringConvertible {
        var description: String
    }

    /// The top-level mapping of the file at `path` (an empty file is an empty mapping).
    static func read(_ path: String) throws -> [String: Any] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ReadError(description: "cannot read the config file \(path)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ReadError(description: "the config file \(path) is not UTF-8 text")
        }
        let value: Any?
        do {
            value = try Yams.load(yaml: text)
        } catch {
            throw ReadError(description: "the config file \(path) is not valid YAML: \(error)")
        }
        guard let value else { return [:] }
        guard let mapping = value as? [String: Any] else {
            throw ReadError(description: "the config file \(path) must hold a mapping of keys to values, like `learning_rate: 0.001`")
        }
        return mapping
    }
}

import Foundation

/// Why a JSON text is not a list of DSL values.
public struct DSLInputError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was wrong.
    public var reason: String
    public var description: String { "malformed input: \(reason)" }
}

extension DSLValue {
    /// The values of a JSON array with one element per input, each an integer or an array of
    /// integers: `[[3, -1, 4], 2]`.
    ///
    /// - Throws: ``DSLInputError`` for text that is not such an array (fractions, booleans,
    ///   strings, nested arrays and numbers beyond 64 bits included).
    public static func inputs(fromJSON text: String) throws(DSLInputError) -> [DSLValue] {
        guard text.utf8.count <= DSLProgram.maximumTextBytes * 16 else {
            throw DSLInputError(reason: "the JSON is longer than \(DSLProgram.maximumTextBytes * 16) bytes")
        }
        do {
            return try JSONDecoder().decode([DSLValue].self, from: Data(text.utf8))
        } catch let error as DecodingError {
            throw DSLInputError(reason: "expected a JSON array of inputs, each an integer or a list of integers (\(error.summary))")
        } catch {
            throw DSLInputError(reason: "\(error)")
        }
    }
}

extension DecodingError {
    /// One line: where in the document, and what.
    var summary: String {
        func path(_ context: Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return keys.isEmpty ? "" : "at \(keys): "
        }
        switch self {
        case .dataCorrupted(let context):
            if let underlying = context.underlyingError as NSError?, let detail = underlying.userInfo[NSDebugDescriptionErrorKey] {
                return path(context) + "\(detail)"
            }
            return path(context) + context.debugDescription
        case .keyNotFound(let key, let context): return path(context) + "missing key \"\(key.stringValue)\""
        case .typeMismatch(_, let context), .valueNotFound(_, let context): return path(context) + context.debugDescription
        @unknown default: return "\(self)"
        }
    }
}

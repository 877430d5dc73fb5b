import Tensor

/// Strings of `minimumLength...maximumLength` characters from `characters` (Gymnasium's `Text`).
///
/// Flat, a string is `maximumLength` numbers: each character's position in `characters` plus
/// one, then zeros as padding. So "ab" over "abc" with room for 4 reads `[1, 2, 0, 0]`;
/// ``encode(_:)`` and ``decode(_:)`` convert.
public struct TextSpace: Codable, Sendable, Equatable {
    /// The shortest string.
    public var minimumLength: Int
    /// The longest string, and the length of a flat value.
    public var maximumLength: Int
    /// The characters strings are made of, in code order.
    public var characters: [Character]

    /// Gymnasium's default alphabet: ASCII letters and digits.
    public static let alphanumeric: [Character] = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")

    /// A text space; `characters` must be distinct.
    public init(minimumLength: Int = 1, maximumLength: Int, characters: [Character] = TextSpace.alphanumeric) {
        if let problem = Self.problem(minimumLength, maximumLength, characters) { check(false, "TextSpace: \(problem)") }
        self.minimumLength = minimumLength
        self.maximumLength = maximumLength
        self.characters = characters
    }

    private enum CodingKeys: String, CodingKey {
        case minimumLength = "min_length", maximumLength = "max_length", characters = "charset"
    }

    /// Decodes a space and refuses an impossible one.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let minimum = try container.decode(Int.self, forKey: .minimumLength)
        let maximum = try container.decode(Int.self, forKey: .maximumLength)
        let characters = Array(try container.decode(String.self, forKey: .characters))
        if let problem = Self.problem(minimum, maximum, characters) {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "Text space: \(problem)"))
        }
        self.init(minimumLength: minimum, maximumLength: maximum, characters: characters)
    }

    /// Writes the alphabet as one string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(minimumLength, forKey: .minimumLength)
        try container.encode(maximumLength, forKey: .maximumLength)
        try container.encode(String(characters), forKey: .characters)
    }

    static func problem(_ minimum: Int, _ maximum: Int, _ characters: [Character]) -> String? {
        if minimum < 0 || maximum < minimum || maximum > 1 << 20 {
            return "lengths must satisfy 0 ≤ min (\(minimum)) ≤ max (\(maximum)) ≤ 1048576"
        }
        if characters.isEmpty || Set(characters).count != characters.count { return "the characters must be distinct and non-empty" }
        return nil
    }

    /// The flat form of `text`, or nil when it is too long, too short or uses other characters.
    public func encode(_ text: String) -> [Float]? {
        var codes: [Float] = []
        codes.reserveCapacity(maximumLength)
        for character in text {
            guard codes.count < maximumLength, let index = characters.firstIndex(of: character) else { return nil }
            codes.append(Float(index + 1))
        }
        guard codes.count >= minimumLength else { return nil }
        return codes + Array(repeating: 0, count: maximumLength - codes.count)
    }

    /// The string a flat value holds, or nil when it is not one of this space.
    public func decode(_ codes: ArraySlice<Float>) -> String? {
        guard codes.count == maximumLength else { return nil }
        var text = ""
        var ended = false
        for code in codes {
            if code == 0 { ended = true; continue }
            guard !ended, let index = Int(exactly: code), index >= 1, index <= characters.count else { return nil }
            text.append(characters[index - 1])
        }
        return text.count >= minimumLength ? text : nil
    }

    /// Whether the flat observation is a string of this space.
    public func contains(observation: ArraySlice<Float>) -> Bool { decode(observation) != nil }
}

import Tensor

/// English-like prose from a small seeded grammar, for training character models without
/// shipping a corpus: sentences with subjects, verbs, objects, modifiers, clauses, numbers,
/// dialogue and paragraphs. The same seed gives the same text everywhere.
public enum TextCorpus {
    static let names = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Margaret", "Claude", "Frances", "John"]
    static let nouns = ["miner", "validator", "model", "river", "garden", "machine", "letter", "village", "storm", "market",
                        "lantern", "engine", "forest", "harbor", "teacher", "window", "record", "signal", "bridge", "winter"]
    static let adjectives = ["quiet", "bright", "careful", "ancient", "small", "restless", "patient", "golden", "narrow",
                             "honest", "distant", "curious", "heavy", "gentle", "clever"]
    static let verbs = [("watched", "watches"), ("repaired", "repairs"), ("carried", "carries"), ("followed", "follows"),
                        ("measured", "measures"), ("painted", "paints"), ("answered", "answers"), ("counted", "counts"),
                        ("opened", "opens"), ("trusted", "trusts"), ("visited", "visits"), ("described", "describes")]
    static let adverbs = ["slowly", "again", "at dawn", "without a word", "before noon", "with great care", "once more", "in silence"]
    static let places = ["across the valley", "near the old mill", "under the bridge", "by the harbor", "in the market",
                         "behind the station", "along the river", "at the edge of the forest"]
    static let connectives = ["because", "although", "while", "after", "before", "until"]

    /// About `characters` characters of text (whole sentences; at least one).
    public static func generate(characters: Int, seed: UInt64) -> String {
        var g = PhiloxGenerator(seed: seed, stream: 0x7465_7874)
        func pick<T>(_ items: [T]) -> T { items[g.nextInt(below: items.count)] }
        func nounPhrase() -> String {
            switch g.nextInt(below: 4) {
            case 0: return pick(names)
            case 1: return "the " + pick(nouns)
            case 2: return "the " + pick(adjectives) + " " + pick(nouns)
            default: return "a " + pick(adjectives) + " " + pick(nouns)
            }
        }
        func clause() -> String {
            let past = g.nextInt(below: 3) > 0
            let verb = pick(verbs)
            var text = nounPhrase() + " " + (past ? verb.0 : verb.1) + " " + nounPhrase()
            if g.nextInt(below: 2) == 0 { text += " " + pick(places) }
            if g.nextInt(below: 3) == 0 { text += " " + pick(adverbs) }
            return text
        }
        func sentence() -> String {
            switch g.nextInt(below: 10) {
            case 0:
                let count = 2 + g.nextInt(below: 97)
                return "There were \(count) " + pick(nouns) + "s " + pick(places) + "."
            case 1:
                return "\"Did " + nounPhrase() + " see it?\" asked " + pick(names) + "."
            case 2, 3:
                return capitalized(clause()) + ", " + pick(connectives) + " " + clause() + "."
            default:
                return capitalized(clause()) + "."
            }
        }
        var text = ""
        var sentencesInParagraph = 0
        repeat {
            text += sentence()
            sentencesInParagraph += 1
            if sentencesInParagraph >= 3 + g.nextInt(below: 4) {
                text += "\n\n"
                sentencesInParagraph = 0
            } else {
                text += " "
            }
        } while text.count < characters
        return text
    }

    static func capitalized(_ text: String) -> String { text.prefix(1).uppercased() + text.dropFirst() }
}

/// The characters a model reads and writes, each with an id.
public struct Vocabulary: Sendable, Codable, Equatable {
    /// The characters in id order (sorted by Unicode scalar value).
    public let characters: [Character]
    private let ids: [Character: Int]

    /// The vocabulary of `text`'s distinct characters.
    public init(text: String) { self.init(characters: Array(Set(text)).sorted()) }

    /// A vocabulary of these characters, in this order.
    public init(characters: [Character]) {
        self.characters = characters
        ids = Dictionary(uniqueKeysWithValues: characters.enumerated().map { ($1, $0) })
    }

    /// The number of characters.
    public var count: Int { characters.count }

    /// The ids of `text`; throws on a character outside the vocabulary.
    public func encode(_ text: String) throws(LanguageModelError) -> [Int] {
        try text.map { (character: Character) throws(LanguageModelError) -> Int in
            guard let id = ids[character] else {
                throw .invalidText("character \(String(reflecting: String(character))) is not in the vocabulary of \(count)")
            }
            return id
        }
    }

    /// The text of `ids` (ids must be in range).
    public func decode(_ ids: [Int]) -> String { String(ids.map { characters[$0] }) }

    enum CodingKeys: String, CodingKey { case characters }
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(characters: try container.decode([String].self, forKey: .characters).compactMap(\.first))
    }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(characters.map(String.init), forKey: .characters)
    }
    public static func == (a: Vocabulary, b: Vocabulary) -> Bool { a.characters == b.characters }
}

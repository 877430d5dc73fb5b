/// Named sub-spaces in a fixed order (Gymnasium's `Dict`): an observation made of parts, such
/// as per-variable features beside global ones and an action mask.
///
/// Flat, a value is the parts' flat values one after another, in the declared order (Gymnasium's
/// `flatten`). ``range(of:)`` says where a part lies. Two keys have a meaning to Frontier's
/// policies (see ``ObservationLayout``): `action_mask`, a ``MultiBinarySpace`` with one bit per
/// discrete action (1: allowed), and `action_features`, a Box of shape `[actions, features]`
/// with one row per action, which a per-action scorer reads.
public struct DictSpace: Codable, Sendable, Equatable {
    /// One named part.
    public struct Entry: Codable, Sendable, Equatable {
        /// The part's name.
        public var key: String
        /// The values it takes.
        public var space: Space

        /// A named part.
        public init(_ key: String, _ space: Space) {
            self.key = key
            self.space = space
        }
    }

    /// The parts, in flat order.
    public var entries: [Entry]

    /// The key of the action mask.
    public static let actionMaskKey = "action_mask"
    /// The key of the per-action feature rows.
    public static let actionFeaturesKey = "action_features"

    /// A dict space; keys must be distinct and non-empty, and nothing may be nested deeper than
    /// one level (a part is not itself a dict).
    public init(_ entries: [Entry]) {
        if let problem = Self.problem(entries) { preconditionFailure("DictSpace: \(problem)") }
        self.entries = entries
    }

    private enum CodingKeys: String, CodingKey { case entries }

    /// Decodes a dict space and refuses duplicate keys, empty ones or nesting.
    public init(from decoder: any Decoder) throws {
        let entries = try decoder.container(keyedBy: CodingKeys.self).decode([Entry].self, forKey: .entries)
        if let problem = Self.problem(entries) {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "Dict space: \(problem)"))
        }
        self.entries = entries
    }

    static func problem(_ entries: [Entry]) -> String? {
        if entries.isEmpty { return "a dict space needs at least one part" }
        if Set(entries.map(\.key)).count != entries.count { return "keys must be distinct" }
        if entries.contains(where: { $0.key.isEmpty }) { return "keys must be non-empty" }
        if entries.contains(where: { if case .dict = $0.space { true } else { false } }) { return "parts may not be dicts themselves" }
        return nil
    }

    /// The length of a flat value.
    public var flatSize: Int { entries.reduce(0) { $0 + $1.space.flatSize } }

    /// Where the part `key` lies in a flat value, if present.
    public func range(of key: String) -> Range<Int>? {
        var offset = 0
        for entry in entries {
            let size = entry.space.flatSize
            if entry.key == key { return offset..<(offset + size) }
            offset += size
        }
        return nil
    }

    /// The part `key`, if present.
    public func space(of key: String) -> Space? { entries.first { $0.key == key }?.space }

    /// Whether every part of the flat observation lies in its space.
    public func contains(observation: ArraySlice<Float>) -> Bool {
        guard observation.count == flatSize else { return false }
        var offset = observation.startIndex
        for entry in entries {
            let size = entry.space.flatSize
            guard entry.space.contains(observation: observation[offset..<(offset + size)]) else { return false }
            offset += size
        }
        return true
    }
}

import Foundation
import Tensor

/// An observation or action space: what values an environment produces or accepts.
public enum Space: Codable, Sendable, Equatable {
    /// One of `count` integers.
    case discrete(DiscreteSpace)
    /// A real vector within bounds.
    case box(BoxSpace)
    /// Several integers, each from its own range.
    case multiDiscrete(MultiDiscreteSpace)
    /// Several bits (an observation's flags; as an action, a multi-discrete value of 0s and 1s).
    case multiBinary(MultiBinarySpace)
    /// Named parts, flattened one after another (observations only).
    indirect case dict(DictSpace)
    /// Strings over an alphabet, flattened as character codes (observations only).
    case text(TextSpace)

    private enum CodingKeys: String, CodingKey {
        case discrete, box, dict, text
        case multiDiscrete = "multi_discrete"
        case multiBinary = "multi_binary"
    }

    /// Written as one key naming the kind: `{"discrete": {"count": 2, "start": 0}}`,
    /// `{"box": {"low": […], "high": […], "shape": […]}}`, `{"multi_discrete": {"counts": […]}}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case let .discrete(space): try container.encode(space, forKey: .discrete)
        case let .box(space): try container.encode(space, forKey: .box)
        case let .multiDiscrete(space): try container.encode(space, forKey: .multiDiscrete)
        case let .multiBinary(space): try container.encode(space, forKey: .multiBinary)
        case let .dict(space): try container.encode(space, forKey: .dict)
        case let .text(space): try container.encode(space, forKey: .text)
        }
    }

    /// Reads the form ``encode(to:)`` writes; exactly one kind key must be present.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard container.allKeys.count == 1, let key = container.allKeys.first else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "a space needs exactly one of discrete, box, multi_discrete, multi_binary, dict, text"))
        }
        switch key {
        case .discrete: self = .discrete(try container.decode(DiscreteSpace.self, forKey: key))
        case .box: self = .box(try container.decode(BoxSpace.self, forKey: key))
        case .multiDiscrete: self = .multiDiscrete(try container.decode(MultiDiscreteSpace.self, forKey: key))
        case .multiBinary: self = .multiBinary(try container.decode(MultiBinarySpace.self, forKey: key))
        case .dict: self = .dict(try container.decode(DictSpace.self, forKey: key))
        case .text: self = .text(try container.decode(TextSpace.self, forKey: key))
        }
    }

    /// Whether `action` is a value of this space (its kind, size and bounds).
    public func contains(_ action: Action) -> Bool {
        switch (self, action) {
        case let (.discrete(space), .discrete(value)): space.contains(value)
        case let (.box(space), .continuous(value)): space.contains(value)
        case let (.multiDiscrete(space), .multiDiscrete(value)): space.contains(value)
        case let (.multiBinary(space), .multiDiscrete(value)): space.contains(value)
        default: false
        }
    }

    /// Whether `observation` (a flat vector) is a value of this space.
    public func contains(observation: [Float]) -> Bool { contains(observation: observation[...]) }

    /// Whether `observation` (a flat vector, or part of one) is a value of this space.
    public func contains(observation: ArraySlice<Float>) -> Bool {
        switch self {
        case let .box(space): return space.contains(Array(observation))
        case let .discrete(space):
            guard observation.count == 1, let value = Int(exactly: observation[observation.startIndex]) else { return false }
            return space.contains(value)
        case let .multiDiscrete(space):
            let values = observation.compactMap { Int(exactly: $0) }
            return values.count == observation.count && space.contains(values)
        case let .multiBinary(space): return space.contains(observation: observation)
        case let .dict(space): return space.contains(observation: observation)
        case let .text(space): return space.contains(observation: observation)
        }
    }

    /// Whether the space can be an action space (dicts and text are observations only).
    public var isActionSpace: Bool {
        switch self {
        case .discrete, .box, .multiDiscrete, .multiBinary: true
        case .dict, .text: false
        }
    }

    /// A value drawn from the space. Only for action spaces (``isActionSpace``): a dict or text
    /// space has no ``Action`` form, and sampling one is a programming error.
    public func sample(using generator: inout PhiloxGenerator) -> Action {
        switch self {
        case let .discrete(space): .discrete(space.sample(using: &generator))
        case let .box(space): .continuous(space.sample(using: &generator))
        case let .multiDiscrete(space): .multiDiscrete(space.sample(using: &generator))
        case let .multiBinary(space): .multiDiscrete(space.sample(using: &generator))
        case .dict, .text: preconditionFailure("Space.sample: \(self) is an observation space, not an action space")
        }
    }

    /// The length of a value written as a flat vector (a discrete value is one number).
    public var flatSize: Int {
        switch self {
        case .discrete: 1
        case let .box(space): space.elementCount
        case let .multiDiscrete(space): space.counts.count
        case let .multiBinary(space): space.count
        case let .dict(space): space.flatSize
        case let .text(space): space.maximumLength
        }
    }

    /// The space as compact JSON with sorted keys, as bundles record it.
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Infinite bounds are legal (unbounded observations) but not JSON numbers: write them
        // as the strings "inf"/"-inf". Encoding plain numbers cannot otherwise fail.
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        guard let data = try? encoder.encode(self) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    /// A space read back from ``json``.
    public static func decode(json: String) throws -> Space {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try decoder.decode(Space.self, from: Data(json.utf8))
    }
}

extension Space: CustomStringConvertible {
    /// Gymnasium's way of writing spaces: `Discrete(2)`, `Discrete(3, start=-1)`,
    /// `Box(-2.0, 2.0, (1,), float32)` (bounds shown once when all elements share them),
    /// `MultiDiscrete([3 3])`.
    public var description: String {
        switch self {
        case let .discrete(space):
            return space.start == 0 ? "Discrete(\(space.count))" : "Discrete(\(space.count), start=\(space.start))"
        case let .box(space):
            func bound(_ values: [Float]) -> String {
                guard let first = values.first else { return "[]" }
                return values.allSatisfy({ $0 == first }) ? "\(first)" : "[" + values.map { "\($0)" }.joined(separator: " ") + "]"
            }
            let shape = space.shape.count == 1 ? "(\(space.shape[0]),)" : "(" + space.shape.map(String.init).joined(separator: ", ") + ")"
            return "Box(\(bound(space.low)), \(bound(space.high)), \(shape), float32)"
        case let .multiDiscrete(space):
            return "MultiDiscrete([" + space.counts.map(String.init).joined(separator: " ") + "])"
        case let .multiBinary(space):
            return "MultiBinary(\(space.count))"
        case let .dict(space):
            return "Dict(" + space.entries.map { "'\($0.key)': \($0.space)" }.joined(separator: ", ") + ")"
        case let .text(space):
            return "Text(\(space.minimumLength), \(space.maximumLength), charset=\(String(space.characters).prefix(16))\(space.characters.count > 16 ? "…" : ""))"
        }
    }
}

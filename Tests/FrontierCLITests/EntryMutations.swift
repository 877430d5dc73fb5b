import Foundation
import NN
import RL
import Tensor
@testable import Checkpoint

/// The mutations ``EntryFuzzTests`` applies to a valid bundle entry: architectures and spaces as
/// JSON trees (numbers set to 0, negative, huge, 2^62, non-integers, wrong types, missing and
/// unknown keys), as text (bytes replaced, cut), or only reformatted; parameters dropped, added,
/// reshaped, resized, retyped, or given impossible statistics; the kind swapped.
enum EntryMutations {
    /// A JSON tree whose numbers keep their exact text, so that mutations can write any literal.
    indirect enum Node {
        case token(String)
        case string(String)
        case array([Node])
        case object([(String, Node)])

        init(_ value: CanonicalJSONValue) {
            switch value {
            case .null: self = .token("null")
            case .bool(let flag): self = .token(flag ? "true" : "false")
            case .number(let number): self = .token(CanonicalNumber.text(number))
            case .string(let bytes): self = .string(String(decoding: bytes, as: UTF8.self))
            case .array(let elements): self = .array(elements.map(Node.init))
            case .object(let members): self = .object(members.map { (String(decoding: $0.key, as: UTF8.self), Node($0.value)) })
            }
        }

        /// JSON text; `spaced` adds whitespace a canonical reader must ignore.
        func text(spaced: Bool = false) -> String {
            let gap = spaced ? " \n\t" : ""
            switch self {
            case .token(let token): return token
            case .string(let value):
                var bytes: [UInt8] = []
                CanonicalJSON.writeString(Array(value.utf8), to: &bytes)
                return String(decoding: bytes, as: UTF8.self)
            case .array(let elements): return "[" + gap + elements.map { $0.text(spaced: spaced) }.joined(separator: "," + gap) + gap + "]"
            case .object(let members):
                return "{" + gap + members.map { Node.string($0.0).text() + gap + ":" + gap + $0.1.text(spaced: spaced) }
                    .joined(separator: "," + gap) + gap + "}"
            }
        }
    }

    /// Literals that stress a reader: zero, negatives, widths just past the limits, 2^62, the
    /// extremes of Int64, huge and non-finite doubles, fractions, and every wrong type.
    static let hostileTokens = [
        "0", "-1", "1", "2", "3", "7", "65536", "65537", "1099511627776", "4611686018427387904", "-9223372036854775808",
        "9223372036854775807", "9007199254740992", "1e308", "1e400", "0.5", "1.5", "-0.0", "1e-300", "2.0", "null", "true",
        "\"x\"", "\"gru\"", "\"relu\"", "[]", "{}", "[1e9, 1e9]", "[65536, 65536, 65536]", "[0]", "[-1]", "NaN", "{\"count\": 2}",
    ]

    static let hostileSpaces = [
        #"{"discrete": {"count": 0, "start": 0}}"#, #"{"discrete": {"count": 2, "start": 9223372036854775807}}"#,
        #"{"box": {"low": [1], "high": [0], "shape": [1]}}"#, #"{"box": {"low": [], "high": [], "shape": [4611686018427387904, 4]}}"#,
        #"{"box": {"low": ["-inf"], "high": ["nan"], "shape": [1]}}"#, #"{"multi_discrete": {"counts": [2, 0]}}"#,
        #"{"discrete": {"count": 2}, "box": {"low": [], "high": [], "shape": [0]}}"#, "[]", "{}", "", "null", "{",
    ]

    /// Mutates `entry` in place; returns the kind of mutation, for the tally.
    static func mutate(_ entry: inout BundleEntry, using mutator: inout BundleFuzzTests.Mutator) -> String {
        switch mutator.below(12) {
        case 0, 1, 2:
            entry.architecture.configuration = mutateTree(entry.architecture.configuration, using: &mutator)
            return "architecture values"
        case 3:
            entry.architecture.configuration = mutateText(entry.architecture.configuration, using: &mutator)
            return "architecture text"
        case 4:
            entry.architecture.kind = mutator.pick(["mlp", "quantile_forecaster", "char_transformer", "actor_critic", "q_network",
                                                    "", "MLP", "unknown"])
            return "kind"
        case 5:
            if mutator.below(2) == 0 {
                entry.observationSpace = mutator.pick(hostileSpaces)
            } else {
                entry.actionSpace = mutateTree(entry.actionSpace, using: &mutator)
            }
            return "spaces"
        case 6:
            entry.architecture.configuration = reformat(entry.architecture.configuration, using: &mutator)
            entry.observationSpace = reformat(entry.observationSpace, using: &mutator)
            return "reformatted JSON"
        case 7, 8, 9:
            mutateParameters(&entry.parameters, using: &mutator)
            return "parameters"
        case 10:
            mutateStatistics(&entry.parameters, using: &mutator)
            return "observation statistics"
        default:
            // Several at once: a consistent-looking edit of the architecture and the parameters.
            entry.architecture.configuration = mutateTree(entry.architecture.configuration, using: &mutator)
            mutateParameters(&entry.parameters, using: &mutator)
            return "architecture and parameters"
        }
    }

    /// One to three value mutations of the JSON tree of `json`.
    static func mutateTree(_ json: String, using mutator: inout BundleFuzzTests.Mutator) -> String {
        var parser = CanonicalJSONParser(json)
        guard let value = try? parser.parseDocument() else { return mutateText(json, using: &mutator) }
        var node = Node(value)
        for _ in 0..<(1 + mutator.below(3)) { node = mutateNode(node, using: &mutator) }
        return node.text(spaced: mutator.below(4) == 0)
    }

    /// Walks to a random node and changes it (or its parent's members).
    static func mutateNode(_ node: Node, using mutator: inout BundleFuzzTests.Mutator) -> Node {
        switch node {
        case .array(var elements) where !elements.isEmpty && mutator.below(3) > 0:
            let index = mutator.below(elements.count)
            switch mutator.below(6) {
            case 0: elements.remove(at: index)
            case 1: elements.append(elements[index])
            case 2: elements.append(.token(mutator.pick(hostileTokens)))
            default: elements[index] = mutateNode(elements[index], using: &mutator)
            }
            return .array(elements)
        case .object(var members) where !members.isEmpty && mutator.below(4) > 0:
            let index = mutator.below(members.count)
            switch mutator.below(8) {
            case 0: members.remove(at: index)
            case 1: members.append(("unknownKey", .token(mutator.pick(hostileTokens))))
            case 2: members[index].0 += "x"
            default: members[index].1 = mutateNode(members[index].1, using: &mutator)
            }
            return .object(members)
        case .string:
            return mutator.below(3) == 0 ? .token(mutator.pick(hostileTokens))
                : .string(mutator.pick(["mlp", "gru", "lstm", "relu", "tanh", "identity", "", "x", "geluTanh"]))
        default:
            return .token(mutator.pick(hostileTokens))
        }
    }

    /// Text damage: bytes replaced with JSON punctuation, inserted, or the text cut.
    static func mutateText(_ json: String, using mutator: inout BundleFuzzTests.Mutator) -> String {
        var characters = Array(json)
        guard !characters.isEmpty else { return "{" }
        let index = mutator.below(characters.count)
        switch mutator.below(3) {
        case 0: characters[index] = mutator.pick(Array("{}[],:\"0123456789-eE.\\ u"))
        case 1: characters.insert(mutator.pick(Array("{[\"9-.e")), at: index)
        default: characters.removeSubrange(index...)
        }
        return String(characters)
    }

    /// The same values written differently: members shuffled, whitespace added, integers as
    /// `N.0` or `Ne0`, escapes for plain letters.
    static func reformat(_ json: String, using mutator: inout BundleFuzzTests.Mutator) -> String {
        var parser = CanonicalJSONParser(json)
        guard let value = try? parser.parseDocument() else { return json }
        func rewrite(_ node: Node) -> Node {
            switch node {
            case .token(let token) where token.first.map({ $0 == "-" || $0.isNumber }) == true && !token.contains("e"):
                return .token(token.contains(".") ? token + "0" : token + (mutator.below(2) == 0 ? ".0" : "e0"))
            case .token: return node
            case .string(let value) where !value.isEmpty && value.unicodeScalars.allSatisfy({ $0.isASCII && $0.properties.isAlphabetic }):
                // Letters as \u escapes: the same string to any JSON reader.
                return .token("\"" + value.unicodeScalars.map { "\\u00" + String($0.value, radix: 16) }.joined() + "\"")
            case .string: return node
            case .array(let elements): return .array(elements.map(rewrite))
            case .object(let members):
                var shuffled = members.map { ($0.0, rewrite($0.1)) }
                for index in shuffled.indices.reversed() { shuffled.swapAt(index, mutator.below(index + 1)) }
                return .object(shuffled)
            }
        }
        return rewrite(Node(value)).text(spaced: true)
    }

    /// A parameter dropped, added, reshaped, resized, retyped, emptied or made non-finite.
    static func mutateParameters(_ parameters: inout StateDict, using mutator: inout BundleFuzzTests.Mutator) {
        guard !parameters.keys.isEmpty else { return }
        let key = mutator.pick(parameters.keys)
        guard let tensor = parameters[key] else { return }
        let count = tensor.scalarCount
        switch mutator.below(10) {
        case 0: parameters[key] = nil
        case 1: parameters[mutator.pick(["extra", key + "x", "layers.99.weight", PolicyBundle.normalizerPrefix + "mean"])] = Tensor.zeros([1 + mutator.below(5)])
        case 2: parameters[key] = Tensor(shape: [count], scalars: tensor.scalars)
        case 3: parameters[key] = Tensor(shape: [1] + tensor.shape, scalars: tensor.scalars)
        case 4: parameters[key] = Tensor(shape: tensor.shape.reversed(), scalars: tensor.scalars)
        case 5: parameters[key] = Tensor.zeros([1 + mutator.below(70)])
        case 6: parameters[key] = tensor.converted(to: tensor.dtype == .float32 ? .float64 : .float32)
        case 7: parameters[key] = mutator.below(2) == 0 ? Tensor(shape: [], scalars: [1]) : Tensor(shape: [0], scalars: [])
        case 8: parameters[key] = Tensor.full(tensor.shape, value: mutator.pick([.nan, .infinity, 3e38, -1e-45]))
        default: parameters[key] = Tensor.zeros(tensor.shape + [2])
        }
    }

    /// Observation statistics of the wrong size, impossible values, missing parts, a bad clip.
    static func mutateStatistics(_ parameters: inout StateDict, using mutator: inout BundleFuzzTests.Mutator) {
        let prefix = PolicyBundle.normalizerPrefix
        let name = prefix + mutator.pick(["mean", "var", "count", "clip", "other"])
        switch mutator.below(6) {
        case 0: parameters[name] = nil
        case 1:
            let size = 1 + mutator.below(6)
            parameters[name] = Tensor(shape: [size], doubles: [Double](repeating: 1, count: size))
        case 2: parameters[name] = Tensor(shape: [1], doubles: [mutator.pick([0, -1, .nan, .infinity, 1e308])])
        case 3: parameters[name] = Tensor(shape: [4], doubles: [1, -1, .nan, 0])
        case 4: parameters[name] = Tensor(shape: [2, 2], doubles: [1, 1, 1, 1])
        default: parameters[name] = Tensor(shape: [0], doubles: [])
        }
    }
}

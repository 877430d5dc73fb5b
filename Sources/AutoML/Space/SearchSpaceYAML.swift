import SafeYAML

/// Reads a search space from YAML through the bounded loader. The file is a mapping from
/// parameter name to its definition, parents before children:
///
/// ```yaml
/// learning_rate: {type: float, low: 1.0e-5, high: 1.0e-2, log: true}
/// n_steps: {type: int, low: 64, high: 2048, step: 64}
/// model: {type: categorical, choices: [gru, mlp]}
/// gru_size: {type: int, low: 8, high: 128, log: true, when: {model: gru}}
/// ```
///
/// Every error names the file, the line and the key.
public enum SearchSpaceYAML {
    /// The search space in the file at `path`.
    public static func load(path: String) throws -> SearchSpace {
        let entries = try BoundedYAML.loadMapping(path: path, example: "learning_rate: {type: float, low: 1.0e-5, high: 1.0e-2, log: true}")
        guard !entries.isEmpty else {
            throw SearchSpaceError.invalidFile(file: path, line: 1, key: "", reason: "the search space defines no parameters")
        }
        var definitions: [ParameterDefinition] = []
        for entry in entries {
            let definition = try parameter(entry, file: path)
            // Validate one at a time so a bad parameter is reported at its own line.
            do {
                _ = try SearchSpace(definitions + [definition])
            } catch {
                throw SearchSpaceError.invalidFile(file: path, line: entry.line, key: entry.key, reason: reasonText(error))
            }
            definitions.append(definition)
        }
        return try SearchSpace(definitions)
    }

    private static func reasonText(_ error: SearchSpaceError) -> String {
        switch error {
        case let .invalidDistribution(_, reason), let .invalidCondition(_, reason): return reason
        case .duplicateParameter: return "defined twice"
        case let .invalidFile(_, _, _, reason): return reason
        }
    }

    private static func parameter(_ entry: YAMLEntry, file: String) throws -> ParameterDefinition {
        let name = entry.key
        func refuse(_ line: Int, _ key: String, _ reason: String) -> SearchSpaceError {
            .invalidFile(file: file, line: line, key: key, reason: reason)
        }
        guard let fields = entry.value.mapping else {
            throw refuse(entry.line, name, "expected a mapping such as {type: float, low: 0.1, high: 1}")
        }
        let allowed: Set<String> = ["type", "low", "high", "log", "step", "choices", "when"]
        for field in fields where !allowed.contains(field.key) {
            throw refuse(field.line, "\(name).\(field.key)", "unknown key; expected one of \(allowed.sorted().joined(separator: ", "))")
        }
        func field(_ key: String) -> YAMLEntry? { fields.first { $0.key == key } }
        func required(_ key: String) throws -> YAMLEntry {
            guard let found = field(key) else { throw refuse(entry.line, "\(name).\(key)", "missing") }
            return found
        }
        func number(_ key: String) throws -> Double {
            let found = try required(key)
            switch found.value.kind {
            case let .int(value): return Double(value)
            case let .double(value): return value
            default: throw refuse(found.line, "\(name).\(key)", "expected a number")
            }
        }
        func integer(_ key: String) throws -> Int {
            let found = try required(key)
            guard case let .int(value) = found.value.kind else { throw refuse(found.line, "\(name).\(key)", "expected an integer") }
            return value
        }
        func flag(_ key: String) throws -> Bool {
            guard let found = field(key) else { return false }
            guard case let .bool(value) = found.value.kind else { throw refuse(found.line, "\(name).\(key)", "expected true or false") }
            return value
        }
        let typeEntry = try required("type")
        guard case let .string(type) = typeEntry.value.kind else {
            throw refuse(typeEntry.line, "\(name).type", "expected float, int or categorical")
        }
        let distribution: Distribution
        switch type {
        case "float":
            try refuseFields(["choices"], in: fields, name: name, file: file)
            distribution = .float(low: try number("low"), high: try number("high"), log: try flag("log"),
                                  step: field("step") == nil ? nil : try number("step"))
        case "int":
            try refuseFields(["choices"], in: fields, name: name, file: file)
            distribution = .int(low: try integer("low"), high: try integer("high"), log: try flag("log"),
                                step: field("step") == nil ? 1 : try integer("step"))
        case "categorical":
            try refuseFields(["low", "high", "log", "step"], in: fields, name: name, file: file)
            let found = try required("choices")
            guard case let .sequence(items) = found.value.kind else {
                throw refuse(found.line, "\(name).choices", "expected a list such as [gru, mlp]")
            }
            distribution = .categorical(try items.map { item in
                guard let value = scalar(item) else { throw refuse(item.line, "\(name).choices", "choices must be plain values") }
                return value
            })
        default:
            throw refuse(typeEntry.line, "\(name).type", "unknown type '\(type)'; expected float, int or categorical")
        }
        return ParameterDefinition(name, distribution, when: try condition(field("when"), name: name, file: file))
    }

    private static func refuseFields(_ keys: [String], in fields: [YAMLEntry], name: String, file: String) throws {
        for field in fields where keys.contains(field.key) {
            throw SearchSpaceError.invalidFile(file: file, line: field.line, key: "\(name).\(field.key)", reason: "not allowed for this type")
        }
    }

    /// `when: {parent: value}` or `when: {parent: [value, …]}`; one parent.
    private static func condition(_ entry: YAMLEntry?, name: String, file: String) throws -> Condition? {
        guard let entry else { return nil }
        guard let pairs = entry.value.mapping, pairs.count == 1, let pair = pairs.first else {
            throw SearchSpaceError.invalidFile(file: file, line: entry.line, key: "\(name).when",
                                               reason: "expected one parent and its values, such as {model: [gru, lstm]}")
        }
        let items: [YAMLValue]
        if case let .sequence(values) = pair.value.kind { items = values } else { items = [pair.value] }
        let values = try items.map { item in
            guard let value = scalar(item) else {
                throw SearchSpaceError.invalidFile(file: file, line: item.line, key: "\(name).when.\(pair.key)", reason: "values must be plain values")
            }
            return value
        }
        return Condition(parent: pair.key, values: values)
    }

    private static func scalar(_ value: YAMLValue) -> ParameterValue? {
        switch value.kind {
        case let .int(number): return .int(number)
        case let .double(number): return .double(number)
        case let .string(text): return .string(text)
        case let .bool(flag): return .bool(flag)
        case .null, .sequence, .mapping: return nil
        }
    }
}

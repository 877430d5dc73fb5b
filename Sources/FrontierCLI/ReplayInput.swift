import ArgumentParser
import Foundation
import NN
import RL

/// Parsing `frontier env replay`'s inputs and formatting its JSON lines.
enum ReplayInput {
    /// Actions from `text`: comma-separated numbers (one per action for Discrete and 1-D Box
    /// spaces) or a JSON array of arrays (one inner array per action, for wider boxes and
    /// MultiDiscrete). Each action must belong to `space`.
    static func actions(_ text: String, space: Space) throws -> [Action] {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let rows: [[Double]]
        if trimmed.hasPrefix("[") {
            // JSONDecoder, not JSONSerialization: the latter rounds the last bit of some doubles
            // on Linux, and a replay must start from exactly the given numbers.
            if let flat = try? JSONDecoder().decode([Double].self, from: Data(trimmed.utf8)) {
                rows = flat.map { [$0] }
            } else if let nested = try? JSONDecoder().decode([[Double]].self, from: Data(trimmed.utf8)) {
                rows = nested
            } else {
                throw ValidationError("--actions: not a JSON array of numbers or of arrays of numbers: \(text)")
            }
        } else {
            rows = try trimmed.split(separator: ",", omittingEmptySubsequences: false).enumerated().map { index, part in
                guard let value = Double(part.trimmingCharacters(in: .whitespaces)) else {
                    throw ValidationError("--actions: action \(index) ('\(part)') is not a number")
                }
                return [value]
            }
        }
        for (index, row) in rows.enumerated() where !row.allSatisfy({ Float($0).isFinite }) {
            throw ValidationError("--actions: action \(index) \(row) is not finite (as 32-bit floats)")
        }
        guard !rows.isEmpty else { throw ValidationError("--actions: give at least one action") }
        return try rows.enumerated().map { index, row in
            let action: Action
            switch space {
            case .discrete:
                guard row.count == 1, let value = Int(exactly: row[0]) else {
                    throw ValidationError("--actions: action \(index) must be one integer for \(space), got \(row)")
                }
                action = .discrete(value)
            case .box:
                action = .continuous(row.map(Float.init))
            case .dict, .text:
                throw ValidationError("--actions: \(space) is not an action space")
            case .multiDiscrete, .multiBinary:
                let values = row.compactMap { Int(exactly: $0) }
                guard values.count == row.count else { throw ValidationError("--actions: action \(index) must hold integers, got \(row)") }
                action = .multiDiscrete(values)
            }
            // Box actions outside the bounds are legal input (environments clip them, as Gymnasium's do);
            // only their size must match.
            if case let .box(box) = space {
                guard row.count == box.elementCount else {
                    throw ValidationError("--actions: action \(index) has \(row.count) values, the action space \(space) needs \(box.elementCount)")
                }
            } else if !space.contains(action) {
                throw ValidationError("--actions: action \(index) (\(action)) is not in the action space \(space)")
            }
            return action
        }
    }

    /// A state from a JSON array of numbers, read exactly (see ``actions(_:space:)``).
    static func state(_ text: String) throws -> [Double] {
        guard let parsed = try? JSONDecoder().decode([Double].self, from: Data(text.utf8)) else {
            throw ValidationError("--state: not a JSON array of numbers: \(text)")
        }
        return parsed
    }

    /// One JSON object with the keys in a fixed order.
    static func line(_ fields: KeyValuePairs<String, String>) -> String {
        "{" + fields.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ") + "}"
    }


    static func array(_ values: [Float]) -> String {
        "[" + values.map { $0.isFinite ? "\($0)" : "null" }.joined(separator: ", ") + "]"
    }

    static func array(_ values: [Double]) -> String { "[" + values.map(MetricsLog.number).joined(separator: ", ") + "]" }

    static func action(_ action: Action) -> String {
        switch action {
        case let .discrete(index): "\(index)"
        case let .continuous(values): array(values)
        case let .multiDiscrete(values): "[" + values.map(String.init).joined(separator: ", ") + "]"
        }
    }
}

/// How `frontier env list` shows an environment.
enum EnvironmentListing {
    static func text(metadata: EnvironmentMetadata, summary: String, observationSpace: Space, actionSpace: Space) -> String {
        let limit = metadata.maxEpisodeSteps.map(String.init) ?? "none"
        let threshold = metadata.rewardThreshold.map { "\($0)" } ?? "none"
        return """
        \(metadata.id)  (version \(metadata.version))  \(summary)
          observations \(observationSpace)
          actions      \(actionSpace)
          rewards per step in [\(metadata.minimumReward), \(metadata.maximumReward)], time limit \(limit), solved at \(threshold)
        """
    }

    static func json(metadata: EnvironmentMetadata, summary: String, observationSpace: Space, actionSpace: Space) -> String {
        return ReplayInput.line([
            "id": "\"\(metadata.id)\"", "version": "\(metadata.version)", "summary": "\"\(MetricsLog.escape(summary))\"",
            "observation_space": observationSpace.json, "action_space": actionSpace.json,
            "max_episode_steps": metadata.maxEpisodeSteps.map(String.init) ?? "null",
            "reward_threshold": metadata.rewardThreshold.map { MetricsLog.number($0) } ?? "null",
        ])
    }
}

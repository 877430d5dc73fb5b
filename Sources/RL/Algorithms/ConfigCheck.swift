import NN

/// Field checks shared by the algorithm configs; each error names the field (snake_case, as
/// config files spell it) and the value.
enum ConfigCheck {
    static func positive(_ value: Int, _ field: String) throws(TrainingError) {
        guard value > 0 else { throw .invalidConfig("\(field) must be positive, got \(value)") }
    }

    static func positive(_ value: Double, _ field: String) throws(TrainingError) {
        guard value > 0, value.isFinite else { throw .invalidConfig("\(field) must be positive and finite, got \(value)") }
    }

    static func nonNegative(_ value: Double, _ field: String) throws(TrainingError) {
        guard value >= 0, value.isFinite else { throw .invalidConfig("\(field) must be non-negative and finite, got \(value)") }
    }

    static func nonNegative(_ value: Int, _ field: String) throws(TrainingError) {
        guard value >= 0 else { throw .invalidConfig("\(field) must be non-negative, got \(value)") }
    }

    static func unit(_ value: Double, _ field: String) throws(TrainingError) {
        guard (0...1).contains(value) else { throw .invalidConfig("\(field) must lie in [0, 1], got \(value)") }
    }

    static func finite(_ value: Double, _ field: String) throws(TrainingError) {
        guard value.isFinite else { throw .invalidConfig("\(field) must be finite, got \(value)") }
    }

    static func layers(_ sizes: [Int], _ field: String) throws(TrainingError) {
        guard !sizes.isEmpty, sizes.allSatisfy({ $0 > 0 }) else {
            throw .invalidConfig("\(field) must list positive layer widths, got \(sizes)")
        }
    }
}

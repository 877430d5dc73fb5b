import NN

/// Field checks shared by the algorithm configs; each error names the field (snake_case, as
/// config files spell it) and the value.
enum ConfigCheck {
    static func positive(_ value: Int, _ field: String) throws(TrainingError) {
        guard value > 0 else { throw .invalidConfig("\(field) must be positive, got \(value)") }
    }

    /// A positive count no larger than `maximum` (bounds that keep a config file from asking
    /// for billions of environments or buffers larger than memory).
    static func positive(_ value: Int, _ field: String, atMost maximum: Int) throws(TrainingError) {
        guard value > 0, value <= maximum else {
            throw .invalidConfig("\(field) must lie in 1...\(maximum), got \(value)")
        }
    }

    /// The product of two validated counts, or an error when it exceeds `maximum`.
    static func product(_ a: Int, _ b: Int, _ description: String, atMost maximum: Int) throws(TrainingError) -> Int {
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        guard !overflow, product <= maximum else {
            throw .invalidConfig("\(description) (\(a) × \(b)) must be at most \(maximum)")
        }
        return product
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
        guard !sizes.isEmpty, sizes.count <= 16, sizes.allSatisfy({ $0 > 0 && $0 <= 1 << 16 }) else {
            throw .invalidConfig("\(field) must list 1 to 16 layer widths in 1...65536, got \(sizes)")
        }
    }

    /// The most environment copies, steps per rollout and transitions per batch a config may ask for.
    static let maximumCopies = 4_096, maximumRolloutSteps = 1 << 20, maximumBatch = 1 << 24
    /// The most environment steps a run may ask for.
    static let maximumSteps = 1 << 40
}

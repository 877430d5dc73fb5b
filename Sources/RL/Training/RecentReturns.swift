/// The returns of the last `capacity` finished episodes and their running mean, as the
/// progress line and Stable-Baselines3's `ep_rew_mean` report them.
struct RecentReturns {
    let capacity: Int
    private var values: [Double] = []
    private var next = 0

    init(capacity: Int = 100) { self.capacity = capacity }

    mutating func append(_ value: Double) {
        if values.count < capacity { values.append(value) } else { values[next] = value }
        next = (next + 1) % capacity
    }

    var mean: Double? { values.isEmpty ? nil : values.reduce(0, +) / Double(values.count) }
}

import Tensor

/// A running per-element mean and variance of vectors (Gymnasium's and Stable-Baselines3's
/// `RunningMeanStd`), in `Double`.
///
/// A batch is merged with the parallel-variance formula of Chan, Golub and LeVeque (1979), as
/// `update_mean_var_count_from_moments` does: merging two batches in turn gives the same
/// statistics as merging them as one (up to rounding). The statistics start at mean 0,
/// variance 1 and a pseudo-count `epsilon` (1e-4), as both libraries do, so the first batch
/// dominates at once and the variance is never 0 before data arrive.
public struct RunningMeanStd: Sendable, Codable, Equatable {
    /// The running mean, one per element.
    public private(set) var mean: [Double]
    /// The running (population) variance, one per element.
    public private(set) var variance: [Double]
    /// The number of vectors seen, plus the initial pseudo-count.
    public private(set) var count: Double

    private enum CodingKeys: String, CodingKey {
        case mean
        case variance = "var"
        case count
    }

    /// Statistics for vectors of `size` elements, before any data: mean 0, variance 1,
    /// count `epsilon`.
    public init(size: Int, epsilon: Double = 1e-4) {
        check(size > 0, "RunningMeanStd: size must be positive, got \(size)")
        check(epsilon > 0 && epsilon.isFinite, "RunningMeanStd: epsilon must be positive, got \(epsilon)")
        mean = Array(repeating: 0, count: size)
        variance = Array(repeating: 1, count: size)
        count = epsilon
    }

    /// Statistics with the given moments; stops when the sizes differ, a variance is negative
    /// or the count is not positive.
    public init(mean: [Double], variance: [Double], count: Double) {
        if let problem = Self.problem(mean: mean, variance: variance, count: count) {
            check(false, "RunningMeanStd: \(problem)")
        }
        self.mean = mean
        self.variance = variance
        self.count = count
    }

    /// Decodes and validates statistics written by `Codable` (keys `mean`, `var`, `count`).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let mean = try container.decode([Double].self, forKey: .mean)
        let variance = try container.decode([Double].self, forKey: .variance)
        let count = try container.decode(Double.self, forKey: .count)
        if let problem = Self.problem(mean: mean, variance: variance, count: count) {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "RunningMeanStd: \(problem)"))
        }
        self.init(mean: mean, variance: variance, count: count)
    }

    /// The number of elements of one vector.
    public var size: Int { mean.count }

    /// Merges a batch of `rowCount` vectors stored row-major in `rows` (a vector
    /// environment's observation layout).
    public mutating func update(rows: [Float], rowCount: Int) {
        check(rows.count == rowCount * size,
              "RunningMeanStd.update: \(rows.count) values are not \(rowCount) rows of \(size)")
        guard rowCount > 0 else { return }
        var batchMean = [Double](repeating: 0, count: size)
        for row in 0..<rowCount {
            for element in 0..<size { batchMean[element] += Double(rows[row * size + element]) }
        }
        for element in 0..<size { batchMean[element] /= Double(rowCount) }
        var batchVariance = [Double](repeating: 0, count: size)
        for row in 0..<rowCount {
            for element in 0..<size {
                let deviation = Double(rows[row * size + element]) - batchMean[element]
                batchVariance[element] += deviation * deviation
            }
        }
        for element in 0..<size { batchVariance[element] /= Double(rowCount) }
        update(mean: batchMean, variance: batchVariance, count: Double(rowCount))
    }

    /// Merges a batch of vectors.
    public mutating func update(batch: [[Float]]) {
        for (index, row) in batch.enumerated() where row.count != size {
            check(false, "RunningMeanStd.update: vector \(index) has \(row.count) elements, expected \(size)")
        }
        update(rows: batch.flatMap { $0 }, rowCount: batch.count)
    }

    /// Merges a batch of scalars (statistics of size 1, such as discounted returns).
    public mutating func update(scalars: [Double]) {
        check(size == 1, "RunningMeanStd.update(scalars:): the statistics have size \(size), not 1")
        guard !scalars.isEmpty else { return }
        let batchMean = scalars.reduce(0, +) / Double(scalars.count)
        let batchVariance = scalars.reduce(0) { $0 + ($1 - batchMean) * ($1 - batchMean) } / Double(scalars.count)
        update(mean: [batchMean], variance: [batchVariance], count: Double(scalars.count))
    }

    /// Merges a batch given by its moments (Chan et al.'s pairwise combination).
    public mutating func update(mean batchMean: [Double], variance batchVariance: [Double], count batchCount: Double) {
        check(batchMean.count == size && batchVariance.count == size,
              "RunningMeanStd.update: batch moments have \(batchMean.count) and \(batchVariance.count) elements, expected \(size)")
        let total = count + batchCount
        for element in 0..<size {
            let delta = batchMean[element] - mean[element]
            let squares = variance[element] * count + batchVariance[element] * batchCount
                + delta * delta * count * batchCount / total
            mean[element] += delta * batchCount / total
            variance[element] = squares / total
        }
        count = total
    }

    /// `(x - mean) / sqrt(variance + epsilon)`, computed in `Double`, optionally clipped to
    /// `[-clip, clip]`, and rounded to `Float` (Gymnasium's `NormalizeObservation`, SB3's
    /// `VecNormalize.normalize_obs`). `values` may hold several vectors back to back.
    public func normalize(_ values: [Float], epsilon: Double = 1e-8, clip: Double? = nil) -> [Float] {
        check(!values.isEmpty && values.count % size == 0,
              "RunningMeanStd.normalize: \(values.count) values are not whole vectors of \(size)")
        var result = [Float](repeating: 0, count: values.count)
        for index in values.indices {
            let element = index % size
            var value = (Double(values[index]) - mean[element]) / (variance[element] + epsilon).squareRoot()
            if let clip { value = Swift.min(Swift.max(value, -clip), clip) }
            result[index] = Float(value)
        }
        return result
    }

    /// The statistics as named arrays for a checkpoint: `mean`, `var` and `count` (one
    /// element), each name preceded by `prefix`.
    public func export(prefix: String = "") -> [String: [Double]] {
        [prefix + "mean": mean, prefix + "var": variance, prefix + "count": [count]]
    }

    /// Statistics read back from ``export(prefix:)``; throws when an array is missing, the
    /// sizes disagree or a value is out of range.
    public init(exported arrays: [String: [Double]], prefix: String = "") throws(NormalizationError) {
        func array(_ name: String) throws(NormalizationError) -> [Double] {
            guard let values = arrays[prefix + name] else { throw .missing(key: prefix + name) }
            return values
        }
        let mean = try array("mean"), variance = try array("var"), count = try array("count")
        guard count.count == 1 else {
            throw .invalid(key: prefix + "count", reason: "expected one value, got \(count.count)")
        }
        if let problem = Self.problem(mean: mean, variance: variance, count: count[0]) {
            throw .invalid(key: prefix.isEmpty ? "statistics" : prefix, reason: problem)
        }
        self.init(mean: mean, variance: variance, count: count[0])
    }

    private static func problem(mean: [Double], variance: [Double], count: Double) -> String? {
        if mean.isEmpty { return "mean is empty" }
        if mean.count != variance.count { return "mean has \(mean.count) elements, var has \(variance.count)" }
        if !(count > 0 && count.isFinite) { return "count must be positive and finite, got \(count)" }
        if let index = mean.firstIndex(where: { !$0.isFinite }) { return "mean[\(index)] is \(mean[index])" }
        if let index = variance.firstIndex(where: { !($0 >= 0 && $0.isFinite) }) {
            return "var[\(index)] must be finite and non-negative, got \(variance[index])"
        }
        return nil
    }
}

/// Why saved normalisation statistics cannot be loaded.
public enum NormalizationError: Error, Equatable, CustomStringConvertible {
    /// An array the statistics need is absent.
    case missing(key: String)
    /// An array has the wrong size or an impossible value.
    case invalid(key: String, reason: String)

    /// A message naming the array and the problem.
    public var description: String {
        switch self {
        case let .missing(key): "normalisation statistics: missing array '\(key)'"
        case let .invalid(key, reason): "normalisation statistics: '\(key)': \(reason)"
        }
    }
}

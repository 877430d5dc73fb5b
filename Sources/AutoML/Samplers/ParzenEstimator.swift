import Foundation
import Tensor

/// A mixture of product kernels over a (sub)space, fitted to observed parameter values: the
/// l(x) and g(x) of TPE. Follows Optuna 5.0's `_ParzenEstimator`:
///
/// - log-scale parameters are modelled on the log axis, stepped ones (integers, floats with a
///   step) as discrete truncated normals whose cells are `value ± step/2` (on the log axis for
///   log-scale integers), the range widened by half a step at each end;
/// - each observation gets a kernel; a prior kernel (the range's centre, the range's width) is
///   added with `priorWeight`;
/// - a numeric kernel's width is the larger gap to its neighbours among the observations (the
///   range's ends as outer neighbours; the outermost kernels take their inner gap unless
///   `considerEndpoints`), clipped to [f · width / min(100, n + 2), width] (the "magic clip";
///   f is `bandwidthFloor`, 1 in Optuna), in the joint (multivariate) model as in the
///   independent one;
/// - a categorical kernel puts `priorWeight / (n + 1)` on every choice and 1 more on its own,
///   normalised.
///
/// (Optuna before 5.0 counted the prior's centre as a neighbour, used Scott's rule for the
/// multivariate model, and modelled log-scale integers continuously.)
struct ParzenEstimator {
    enum Kernels {
        /// A numeric dimension. `mus` and `sigmas` live on the model axis (the log of the value
        /// for log scales), `lower`/`upper` are the range there (widened by half a step for
        /// stepped ones); `low`, `high` and `step` are the parameter's own, for snapping draws.
        case numeric(mus: [Double], sigmas: [Double], lower: Double, upper: Double, low: Double, high: Double, step: Double?, log: Bool)
        /// Categorical dimension: per kernel, a probability per choice.
        case categorical(probabilities: [[Double]])
    }

    let space: [(name: String, distribution: Distribution)]
    /// Kernel weights, summing to 1.
    let weights: [Double]
    let dimensions: [Kernels]
    /// Per numeric dimension and kernel, the part of the log density that does not depend on
    /// the point: log σ + log √(2π) + log Z for continuous kernels, log Z for discrete ones
    /// (Z the kernel's mass inside the range). Computed once: scoring candidates is the
    /// sampler's inner loop.
    private let logNormalizers: [[Double]]

    /// Fits the estimator to `observations` (one row per trial, one internal value per dimension
    /// of `space`), weighted by `observationWeights` before the prior is added.
    init(observations: [[Double]], observationWeights: [Double], space: [(name: String, distribution: Distribution)],
         configuration: TPESampler.Configuration) {
        self.space = space
        var weights = observations.isEmpty ? [1.0] : observationWeights + [configuration.priorWeight]
        let total = weights.reduce(0, +)
        for index in weights.indices { weights[index] /= total }
        self.weights = weights
        let dimensions = space.enumerated().map { column, parameter in
            Self.kernels(observations.map { $0[column] }, parameter.distribution, configuration: configuration)
        }
        self.dimensions = dimensions
        logNormalizers = dimensions.map { dimension in
            guard case let .numeric(mus, sigmas, lower, upper, _, _, step, _) = dimension else { return [] }
            return zip(mus, sigmas).map { mu, sigma in
                let logMass = Foundation.log(NormalDistribution.mass((lower - mu) / sigma, (upper - mu) / sigma))
                return step == nil ? Foundation.log(sigma) + NormalDistribution.logSqrtTwoPi + logMass : logMass
            }
        }
    }

    private static func kernels(_ values: [Double], _ distribution: Distribution, configuration: TPESampler.Configuration) -> Kernels {
        let low: Double, high: Double, step: Double?, log: Bool
        switch distribution {
        case let .categorical(choices):
            let rows = values.count + 1
            var probabilities = [[Double]](repeating: [Double](repeating: configuration.priorWeight / Double(rows), count: choices.count), count: rows)
            for (row, observed) in values.enumerated() { probabilities[row][Int(observed)] += 1 }
            for row in probabilities.indices {
                let sum = probabilities[row].reduce(0, +)
                probabilities[row] = probabilities[row].map { $0 / sum }
            }
            return .categorical(probabilities: probabilities)
        case let .float(lower, upper, isLog, gridStep):
            (low, high, step, log) = (lower, upper, gridStep, isLog)
        case let .int(lower, upper, isLog, gridStep):
            (low, high, step, log) = (Double(lower), Double(upper), Double(gridStep), isLog)
        }
        let half = (step ?? 0) / 2
        let lower = log ? Foundation.log(low - half) : low - half
        let upper = log ? Foundation.log(high + half) : high + half
        let mus = log ? values.map { Foundation.log($0) } : values
        let width = upper - lower
        let minimum = configuration.considerMagicClip ? configuration.bandwidthFloor * width / min(100, Double(mus.count) + 2) : 1e-12
        let sigmas = neighbourBandwidths(mus, lower: lower, upper: upper, considerEndpoints: configuration.considerEndpoints)
            .map { min(max($0, minimum), width) }
        return .numeric(mus: mus + [0.5 * (lower + upper)], sigmas: sigmas + [width], lower: lower, upper: upper,
                        low: low, high: high, step: step, log: log)
    }

    /// Each kernel's width is the larger gap to its neighbours in the sorted observations, with
    /// the range's ends as outer neighbours; unless `considerEndpoints`, the outermost kernels
    /// take their inner gap only.
    private static func neighbourBandwidths(_ mus: [Double], lower: Double, upper: Double, considerEndpoints: Bool) -> [Double] {
        guard !mus.isEmpty else { return [] }
        let order = mus.indices.sorted { (mus[$0], $0) < (mus[$1], $1) }
        var points: [Double] = [lower]
        for index in order { points.append(mus[index]) }
        points.append(upper)
        var sorted: [Double] = []
        for index in 1..<(points.count - 1) {
            let left: Double = points[index] - points[index - 1]
            let right: Double = points[index + 1] - points[index]
            sorted.append(max(left, right))
        }
        if !considerEndpoints && points.count >= 4 {
            sorted[0] = points[2] - points[1]
            sorted[sorted.count - 1] = points[points.count - 2] - points[points.count - 3]
        }
        var sigmas = [Double](repeating: 0, count: mus.count)
        for (rank, index) in order.enumerated() { sigmas[index] = sorted[rank] }
        return sigmas
    }

    /// `count` draws as internal values (stepped ones on their grid), one row per draw.
    func sample(count: Int, using generator: inout PhiloxGenerator) -> [[Double]] {
        var cumulative: [Double] = []
        var running = 0.0
        for weight in weights {
            running += weight
            cumulative.append(running)
        }
        return (0..<count).map { _ in
            let u = generator.nextDouble() * running
            let kernel = min(cumulative.firstIndex { u < $0 } ?? weights.count - 1, weights.count - 1)
            return dimensions.map { dimension in
                switch dimension {
                case let .numeric(mus, sigmas, lower, upper, low, high, step, log):
                    let t = NormalDistribution.truncatedSample(mu: mus[kernel], sigma: sigmas[kernel], low: lower, high: upper,
                                                               uniform: generator.nextDouble())
                    let value = log ? exp(t) : t
                    guard let step else { return min(max(value, low), high) }
                    return min(max(low + ((value - low) / step).rounded() * step, low), high)
                case let .categorical(probabilities):
                    let row = probabilities[kernel]
                    var u = generator.nextDouble()
                    for (choice, probability) in row.enumerated() {
                        u -= probability
                        if u < 0 { return Double(choice) }
                    }
                    return Double(row.count - 1)
                }
            }
        }
    }

    /// log of the mixture's density (probability, for discrete dimensions) at `point`
    /// (internal values).
    func logDensity(_ point: [Double]) -> Double {
        var terms = weights.map { Foundation.log($0) }
        for (column, dimension) in dimensions.enumerated() {
            let value = point[column]
            switch dimension {
            case let .numeric(mus, sigmas, _, _, _, _, step, log):
                let normalizers = logNormalizers[column]
                if let step {
                    let left = log ? Foundation.log(value - step / 2) : value - step / 2
                    let right = log ? Foundation.log(value + step / 2) : value + step / 2
                    for kernel in terms.indices {
                        let cell = NormalDistribution.mass((left - mus[kernel]) / sigmas[kernel], (right - mus[kernel]) / sigmas[kernel])
                        terms[kernel] += Foundation.log(cell) - normalizers[kernel]
                    }
                } else {
                    let x = log ? Foundation.log(value) : value
                    for kernel in terms.indices {
                        let z = (x - mus[kernel]) / sigmas[kernel]
                        terms[kernel] += -0.5 * z * z - normalizers[kernel]
                    }
                }
            case let .categorical(probabilities):
                for kernel in terms.indices { terms[kernel] += Foundation.log(probabilities[kernel][Int(value)]) }
            }
        }
        let largest = terms.max() ?? -.infinity
        guard largest.isFinite else { return largest }
        return largest + Foundation.log(terms.reduce(0) { $0 + exp($1 - largest) })
    }
}

import Foundation
import Tensor

/// A mixture of product kernels over a (sub)space, fitted to observed parameter values: the
/// l(x) and g(x) of TPE. Follows Optuna's `_ParzenEstimator` (Optuna 3.x/4.x): log-scale
/// parameters are modelled on the log axis; each observation gets a truncated-normal kernel
/// (a discrete one on stepped grids) or a categorical one; a prior kernel (the range's centre,
/// the range's width) is added with `priorWeight`; bandwidths come from the neighbours' gaps
/// (univariate) or Scott's rule (multivariate), clipped by the "magic clip".
struct ParzenEstimator {
    enum Kernels {
        /// Numeric dimension on the model's axis (log for log scales).
        case numeric(mus: [Double], sigmas: [Double], low: Double, high: Double, step: Double?)
        /// Categorical dimension: per kernel, a probability per choice.
        case categorical(probabilities: [[Double]])
    }

    let space: [(name: String, distribution: Distribution)]
    /// Kernel weights, summing to 1.
    let weights: [Double]
    let dimensions: [Kernels]

    /// Fits the estimator to `observations` (one row per trial, one internal value per dimension
    /// of `space`), weighted by `observationWeights` before the prior is added.
    init(observations: [[Double]], observationWeights: [Double], space: [(name: String, distribution: Distribution)],
         configuration: TPESampler.Configuration) {
        self.space = space
        var weights = observations.isEmpty ? [1.0] : observationWeights + [configuration.priorWeight]
        let total = weights.reduce(0, +)
        for index in weights.indices { weights[index] /= total }
        self.weights = weights
        dimensions = space.enumerated().map { column, parameter in
            Self.kernels(observations.map { Self.toModelAxis($0[column], parameter.distribution) }, parameter.distribution,
                         dimensionCount: space.count, configuration: configuration)
        }
    }

    /// Internal value → the axis the kernels live on (log for log scales).
    static func toModelAxis(_ value: Double, _ distribution: Distribution) -> Double {
        switch distribution {
        case .float(_, _, true, _), .int(_, _, true, _): return log(value)
        default: return value
        }
    }

    static func fromModelAxis(_ value: Double, _ distribution: Distribution) -> ParameterValue {
        switch distribution {
        case .float(_, _, true, _), .int(_, _, true, _): return distribution.value(internal: exp(value))
        default: return distribution.value(internal: value)
        }
    }

    private static func kernels(_ mus: [Double], _ distribution: Distribution, dimensionCount: Int,
                                configuration: TPESampler.Configuration) -> Kernels {
        let low: Double, high: Double, step: Double?
        switch distribution {
        case let .categorical(choices):
            // Each observation: prior mass spread evenly, plus one on the observed choice; the last
            // row (the prior's) stays uniform.
            let rows = mus.count + 1
            var probabilities = [[Double]](repeating: [Double](repeating: configuration.priorWeight / Double(rows), count: choices.count), count: rows)
            for (row, observed) in mus.enumerated() { probabilities[row][Int(observed)] += 1 }
            for row in probabilities.indices {
                let sum = probabilities[row].reduce(0, +)
                probabilities[row] = probabilities[row].map { $0 / sum }
            }
            return .categorical(probabilities: probabilities)
        case let .float(lower, upper, log, gridStep):
            if log { (low, high, step) = (Foundation.log(lower), Foundation.log(upper), nil) } else { (low, high, step) = (lower, upper, gridStep) }
        case let .int(lower, upper, log, gridStep):
            // Log-scale integers are modelled continuously on [log(low − ½), log(high + ½)] and
            // rounded afterwards, as Optuna does.
            if log { (low, high, step) = (Foundation.log(Double(lower) - 0.5), Foundation.log(Double(upper) + 0.5), nil) } else { (low, high, step) = (Double(lower), Double(upper), Double(gridStep)) }
        }
        let width = high - low + (step ?? 0)
        var sigmas: [Double]
        if configuration.multivariate {
            let sigma = 0.2 * pow(Double(max(mus.count, 1)), -1.0 / Double(dimensionCount + 4)) * width
            sigmas = [Double](repeating: sigma, count: mus.count)
        } else {
            sigmas = neighbourBandwidths(mus, low: low, high: high, step: step ?? 0, considerEndpoints: configuration.considerEndpoints)
        }
        let maximum = width
        let minimum = configuration.considerMagicClip ? width / min(100, 1 + Double(mus.count) + 1) : 1e-12
        sigmas = sigmas.map { min(max($0, minimum), maximum) }
        return .numeric(mus: mus + [0.5 * (low + high)], sigmas: sigmas + [width], low: low, high: high, step: step)
    }

    /// Each kernel's width is the larger gap to its neighbours in the sorted observations plus
    /// the prior's centre, with the range's ends as outer neighbours.
    private static func neighbourBandwidths(_ mus: [Double], low: Double, high: Double, step: Double, considerEndpoints: Bool) -> [Double] {
        let withPrior = mus + [0.5 * (low + high)]
        let order = withPrior.indices.sorted { (withPrior[$0], $0) < (withPrior[$1], $1) }
        var points: [Double] = [low - step / 2]
        for index in order { points.append(withPrior[index]) }
        points.append(high + step / 2)
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
        var sigmas = [Double](repeating: 0, count: withPrior.count)
        for (rank, index) in order.enumerated() { sigmas[index] = sorted[rank] }
        return Array(sigmas.prefix(mus.count))
    }

    /// `count` draws, on the model axis, one row per draw.
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
                case let .numeric(mus, sigmas, low, high, step):
                    let half = (step ?? 0) / 2
                    let x = NormalDistribution.truncatedSample(mu: mus[kernel], sigma: sigmas[kernel], low: low - half, high: high + half,
                                                               uniform: generator.nextDouble())
                    guard let step else { return x }
                    return min(max(low + ((x - low) / step).rounded() * step, low), high)
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

    /// log of the mixture density at `point` (model axis).
    func logDensity(_ point: [Double]) -> Double {
        var terms = weights.map { Foundation.log($0) }
        for (column, dimension) in dimensions.enumerated() {
            let x = point[column]
            switch dimension {
            case let .numeric(mus, sigmas, low, high, step):
                for kernel in terms.indices {
                    if let step {
                        terms[kernel] += NormalDistribution.discreteLogProbability(x, mu: mus[kernel], sigma: sigmas[kernel], low: low, high: high, step: step)
                    } else {
                        terms[kernel] += NormalDistribution.truncatedLogDensity(x, mu: mus[kernel], sigma: sigmas[kernel], low: low, high: high)
                    }
                }
            case let .categorical(probabilities):
                for kernel in terms.indices { terms[kernel] += Foundation.log(probabilities[kernel][Int(x)]) }
            }
        }
        let largest = terms.max() ?? -.infinity
        guard largest.isFinite else { return largest }
        return largest + Foundation.log(terms.reduce(0) { $0 + exp($1 - largest) })
    }
}

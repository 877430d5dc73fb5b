import Foundation
import Tensor

/// Seeded generators of series with known structure, so Forecast-v0 has endless tasks no
/// miner can memorise: autoregressive, trend with seasonality, regime switches, random walks
/// with jumps. Each draws its own parameters from the generator.
public enum SyntheticSeriesKind: String, Sendable, CaseIterable {
    /// AR(p), p in 1…3, stationary (coefficients from partial autocorrelations in (−0.9, 0.9)).
    case autoregressive = "ar"
    /// A linear trend, a sinusoidal season (period 4, 7, 12 or 24) and noise.
    case seasonal
    /// An AR(1) whose mean and volatility switch between two regimes (switch chance 2% a step).
    case regime
    /// A random walk with occasional jumps (3% of steps, five times the step's spread).
    case jumps

    /// A series of `length` values and its season length (1 when it has none).
    public func generate(length: Int, using generator: inout PhiloxGenerator) -> (values: [Double], seasonLength: Int) {
        func uniform(_ low: Double, _ high: Double) -> Double { low + (high - low) * generator.nextDouble() }
        func normal() -> Double {
            // Box–Muller from two uniforms in (0, 1].
            let u = 1 - generator.nextDouble(), v = generator.nextDouble()
            return (-2 * Foundation.log(u)).squareRoot() * Foundation.cos(2 * Double.pi * v)
        }
        let level = uniform(-50, 50), scale = Foundation.exp(uniform(-1, 3))
        switch self {
        case .autoregressive:
            let order = 1 + generator.nextInt(below: 3)
            let coefficients = Self.stationaryCoefficients((0..<order).map { _ in uniform(-0.9, 0.9) })
            var values: [Double] = []
            var recent = [Double](repeating: 0, count: order)
            for step in 0..<(length + 100) {
                var next = normal()
                for lag in 0..<order { next += coefficients[lag] * recent[lag] }
                recent.insert(next, at: 0)
                recent.removeLast()
                if step >= 100 { values.append(level + scale * next) }
            }
            return (values, 1)
        case .seasonal:
            let period = [4, 7, 12, 24][generator.nextInt(below: 4)]
            let slope = uniform(-0.05, 0.05), amplitude = uniform(0.5, 3), phase = uniform(0, 2 * Double.pi)
            let noise = uniform(0.1, 0.6)
            let values = (0..<length).map { t in
                level + scale * (slope * Double(t) + amplitude * Foundation.sin(2 * Double.pi * Double(t) / Double(period) + phase) + noise * normal())
            }
            return (values, period)
        case .regime:
            let means = [uniform(-2, 2), uniform(-2, 2)], spreads = [uniform(0.2, 0.6), uniform(0.8, 2)]
            let persistence = uniform(0.3, 0.9)
            var regime = generator.nextInt(below: 2), current = means[regime]
            var values: [Double] = []
            for _ in 0..<length {
                if generator.nextDouble() < 0.02 { regime = 1 - regime }
                current = means[regime] + persistence * (current - means[regime]) + spreads[regime] * normal()
                values.append(level + scale * current)
            }
            return (values, 1)
        case .jumps:
            var current = 0.0
            var values: [Double] = []
            for _ in 0..<length {
                current += normal() + (generator.nextDouble() < 0.03 ? 5 * normal() : 0)
                values.append(level + scale * current)
            }
            return (values, 1)
        }
    }

    /// AR coefficients from partial autocorrelations (Durbin–Levinson): any values in (−1, 1)
    /// give a stationary process (Barndorff-Nielsen and Schou, 1973).
    public static func stationaryCoefficients(_ partial: [Double]) -> [Double] {
        var coefficients: [Double] = []
        for (index, value) in partial.enumerated() {
            var next = coefficients
            for lag in 0..<index { next[lag] = coefficients[lag] - value * coefficients[index - 1 - lag] }
            next.append(value)
            coefficients = next
        }
        return coefficients
    }
}

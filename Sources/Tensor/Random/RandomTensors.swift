/// Random tensors drawn from a ``PhiloxGenerator`` the caller owns: no global random state, so
/// the same generator state always gives the same tensor.
extension Tensor {
    /// Samples from a normal distribution.
    public static func randomNormal(
        _ shape: [Int], mean: Double = 0, standardDeviation: Double = 1,
        dtype: DType = .float32, using generator: inout PhiloxGenerator
    ) -> Tensor {
        check(standardDeviation >= 0, "randomNormal: standard deviation \(standardDeviation) is negative")
        let values = (0..<Shape.count(shape)).map { _ in mean + standardDeviation * generator.nextNormal() }
        return Tensor(values: values, shape: shape, dtype: dtype)
    }

    /// Samples uniform in `[low, high)`.
    public static func randomUniform(
        _ shape: [Int], low: Double = 0, high: Double = 1,
        dtype: DType = .float32, using generator: inout PhiloxGenerator
    ) -> Tensor {
        check(low <= high, "randomUniform: low \(low) is greater than high \(high)")
        let values = (0..<Shape.count(shape)).map { _ in low + (high - low) * generator.nextDouble() }
        return Tensor(values: values, shape: shape, dtype: dtype)
    }

    /// 1 with `probability`, else 0, independently per element.
    public static func bernoulli(
        _ shape: [Int], probability: Double, dtype: DType = .float32, using generator: inout PhiloxGenerator
    ) -> Tensor {
        check((0...1).contains(probability), "bernoulli: probability \(probability) is outside [0, 1]")
        let values = (0..<Shape.count(shape)).map { _ in generator.nextDouble() < probability ? 1.0 : 0.0 }
        return Tensor(values: values, shape: shape, dtype: dtype)
    }

    /// 1 with the probability given per element by `probabilities` (values in [0, 1]), else 0.
    public static func bernoulli(probabilities: Tensor, using generator: inout PhiloxGenerator) -> Tensor {
        let values = probabilities.doubles.map { p -> Double in
            check((0...1).contains(p), "bernoulli: probability \(p) is outside [0, 1]")
            return generator.nextDouble() < p ? 1 : 0
        }
        return Tensor(values: values, shape: probabilities.shape, dtype: probabilities.dtype)
    }

    /// One class index per row of `probabilities` (the last axis holds non-negative weights,
    /// normalised here), drawn by inverse transform sampling.
    public static func categorical(probabilities: Tensor, using generator: inout PhiloxGenerator) -> [Int] {
        check(probabilities.rank >= 1, "categorical: probabilities must have at least one axis, got shape []")
        let classes = probabilities.shape[probabilities.rank - 1]
        check(classes > 0, "categorical: no classes in shape \(probabilities.shape)")
        let weights = probabilities.doubles
        let rows = weights.count / classes
        return (0..<rows).map { row in
            let slice = weights[(row * classes)..<((row + 1) * classes)]
            var total = 0.0
            for w in slice {
                check(w >= 0 && w.isFinite, "categorical: weight \(w) in row \(row) is negative or not finite")
                total += w
            }
            check(total > 0, "categorical: row \(row) has no positive weight")
            let target = generator.nextDouble() * total
            var running = 0.0
            for (offset, w) in slice.enumerated() {
                running += w
                if target < running { return offset }
            }
            // Rounding can leave target == total: the last class with positive weight.
            return slice.lastIndex { $0 > 0 }! - row * classes
        }
    }

    /// One class index per row of unnormalised log-probabilities (the last axis).
    public static func categorical(logits: Tensor, using generator: inout PhiloxGenerator) -> [Int] {
        categorical(probabilities: noGrad { logits.softmax(axis: -1) }, using: &generator)
    }

    /// `0..<count` in random order, as a 1-D tensor.
    public static func randomPermutation(_ count: Int, dtype: DType = .float32, using generator: inout PhiloxGenerator) -> Tensor {
        Tensor(values: generator.permutation(count).map(Double.init), shape: [count], dtype: dtype)
    }
}

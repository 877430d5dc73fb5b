import NN
import Tensor
import TestSupport
import Testing

/// Sample mean and (population) standard deviation.
private func moments(_ values: [Double]) -> (mean: Double, standardDeviation: Double) {
    let mean = values.reduce(0, +) / Double(values.count)
    let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
    return (mean, variance.squareRoot())
}

/// Row-major `rows × columns` matrix product of `aᵀ·b` (both with `rows` rows).
private func transposedProduct(_ a: [Double], _ b: [Double], rows: Int, columnsA: Int, columnsB: Int) -> [Double] {
    var result = [Double](repeating: 0, count: columnsA * columnsB)
    for i in 0..<columnsA {
        for j in 0..<columnsB {
            var total = 0.0
            for k in 0..<rows { total += a[k * columnsA + i] * b[k * columnsB + j] }
            result[i * columnsB + j] = total
        }
    }
    return result
}

/// Initialisers: torch.nn.init's formulas checked by their statistics and by orthogonality.
@Suite("Initializers")
struct InitializerTests {
    @Test("fans follow torch: [out, in, k…] gives in·k… and out·k…")
    func fans() {
        #expect(Initializer.fans([3, 4]) == (4, 3))
        #expect(Initializer.fans([64, 32, 3, 3]) == (288, 576))
        #expect(Initializer.fans([5, 2, 7]) == (14, 35))
    }

    /// Checks uniform draws: inside ±bound, reaching near it, mean 0 and std bound/√3.
    private func expectUniform(_ tensor: Tensor, bound: Double, _ context: String) {
        let values = tensor.doubles
        let largest = values.map(Swift.abs).max() ?? 0
        #expect(largest <= bound && largest > 0.99 * bound, "\(context): largest |x| \(largest), bound \(bound)")
        let (mean, standardDeviation) = moments(values)
        let expected = bound / 3.0.squareRoot()
        #expect(Swift.abs(mean) < 5 * expected / Double(values.count).squareRoot(), "\(context): mean \(mean)")
        #expect(Swift.abs(standardDeviation / expected - 1) < 0.02, "\(context): std \(standardDeviation), expected \(expected)")
    }

    /// Checks normal draws: mean 0, std as given, and about 4.55% beyond 2 std.
    private func expectNormal(_ tensor: Tensor, standardDeviation expected: Double, _ context: String) {
        let values = tensor.doubles
        let (mean, standardDeviation) = moments(values)
        #expect(Swift.abs(mean) < 5 * expected / Double(values.count).squareRoot(), "\(context): mean \(mean)")
        #expect(Swift.abs(standardDeviation / expected - 1) < 0.02, "\(context): std \(standardDeviation), expected \(expected)")
        let tail = Double(values.filter { Swift.abs($0) > 2 * expected }.count) / Double(values.count)
        #expect(Swift.abs(tail - 0.0455) < 0.005, "\(context): fraction beyond 2 std \(tail)")
    }

    @Test("Xavier uniform and normal: bound gain·√(6/(fanIn+fanOut)), std gain·√(2/(fanIn+fanOut))")
    func xavier() {
        var generator = PhiloxGenerator(seed: 11)
        let uniform = Initializer.xavierUniform([200, 300], gain: 2, using: &generator)
        #expect(uniform.shape == [200, 300] && uniform.dtype == .float32 && !uniform.requiresGrad)
        expectUniform(uniform, bound: 2 * (6.0 / 500).squareRoot(), "xavierUniform")
        let normal = Initializer.xavierNormal([60, 40, 5, 5], gain: 1.5, dtype: .float64, using: &generator)
        #expect(normal.dtype == .float64)
        expectNormal(normal, standardDeviation: 1.5 * (2.0 / (1000 + 1500)).squareRoot(), "xavierNormal")
    }

    @Test("Kaiming uniform and normal: bound gain·√(3/fan), std gain/√fan, fan by mode")
    func kaiming() {
        var generator = PhiloxGenerator(seed: 12)
        expectUniform(Initializer.kaimingUniform([64, 32, 3, 3], using: &generator),
                      bound: 2.0.squareRoot() * (3.0 / 288).squareRoot(), "kaimingUniform fanIn relu")
        expectUniform(Initializer.kaimingUniform([64, 32, 3, 3], mode: .fanOut, nonlinearity: .tanh, using: &generator),
                      bound: 5.0 / 3 * (3.0 / 576).squareRoot(), "kaimingUniform fanOut tanh")
        expectNormal(Initializer.kaimingNormal([256, 128], using: &generator),
                     standardDeviation: 2.0.squareRoot() / 128.0.squareRoot(), "kaimingNormal fanIn relu")
        let leakyGain = (2 / (1 + 0.01 * 0.01)).squareRoot()
        expectNormal(Initializer.kaimingNormal([256, 128], mode: .fanOut, nonlinearity: .leakyRelu, using: &generator),
                     standardDeviation: leakyGain / 256.0.squareRoot(), "kaimingNormal fanOut leakyRelu")
        expectNormal(Initializer.kaimingNormal([300, 200], nonlinearity: .identity, using: &generator),
                     standardDeviation: 1 / 200.0.squareRoot(), "kaimingNormal linear")
    }

    @Test("zeros and constant")
    func constants() {
        expectClose(Initializer.zeros([2, 3]), shape: [2, 3], [Double](repeating: 0, count: 6), relative: 0, absolute: 0)
        let filled = Initializer.constant([4], value: 0.25, dtype: .float64)
        #expect(filled.dtype == .float64)
        expectClose(filled, shape: [4], [0.25, 0.25, 0.25, 0.25], relative: 0, absolute: 0)
    }

    @Test("orthogonal: WᵀW = gain²·I for rows ≥ columns, WWᵀ = gain²·I otherwise", arguments: [
        ([8, 8], 1.0), ([12, 5], 1.5), ([5, 12], 2.0.squareRoot()), ([6, 2, 3, 3], 0.01), ([1, 7], 1.0), ([7, 1], 1.0),
    ])
    func orthogonality(_ shape: [Int], _ gain: Double) {
        var generator = PhiloxGenerator(seed: 13)
        let weight = Initializer.orthogonal(shape, gain: gain, dtype: .float64, using: &generator)
        #expect(weight.shape == shape)
        let rows = shape[0]
        let columns = weight.scalarCount / rows
        let values = weight.doubles
        // Gram matrix of the columns (tall or square) or of the rows (wide).
        let gram = rows >= columns
            ? transposedProduct(values, values, rows: rows, columnsA: columns, columnsB: columns)
            : transposedProduct(
                Tensor(shape: [rows, columns], doubles: values).transposed().doubles,
                Tensor(shape: [rows, columns], doubles: values).transposed().doubles,
                rows: columns, columnsA: rows, columnsB: rows)
        let size = Swift.min(rows, columns)
        var identity = [Double](repeating: 0, count: size * size)
        for i in 0..<size { identity[i * size + i] = gain * gain }
        if let bad = firstMismatch(gram, identity, relative: 0, absolute: 1e-12 * Swift.max(gain * gain, 1)) {
            Issue.record("orthogonal \(shape): Gram element \(bad) is \(gram[bad]), expected \(identity[bad])")
        }
    }

    @Test("orthogonal follows torch's sign convention: Qᵀ·A is upper triangular with a positive diagonal",
          arguments: [[9, 4], [4, 9], [6, 6]])
    func orthogonalSigns(_ shape: [Int]) {
        let (rows, columns) = (shape[0], shape[1])
        var generator = PhiloxGenerator(seed: 14)
        let weight = Initializer.orthogonal(shape, dtype: .float64, using: &generator)
        // The Gaussian matrix the initialiser drew, row-major from the same generator state.
        var replay = PhiloxGenerator(seed: 14)
        let gaussian = Tensor.randomNormal(shape, dtype: .float64, using: &replay)
        // torch factors A (tall) or Aᵀ (wide): A = QR, so R = QᵀA.
        let tall = rows >= columns
        let q = tall ? weight : weight.transposed()
        let a = tall ? gaussian : gaussian.transposed()
        let (m, n) = (q.shape[0], q.shape[1])
        let r = transposedProduct(q.doubles, a.doubles, rows: m, columnsA: n, columnsB: n)
        for i in 0..<n {
            #expect(r[i * n + i] > 0, "\(shape): R[\(i)][\(i)] = \(r[i * n + i])")
            for j in 0..<i {
                #expect(Swift.abs(r[i * n + j]) < 1e-12, "\(shape): R[\(i)][\(j)] = \(r[i * n + j]) below the diagonal")
            }
        }
    }

    @Test("the same seed gives the same weights; another seed does not")
    func determinism() {
        func draw(_ seed: UInt64) -> [[Float]] {
            var generator = PhiloxGenerator(seed: seed)
            return [
                Initializer.xavierUniform([7, 5], using: &generator).scalars,
                Initializer.xavierNormal([7, 5], using: &generator).scalars,
                Initializer.kaimingUniform([7, 5, 2], using: &generator).scalars,
                Initializer.kaimingNormal([7, 5], mode: .fanOut, using: &generator).scalars,
                Initializer.orthogonal([7, 5], gain: 2, using: &generator).scalars,
                Initializer.orthogonal([3, 10], using: &generator).scalars,
            ]
        }
        // Bit-identity is the contract here, so exact comparison.
        #expect(draw(21) == draw(21))
        #expect(zip(draw(21), draw(22)).allSatisfy { $0 != $1 })
    }
}

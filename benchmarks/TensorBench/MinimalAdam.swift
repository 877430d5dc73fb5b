import Tensor

/// A minimal Adam (Kingma & Ba 2015) with PyTorch's defaults, for the training-step benchmarks
/// only; the NN module brings the real optimiser. The update is one fused pass per parameter.
struct MinimalAdam {
    var learningRate: Float = 1e-3
    var beta1: Float = 0.9
    var beta2: Float = 0.999
    var epsilon: Float = 1e-8
    private var firstMoments: [[Float]] = []
    private var secondMoments: [[Float]] = []
    /// β₁ᵗ and β₂ᵗ for the bias corrections, kept as running products.
    private var beta1Power: Float = 1
    private var beta2Power: Float = 1

    init(learningRate: Float = 1e-3) { self.learningRate = learningRate }

    mutating func update(_ parameters: inout [Tensor]) {
        if firstMoments.isEmpty {
            firstMoments = parameters.map { [Float](repeating: 0, count: $0.scalarCount) }
            secondMoments = firstMoments
        }
        beta1Power *= beta1
        beta2Power *= beta2
        let stepSize = learningRate / (1 - beta1Power)
        let rootCorrection2 = (1 - beta2Power).squareRoot()
        let (b1, b2, eps) = (beta1, beta2, epsilon)
        for index in parameters.indices {
            guard let gradient = parameters[index].grad?.scalars else { continue }
            firstMoments[index].withUnsafeMutableBufferPointer { m in
                secondMoments[index].withUnsafeMutableBufferPointer { v in
                    gradient.withUnsafeBufferPointer { g in
                        parameters[index].updateScalars { p in
                            MinimalAdam.fusedUpdate(
                                p.baseAddress!, g.baseAddress!, m.baseAddress!, v.baseAddress!, count: p.count,
                                beta1: b1, beta2: b2, stepSize: stepSize, rootCorrection2: rootCorrection2, epsilon: eps)
                        }
                    }
                }
            }
        }
    }

    /// One Adam step over raw buffers, eight lanes at a time (the scalar loop does not vectorise).
    static func fusedUpdate(
        _ p: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>, _ m: UnsafeMutablePointer<Float>,
        _ v: UnsafeMutablePointer<Float>, count: Int,
        beta1: Float, beta2: Float, stepSize: Float, rootCorrection2: Float, epsilon: Float
    ) {
        typealias V = SIMD8<Float>
        func load(_ pointer: UnsafePointer<Float>) -> V { UnsafeRawPointer(pointer).loadUnaligned(as: V.self) }
        func store(_ value: V, _ pointer: UnsafeMutablePointer<Float>) {
            UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: V.self)
        }
        let whole = count / 8 * 8
        var i = 0
        while i < whole {
            let gradient = load(g + i)
            let first = beta1 * load(m + i) + (1 - beta1) * gradient
            let second = beta2 * load(v + i) + (1 - beta2) * gradient * gradient
            store(first, m + i)
            store(second, v + i)
            store(load(p + i) - stepSize * first / (second.squareRoot() / rootCorrection2 + epsilon), p + i)
            i += 8
        }
        while i < count {
            m[i] = beta1 * m[i] + (1 - beta1) * g[i]
            v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i]
            p[i] -= stepSize * m[i] / (v[i].squareRoot() / rootCorrection2 + epsilon)
            i += 1
        }
    }
}

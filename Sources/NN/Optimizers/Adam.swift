import Tensor

/// Adam (Kingma & Ba, "Adam: A Method for Stochastic Optimization", 2015) and AdamW (Loshchilov
/// & Hutter, "Decoupled Weight Decay Regularization", 2019), with PyTorch's update and defaults:
///
///     g ← g + λθ                      (Adam's L2 weight decay), or θ ← θ(1 − ηλ) (AdamW)
///     m ← β₁m + (1 − β₁)g,  v ← β₂v + (1 − β₂)g²
///     θ ← θ − (η / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
///
/// State per parameter: `exp_avg` (m), `exp_avg_sq` (v) and `step`, as PyTorch names them.
/// AMSGrad is not implemented.
public struct Adam: Optimizer {
    public var learningRate: Float
    /// Decay of the first-moment average.
    public var beta1: Float
    /// Decay of the second-moment average.
    public var beta2: Float
    /// Added to the denominator for stability (PyTorch: 1e-8; cleanrl's PPO uses 1e-5).
    public var epsilon: Float
    /// Weight decay λ.
    public var weightDecay: Float
    /// Whether weight decay is decoupled from the gradient (AdamW) or added to it (Adam).
    public var decoupledWeightDecay: Bool
    var parameterStates = ParameterStates()

    /// Adam with PyTorch's defaults.
    public init(learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8,
                weightDecay: Float = 0, decoupledWeightDecay: Bool = false) {
        check(learningRate >= 0, "Adam: learning rate \(learningRate) is negative")
        check((0..<1).contains(beta1) && (0..<1).contains(beta2), "Adam: betas (\(beta1), \(beta2)) must lie in [0, 1)")
        check(epsilon >= 0 && weightDecay >= 0, "Adam: epsilon and weight decay must not be negative")
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.decoupledWeightDecay = decoupledWeightDecay
    }

    /// AdamW with PyTorch's defaults (weight decay 0.01).
    public static func adamW(learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999,
                             epsilon: Float = 1e-8, weightDecay: Float = 1e-2) -> Adam {
        Adam(learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon,
             weightDecay: weightDecay, decoupledWeightDecay: true)
    }

    public mutating func step(_ module: any Module) {
        // The hyperparameters, without a second reference to the state buffers (which would make
        // every in-place update copy them).
        var this = self
        this.parameterStates = ParameterStates()
        parameterStates.forEachGradient(in: module) { parameter, gradient, state in
            // Taken out of the dictionary (not copied) so the buffers are held once and update
            // in place; the dictionary keeps its storage for when they go back.
            var first = state.buffers.removeValue(forKey: "exp_avg") ?? parameter.zerosLike()
            var second = state.buffers.removeValue(forKey: "exp_avg_sq") ?? parameter.zerosLike()
            switch parameter.dtype {
            case .float32: this.update(Float.self, &parameter, gradient, &first, &second, step: state.step)
            case .float64: this.update(Double.self, &parameter, gradient, &first, &second, step: state.step)
            }
            state.buffers["exp_avg"] = first
            state.buffers["exp_avg_sq"] = second
        }
    }

    private func update<S: AdamUpdatable>(
        _: S.Type, _ parameter: inout Tensor, _ gradient: Tensor, _ first: inout Tensor, _ second: inout Tensor, step: Int
    ) {
        let g = S.elements(of: gradient)
        let count = g.count
        let (b1, b2) = (S(beta1), S(beta2))
        let stepSize = S(learningRate) / (1 - S(Double(beta1).power(step)))
        let rootCorrection = S((1 - Double(beta2).power(step)).squareRoot())
        let eps = S(epsilon)
        let decay = S(weightDecay)
        let shrink: S = decoupledWeightDecay ? 1 - S(learningRate) * decay : 1
        let l2: S = decoupledWeightDecay ? 0 : decay
        g.withUnsafeBufferPointer { gp in
            S.update(&first) { m in
                S.update(&second) { v in
                    S.update(&parameter) { p in
                        S.adamUpdate(p, gp.baseAddress!, m, v, count: count, beta1: b1, beta2: b2, stepSize: stepSize,
                                     rootCorrection: rootCorrection, epsilon: eps, shrink: shrink, l2: l2)
                    }
                }
            }
        }
    }

    public func stateDict() -> StateDict { Self.saveStates(parameterStates) }

    public mutating func load(stateDict: StateDict, for module: any Module) throws(OptimizerStateError) {
        let loaded = try Self.loadStates(stateDict, for: module, bufferNames: ["exp_avg", "exp_avg_sq"])
        for name in loaded.order where loaded[name]?.buffers.count != 2 {
            throw OptimizerStateError(reason: "\(name) lacks exp_avg or exp_avg_sq")
        }
        parameterStates = loaded
    }
}

/// Adam's element-wise update, per element type: a generic version was not specialised across
/// the closures that reach it and ran through witness tables.
protocol AdamUpdatable: OptimizerScalar {
    static func adamUpdate(
        _ p: UnsafeMutablePointer<Self>, _ g: UnsafePointer<Self>, _ m: UnsafeMutablePointer<Self>, _ v: UnsafeMutablePointer<Self>,
        count: Int, beta1: Self, beta2: Self, stepSize: Self, rootCorrection: Self, epsilon: Self, shrink: Self, l2: Self)
}

extension Float: AdamUpdatable {
    /// Eight lanes at a time, then the tail. The square root is ``vectorSquareRoot(_:)``: the
    /// standard library's `squareRoot()` goes through the C library (for errno) and does not
    /// vectorise on Linux.
    static func adamUpdate(
        _ p: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>, _ m: UnsafeMutablePointer<Float>, _ v: UnsafeMutablePointer<Float>,
        count: Int, beta1: Float, beta2: Float, stepSize: Float, rootCorrection: Float, epsilon: Float, shrink: Float, l2: Float
    ) {
        typealias Lanes = SIMD8<Float>
        @inline(__always) func load(_ q: UnsafePointer<Float>) -> Lanes { UnsafeRawPointer(q).loadUnaligned(as: Lanes.self) }
        @inline(__always) func store(_ x: Lanes, _ q: UnsafeMutablePointer<Float>) {
            UnsafeMutableRawPointer(q).storeBytes(of: x, as: Lanes.self)
        }
        let whole = count / 8 * 8
        var i = 0
        while i < whole {
            let theta = load(p + i) * shrink
            let gradient = load(g + i) + l2 * theta
            let mean = beta1 * load(m + i) + (1 - beta1) * gradient
            let square = beta2 * load(v + i) + (1 - beta2) * gradient * gradient
            store(mean, m + i)
            store(square, v + i)
            store(theta - stepSize * mean / (vectorSquareRoot(square) / rootCorrection + epsilon), p + i)
            i += 8
        }
        adamTail(p, g, m, v, from: i, count: count, beta1: beta1, beta2: beta2, stepSize: stepSize,
                 rootCorrection: rootCorrection, epsilon: epsilon, shrink: shrink, l2: l2)
    }
}

/// √x for non-negative lanes, within about 1e-7 relative (1–2 ulp) of the correctly rounded root:
/// a bit-level estimate of 1/√x refined by three Newton steps, times x. Exact 0 for 0; pure IEEE
/// arithmetic, so the same bits on every machine.
@inline(__always)
func vectorSquareRoot(_ x: SIMD8<Float>) -> SIMD8<Float> {
    let bits = unsafeBitCast(x, to: SIMD8<Int32>.self)
    var y = unsafeBitCast(0x5F37_5A86 &- (bits &>> 1), to: SIMD8<Float>.self)
    let half = 0.5 * x
    y = y * (1.5 - half * y * y)
    y = y * (1.5 - half * y * y)
    y = y * (1.5 - half * y * y)
    return x * y
}

extension Double: AdamUpdatable {
    static func adamUpdate(
        _ p: UnsafeMutablePointer<Double>, _ g: UnsafePointer<Double>, _ m: UnsafeMutablePointer<Double>, _ v: UnsafeMutablePointer<Double>,
        count: Int, beta1: Double, beta2: Double, stepSize: Double, rootCorrection: Double, epsilon: Double, shrink: Double, l2: Double
    ) {
        adamTail(p, g, m, v, from: 0, count: count, beta1: beta1, beta2: beta2, stepSize: stepSize,
                 rootCorrection: rootCorrection, epsilon: epsilon, shrink: shrink, l2: l2)
    }
}

/// The scalar update of elements `from..<count`, the same arithmetic as the vector lanes.
@inline(__always)
private func adamTail<S: BinaryFloatingPoint>(
    _ p: UnsafeMutablePointer<S>, _ g: UnsafePointer<S>, _ m: UnsafeMutablePointer<S>, _ v: UnsafeMutablePointer<S>,
    from start: Int, count: Int, beta1: S, beta2: S, stepSize: S, rootCorrection: S, epsilon: S, shrink: S, l2: S
) {
    for i in start..<count {
        let theta = p[i] * shrink
        let gradient = g[i] + l2 * theta
        m[i] = beta1 * m[i] + (1 - beta1) * gradient
        v[i] = beta2 * v[i] + (1 - beta2) * gradient * gradient
        p[i] = theta - stepSize * m[i] / (v[i].squareRoot() / rootCorrection + epsilon)
    }
}

extension Double {
    /// `self` raised to a whole power, by squaring.
    func power(_ exponent: Int) -> Double {
        var result = 1.0
        var base = self
        var e = exponent
        while e > 0 {
            if e & 1 == 1 { result *= base }
            base *= base
            e >>= 1
        }
        return result
    }
}

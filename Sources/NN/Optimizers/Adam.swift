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
    var states: [String: ParameterState] = [:]
    var order: [String] = []

    /// Adam with PyTorch's defaults.
    public init(learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8,
                weightDecay: Float = 0, decoupledWeightDecay: Bool = false) {
        precondition(learningRate >= 0, "Adam: learning rate \(learningRate) is negative")
        precondition((0..<1).contains(beta1) && (0..<1).contains(beta2), "Adam: betas (\(beta1), \(beta2)) must lie in [0, 1)")
        precondition(epsilon >= 0 && weightDecay >= 0, "Adam: epsilon and weight decay must not be negative")
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
        module.visitParameters { name, parameter in
            guard let gradient = parameter.grad else { return }
            var state = states[name] ?? ParameterState(buffers: ["exp_avg": parameter.zerosLike(), "exp_avg_sq": parameter.zerosLike()])
            if states[name] == nil { order.append(name) }
            state.step += 1
            var first = state.buffers["exp_avg"]!
            var second = state.buffers["exp_avg_sq"]!
            state.buffers = [:]  // release the dict's references so the buffers update in place
            switch parameter.dtype {
            case .float32: update(Float.self, &parameter, gradient, &first, &second, step: state.step)
            case .float64: update(Double.self, &parameter, gradient, &first, &second, step: state.step)
            }
            state.buffers = ["exp_avg": first, "exp_avg_sq": second]
            states[name] = state
        }
    }

    private func update<S: OptimizerScalar>(
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
                        AdamKernel.run(p, gp.baseAddress!, m, v, count: count, beta1: b1, beta2: b2, stepSize: stepSize,
                                       rootCorrection: rootCorrection, epsilon: eps, shrink: shrink, l2: l2)
                    }
                }
            }
        }
    }

    public func stateDict() -> StateDict { Self.saveStates(states, order: order) }

    public mutating func load(stateDict: StateDict, for module: any Module) throws(OptimizerStateError) {
        states = try Self.loadStates(stateDict, for: module, bufferNames: ["exp_avg", "exp_avg_sq"])
        for name in module.namedParameters.map(\.name) where states[name] != nil {
            guard states[name]!.buffers.count == 2 else {
                throw OptimizerStateError(reason: "\(name) lacks exp_avg or exp_avg_sq")
            }
        }
        order = module.namedParameters.map(\.name).filter { states[$0] != nil }
    }
}

/// Adam's element-wise update, eight lanes at a time.
enum AdamKernel {
    static func run<S: OptimizerScalar>(
        _ p: UnsafeMutablePointer<S>, _ g: UnsafePointer<S>, _ m: UnsafeMutablePointer<S>, _ v: UnsafeMutablePointer<S>,
        count: Int, beta1: S, beta2: S, stepSize: S, rootCorrection: S, epsilon: S, shrink: S, l2: S
    ) {
        typealias Lanes = SIMD8<S>
        @inline(__always) func load(_ q: UnsafePointer<S>) -> Lanes { UnsafeRawPointer(q).loadUnaligned(as: Lanes.self) }
        @inline(__always) func store(_ x: Lanes, _ q: UnsafeMutablePointer<S>) {
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
            store(theta - stepSize * mean / (square.squareRoot() / rootCorrection + epsilon), p + i)
            i += 8
        }
        while i < count {
            let theta = p[i] * shrink
            let gradient = g[i] + l2 * theta
            m[i] = beta1 * m[i] + (1 - beta1) * gradient
            v[i] = beta2 * v[i] + (1 - beta2) * gradient * gradient
            p[i] = theta - stepSize * m[i] / (v[i].squareRoot() / rootCorrection + epsilon)
            i += 1
        }
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

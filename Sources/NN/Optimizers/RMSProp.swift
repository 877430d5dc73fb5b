import Tensor

/// RMSProp (Hinton, Coursera lecture 6e) with PyTorch's update and defaults (α 0.99, ε 1e-8):
///
///     g ← g + λθ
///     s ← αs + (1 − α)g²
///     a ← αa + (1 − α)g and d = √(s − a²) + ε   (centered)   or   d = √s + ε
///     b ← μb + g/d, θ ← θ − ηb   (momentum μ > 0)   or   θ ← θ − ηg/d
///
/// State per parameter: `square_avg`, `grad_avg` (centered), `momentum_buffer` (μ > 0), `step`.
public struct RMSProp: Optimizer {
    public var learningRate: Float
    /// Decay α of the squared-gradient average.
    public var alpha: Float
    /// Added to the denominator for stability.
    public var epsilon: Float
    /// L2 weight decay λ.
    public var weightDecay: Float
    /// Momentum μ.
    public var momentum: Float
    /// Whether to normalise by the estimated variance instead of the second moment.
    public var centered: Bool
    var parameterStates = ParameterStates()

    /// RMSProp with PyTorch's defaults.
    public init(learningRate: Float = 1e-2, alpha: Float = 0.99, epsilon: Float = 1e-8, weightDecay: Float = 0,
                momentum: Float = 0, centered: Bool = false) {
        check(learningRate >= 0 && (0...1).contains(alpha) && epsilon >= 0 && weightDecay >= 0 && momentum >= 0,
                     "RMSProp: invalid hyperparameters (lr \(learningRate), alpha \(alpha), eps \(epsilon), weight decay \(weightDecay), momentum \(momentum))")
        self.learningRate = learningRate
        self.alpha = alpha
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.momentum = momentum
        self.centered = centered
    }

    public mutating func step(_ module: any Module) {
        // The hyperparameters, without a second reference to the state buffers (which would make
        // every in-place update copy them).
        var this = self
        this.parameterStates = ParameterStates()
        parameterStates.forEachGradient(in: module) { parameter, gradient, state in
            var square = state.buffers["square_avg"] ?? parameter.zerosLike()
            var average = state.buffers["grad_avg"] ?? parameter.zerosLike()
            var buffer = state.buffers["momentum_buffer"] ?? parameter.zerosLike()
            state.buffers = [:]
            switch parameter.dtype {
            case .float32: this.update(Float.self, &parameter, gradient, &square, &average, &buffer)
            case .float64: this.update(Double.self, &parameter, gradient, &square, &average, &buffer)
            }
            state.buffers["square_avg"] = square
            if this.centered { state.buffers["grad_avg"] = average }
            if this.momentum > 0 { state.buffers["momentum_buffer"] = buffer }
        }
    }

    @_specialize(where S == Float)
    @_specialize(where S == Double)
    private func update<S: OptimizerScalar>(
        _: S.Type, _ parameter: inout Tensor, _ gradient: Tensor, _ square: inout Tensor, _ average: inout Tensor, _ buffer: inout Tensor
    ) {
        let g = S.elements(of: gradient)
        let (rate, a, eps, decay, mu) = (S(learningRate), S(alpha), S(epsilon), S(weightDecay), S(momentum))
        let (isCentered, useMomentum) = (centered, momentum > 0)
        S.update(&square) { s in
            S.update(&average) { avg in
                S.update(&buffer) { b in
                    S.update(&parameter) { p in
                        for i in 0..<g.count {
                            let d = g[i] + decay * p[i]
                            s[i] = a * s[i] + (1 - a) * d * d
                            var denominator: S
                            if isCentered {
                                avg[i] = a * avg[i] + (1 - a) * d
                                denominator = (s[i] - avg[i] * avg[i]).squareRoot() + eps
                            } else {
                                denominator = s[i].squareRoot() + eps
                            }
                            if useMomentum {
                                b[i] = mu * b[i] + d / denominator
                                p[i] -= rate * b[i]
                            } else {
                                p[i] -= rate * d / denominator
                            }
                        }
                    }
                }
            }
        }
    }

    public func stateDict() -> StateDict { Self.saveStates(parameterStates) }

    public mutating func load(stateDict: StateDict, for module: any Module) throws(OptimizerStateError) {
        parameterStates = try Self.loadStates(stateDict, for: module, bufferNames: ["square_avg", "grad_avg", "momentum_buffer"])
    }
}

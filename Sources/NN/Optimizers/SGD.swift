import Tensor

/// Stochastic gradient descent with momentum, Nesterov momentum and L2 weight decay, with
/// PyTorch's update:
///
///     g ← g + λθ
///     b ← g on the first step, then b ← μb + (1 − τ)g     (τ: dampening)
///     g ← g + μb (Nesterov) or g ← b
///     θ ← θ − ηg
///
/// State per parameter: `momentum_buffer` (when μ > 0) and `step`.
public struct SGD: Optimizer {
    public var learningRate: Float
    /// Momentum μ (0 for plain SGD).
    public var momentum: Float
    /// Dampening τ of the momentum.
    public var dampening: Float
    /// L2 weight decay λ.
    public var weightDecay: Float
    /// Whether to use Nesterov momentum.
    public var nesterov: Bool
    var parameterStates = ParameterStates()

    /// SGD; Nesterov needs momentum > 0 and no dampening, as in PyTorch.
    public init(learningRate: Float, momentum: Float = 0, dampening: Float = 0, weightDecay: Float = 0, nesterov: Bool = false) {
        check(learningRate >= 0 && momentum >= 0 && weightDecay >= 0, "SGD: learning rate, momentum and weight decay must not be negative")
        check(!nesterov || (momentum > 0 && dampening == 0), "SGD: Nesterov momentum requires momentum > 0 and zero dampening")
        self.learningRate = learningRate
        self.momentum = momentum
        self.dampening = dampening
        self.weightDecay = weightDecay
        self.nesterov = nesterov
    }

    public mutating func step(_ module: any Module) {
        // The hyperparameters, without a second reference to the state buffers (which would make
        // every in-place update copy them).
        var this = self
        this.parameterStates = ParameterStates()
        parameterStates.forEachGradient(in: module) { parameter, gradient, state in
            let first = state.step == 1
            var buffer = state.buffers["momentum_buffer"] ?? parameter.zerosLike()
            state.buffers = [:]
            switch parameter.dtype {
            case .float32: this.update(Float.self, &parameter, gradient, &buffer, first: first)
            case .float64: this.update(Double.self, &parameter, gradient, &buffer, first: first)
            }
            if this.momentum > 0 { state.buffers["momentum_buffer"] = buffer }
        }
    }

    @_specialize(where S == Float)
    @_specialize(where S == Double)
    private func update<S: OptimizerScalar>(_: S.Type, _ parameter: inout Tensor, _ gradient: Tensor, _ buffer: inout Tensor, first: Bool) {
        let g = S.elements(of: gradient)
        let (rate, mu, tau, decay) = (S(learningRate), S(momentum), S(dampening), S(weightDecay))
        let useMomentum = momentum > 0
        S.update(&buffer) { b in
            S.update(&parameter) { p in
                for i in 0..<g.count {
                    var d = g[i] + decay * p[i]
                    if useMomentum {
                        b[i] = first ? d : mu * b[i] + (1 - tau) * d
                        d = nesterov ? d + mu * b[i] : b[i]
                    }
                    p[i] -= rate * d
                }
            }
        }
    }

    public func stateDict() -> StateDict { Self.saveStates(parameterStates) }

    public mutating func load(stateDict: StateDict, for module: any Module) throws(OptimizerStateError) {
        parameterStates = try Self.loadStates(stateDict, for: module, bufferNames: ["momentum_buffer"])
    }
}

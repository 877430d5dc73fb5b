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
    var states: [String: ParameterState] = [:]
    var order: [String] = []

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
        module.visitParameters { name, parameter in
            guard let gradient = parameter.grad else { return }
            if states[name] == nil { order.append(name) }
            // Taken out of the dictionary so the buffers are uniquely held and update in place.
            var state = states.removeValue(forKey: name) ?? ParameterState()
            state.step += 1
            let first = state.step == 1
            var buffer = state.buffers["momentum_buffer"] ?? parameter.zerosLike()
            state.buffers = [:]
            switch parameter.dtype {
            case .float32: update(Float.self, &parameter, gradient, &buffer, first: first)
            case .float64: update(Double.self, &parameter, gradient, &buffer, first: first)
            }
            if momentum > 0 { state.buffers["momentum_buffer"] = buffer }
            states[name] = state
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

    public func stateDict() -> StateDict { Self.saveStates(states, order: order) }

    public mutating func load(stateDict: StateDict, for module: any Module) throws(OptimizerStateError) {
        states = try Self.loadStates(stateDict, for: module, bufferNames: ["momentum_buffer"])
        order = module.namedParameters.map(\.name).filter { states[$0] != nil }
    }
}

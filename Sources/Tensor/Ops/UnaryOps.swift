/// Element-wise math and activation functions (derivatives in ``Derivatives``).
extension Tensor {
    /// Applies a unary kernel to the elements, keeping shape and dtype. Records nothing.
    func mapElements(_ function: UnaryFunction) -> Tensor {
        switch storage {
        case .float32(let x): return Tensor(storage: .float32(UnaryKernel.apply(function, x)), shape: shape)
        case .float64(let x): return Tensor(storage: .float64(UnaryKernel.apply(function, x)), shape: shape)
        }
    }

    /// Applies `function` and records its derivative (a rule of ``Derivatives/unaryPass``).
    private func unary(_ function: UnaryFunction, derivative: UnaryDerivative) -> Tensor {
        let result = mapElements(function)
        return Tensor.record(result, inputs: [self], pullback: Derivatives.unary(derivative, input: self, output: result))
    }

    /// e^x, element-wise.
    public func exp() -> Tensor { unary(.exp, derivative: .exp) }
    /// Natural logarithm, element-wise.
    public func log() -> Tensor { unary(.log, derivative: .log) }
    /// Square root, element-wise.
    public func sqrt() -> Tensor { unary(.sqrt, derivative: .sqrt) }
    /// Hyperbolic tangent, element-wise.
    public func tanh() -> Tensor { unary(.tanh, derivative: .tanh) }
    /// Logistic sigmoid 1 / (1 + e^-x), element-wise.
    public func sigmoid() -> Tensor { unary(.sigmoid, derivative: .sigmoid) }
    /// log(1 + e^x), element-wise, computed without overflow.
    public func softplus() -> Tensor { unary(.softplus, derivative: .softplus) }
    /// max(x, 0), element-wise; the derivative at 0 is 0, as in PyTorch.
    public func relu() -> Tensor { unary(.relu, derivative: .relu) }

    /// x for x > 0, `negativeSlope`·x otherwise (PyTorch's default slope 0.01).
    public func leakyRelu(negativeSlope: Double = 0.01) -> Tensor {
        unary(.leakyRelu(slope: negativeSlope), derivative: .leakyRelu(slope: negativeSlope))
    }

    /// The two forms of GELU.
    public enum GELUApproximation: Sendable {
        /// x·Φ(x) with the exact normal CDF (PyTorch's default).
        case none
        /// 0.5·x·(1 + tanh(√(2/π)(x + 0.044715x³))).
        case tanh
    }

    /// Gaussian error linear unit (Hendrycks & Gimpel 2016), element-wise.
    public func gelu(approximate: GELUApproximation = .none) -> Tensor {
        approximate == .none ? unary(.gelu, derivative: .gelu) : unary(.geluTanh, derivative: .geluTanh)
    }

    /// Limits every element to `[min, max]`; the gradient passes where the input lies inside,
    /// bounds included (PyTorch's rule). NaN stays NaN.
    public func clamped(min: Double = -.infinity, max: Double = .infinity) -> Tensor {
        check(!(min > max), "clamped(min:max:): min \(min) is greater than max \(max)")
        return unary(.clamp(min: min, max: max), derivative: .clamp(min: min, max: max))
    }

    /// Absolute value, element-wise; the derivative at 0 is 0.
    public func abs() -> Tensor {
        Tensor.record(mapElements(.abs), inputs: [self], pullback: Derivatives.abs(self))
    }

    /// -1, 0 or 1 by the sign of each element. Not differentiable (records nothing).
    public func sign() -> Tensor { mapElements(.sign) }

    /// x², element-wise.
    public func squared() -> Tensor { self * self }
}

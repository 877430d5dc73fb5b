/// A linear layer's forward pass as one operation (its rule: `Derivatives.linear`).
extension Tensor {
    /// The element-wise functions ``linear(weight:bias:activation:)`` applies after the affine map.
    public enum LinearActivation: Sendable, Equatable {
        case tanh, relu, sigmoid, softplus, gelu, geluTanh
        case leakyRelu(slope: Double)

        /// The kernel and its derivative rule: the same ones `tanh()`, `relu()`, … record.
        var kernel: (function: UnaryFunction, derivative: UnaryDerivative) {
            switch self {
            case .tanh: (.tanh, .tanh)
            case .relu: (.relu, .relu)
            case .sigmoid: (.sigmoid, .sigmoid)
            case .softplus: (.softplus, .softplus)
            case .gelu: (.gelu, .gelu)
            case .geluTanh: (.geluTanh, .geluTanh)
            case .leakyRelu(let slope): (.leakyRelu(slope: slope), .leakyRelu(slope: slope))
            }
        }

        /// The function applied on its own, as `tanh()`, `relu()`, … apply it.
        public func apply(_ x: Tensor) -> Tensor {
            switch self {
            case .tanh: x.tanh()
            case .relu: x.relu()
            case .sigmoid: x.sigmoid()
            case .softplus: x.softplus()
            case .gelu: x.gelu()
            case .geluTanh: x.gelu(approximate: .tanh)
            case .leakyRelu(let slope): x.leakyRelu(negativeSlope: slope)
            }
        }
    }

    /// `activation(self · weightᵀ + bias)`: a linear layer with PyTorch's `[out, in]` weight, as
    /// one recorded operation instead of three (product, bias, activation). `self` is
    /// `[..., in]`, `weight` `[out, in]`, `bias` `[out]`; the result is `[..., out]`.
    ///
    /// Equal, bit for bit and gradients included, to
    /// `activation(self.matmul(transposed: weight) + bias)`: the same product kernel, the same
    /// additions, the same activation kernel and the same derivative rules, in one node whose
    /// output is written in place (a small network's step is mostly per-operation overhead).
    /// Operands of mixed dtypes, a weight or bias of another shape, or a weight with no input
    /// columns take the composed path, with its promotions and error messages.
    public func linear(weight: Tensor, bias: Tensor?, activation: LinearActivation? = nil) -> Tensor {
        guard weight.rank == 2, rank >= 1, weight.shape[1] > 0, shape[rank - 1] == weight.shape[1],
              weight.dtype == dtype, bias.map({ $0.shape == [weight.shape[0]] && $0.dtype == dtype }) ?? true else {
            let affine = bias.map { matmul(transposed: weight) + $0 } ?? matmul(transposed: weight)
            return activation.map { $0.apply(affine) } ?? affine
        }
        let (n, k) = (weight.shape[0], weight.shape[1])
        let rows = scalarCount / k
        let outputShape = Array(shape.dropLast()) + [n]
        let kernel = activation?.kernel
        // The activation's rule needs its output (tanh, sigmoid: computed in place) or its input.
        let keepsInput = kernel.map { !$0.derivative.usesOutput } ?? false
        func forward<S: FloatScalar>(_ x: [S], _ w: [S], _ bias: [S]?) -> (output: [S], preActivation: [S]?) {
            // The product `rawProduct` would compute, into an array this function owns, so the
            // bias and the activation can be written over it without a copy.
            var affine = x.isEmpty || w.isEmpty ? [S](repeating: 0, count: rows * n) : x.withUnsafeBufferPointer { px in
                w.withUnsafeBufferPointer { pw in
                    makeArray(count: rows * n) { out in
                        GEMM.multiply(px.baseAddress!, pw.baseAddress!, out, m: rows, n: n, k: k, transposeA: false, transposeB: true)
                    }
                }
            }
            if let bias, rows > 0 {
                affine.withUnsafeMutableBufferPointer { out in
                    bias.withUnsafeBufferPointer { b in
                        // Pointer steps, not checked index products: the inner loop vectorises.
                        var row = out.baseAddress!
                        let terms = b.baseAddress!
                        for _ in 0..<rows {
                            for column in 0..<n { row[column] += terms[column] }
                            row += n
                        }
                    }
                }
            }
            guard let kernel else { return (affine, nil) }
            if keepsInput { return (UnaryKernel.apply(kernel.function, affine), affine) }
            affine.withUnsafeMutableBufferPointer { buffer in
                guard let base = buffer.baseAddress else { return }
                // Split across threads as UnaryKernel.apply splits the out-of-place pass.
                forEachChunk(count: buffer.count) { range in UnaryKernel.applyRange(kernel.function, UnsafePointer(base), base, range) }
            }
            return (affine, nil)
        }
        let output: TensorStorage, saved: TensorStorage?
        switch (storage, weight.storage, bias?.storage) {
        case let (.float32(x), .float32(w), .float32(b)?):
            let r = forward(x, w, b); (output, saved) = (.float32(r.output), r.preActivation.map { .float32($0) })
        case let (.float32(x), .float32(w), nil):
            let r = forward(x, w, nil); (output, saved) = (.float32(r.output), r.preActivation.map { .float32($0) })
        case let (.float64(x), .float64(w), .float64(b)?):
            let r = forward(x, w, b); (output, saved) = (.float64(r.output), r.preActivation.map { .float64($0) })
        case let (.float64(x), .float64(w), nil):
            let r = forward(x, w, nil); (output, saved) = (.float64(r.output), r.preActivation.map { .float64($0) })
        default:
            fatalError("internal: linear operands of dtypes \(dtype), \(weight.dtype), \(bias.map { "\($0.dtype)" } ?? "none")")
        }
        let result = Tensor(storage: output, shape: outputShape)
        return Tensor.record(
            result, inputs: bias.map { [self, weight, $0] } ?? [self, weight],
            pullback: Derivatives.linear(
                input: Tensor(storage: storage, shape: [rows, k]), inputShape: shape, weight: weight, hasBias: bias != nil,
                outputShape: outputShape, activation: kernel?.derivative, saved: kernel == nil ? nil : (saved ?? output)))
    }
}

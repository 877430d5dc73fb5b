/// Tensors made from sizes and ranges: zeros, ones, full, arange, linspace, eye.
extension Tensor {
    /// A tensor holding `values` (converted to `dtype`).
    init(values: [Double], shape: [Int], dtype: DType) {
        switch dtype {
        case .float32: self.init(storage: .float32(values.map { Float($0) }), shape: shape)
        case .float64: self.init(storage: .float64(values), shape: shape)
        }
    }

    /// A tensor of `shape` with every element equal to `value`.
    public static func full(_ shape: [Int], value: Double, dtype: DType = .float32, requiresGrad: Bool = false) -> Tensor {
        check(shape.allSatisfy { $0 >= 0 }, "full: negative size in shape \(shape)")
        var t = Tensor(storage: .repeating(value, count: Shape.count(shape), dtype: dtype), shape: shape)
        t.requiresGrad = requiresGrad
        return t
    }

    /// A tensor of zeros.
    public static func zeros(_ shape: [Int], dtype: DType = .float32, requiresGrad: Bool = false) -> Tensor {
        full(shape, value: 0, dtype: dtype, requiresGrad: requiresGrad)
    }

    /// A tensor of ones.
    public static func ones(_ shape: [Int], dtype: DType = .float32, requiresGrad: Bool = false) -> Tensor {
        full(shape, value: 1, dtype: dtype, requiresGrad: requiresGrad)
    }

    /// Zeros of this tensor's shape and dtype.
    public func zerosLike() -> Tensor { Tensor.zeros(shape, dtype: dtype) }

    /// Ones of this tensor's shape and dtype.
    public func onesLike() -> Tensor { Tensor.ones(shape, dtype: dtype) }

    /// `start, start + step, …` up to but excluding `end` (NumPy's `arange`); the count is
    /// `ceil((end - start) / step)`.
    public static func arange(_ start: Double = 0, _ end: Double, step: Double = 1, dtype: DType = .float32) -> Tensor {
        check(step != 0 && step.isFinite, "arange: step must be finite and non-zero, got \(step)")
        check(start.isFinite && end.isFinite, "arange: bounds must be finite, got \(start) and \(end)")
        let count = Swift.max(0, Int(((end - start) / step).rounded(.up)))
        return Tensor(values: (0..<count).map { start + Double($0) * step }, shape: [count], dtype: dtype)
    }

    /// `count` evenly spaced values from `start` to `end`, both included (NumPy's `linspace`).
    public static func linspace(_ start: Double, _ end: Double, count: Int, dtype: DType = .float32) -> Tensor {
        check(count >= 0, "linspace: count must not be negative, got \(count)")
        if count == 1 { return Tensor(values: [start], shape: [1], dtype: dtype) }
        let step = (end - start) / Double(count - 1)
        // The last value is exactly `end`, as in NumPy.
        let values = (0..<count).map { $0 == count - 1 ? end : start + Double($0) * step }
        return Tensor(values: values, shape: [count], dtype: dtype)
    }

    /// The `n × n` identity matrix.
    public static func eye(_ n: Int, dtype: DType = .float32) -> Tensor {
        check(n >= 0, "eye: size must not be negative, got \(n)")
        var values = [Double](repeating: 0, count: n * n)
        for i in 0..<n { values[i * n + i] = 1 }
        return Tensor(values: values, shape: [n, n], dtype: dtype)
    }
}

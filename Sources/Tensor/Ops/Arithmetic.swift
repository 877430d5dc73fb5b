/// Element-wise arithmetic with NumPy broadcasting (derivatives in ``Derivatives``).
extension Tensor {
    /// Applies a broadcasting binary kernel; promotes mixed dtypes to float64.
    static func broadcastBinary(_ function: BinaryFunction, _ a: Tensor, _ b: Tensor, operation: String) -> Tensor {
        let outShape = a.shape == b.shape ? a.shape : Shape.broadcast(a.shape, b.shape, operation: operation)
        switch (a.storage, b.storage) {
        case let (.float32(x), .float32(y)):
            return Tensor(storage: .float32(BroadcastKernel.apply(function, x, a.shape, y, b.shape, outShape: outShape)), shape: outShape)
        case let (.float64(x), .float64(y)):
            return Tensor(storage: .float64(BroadcastKernel.apply(function, x, a.shape, y, b.shape, outShape: outShape)), shape: outShape)
        default:
            return broadcastBinary(function, a.converted(to: .float64), b.converted(to: .float64), operation: operation)
        }
    }

    /// Brings two operands to one dtype (differentiably) before a recorded operation.
    static func promoted(_ a: Tensor, _ b: Tensor) -> (Tensor, Tensor) {
        if a.dtype == b.dtype { return (a, b) }
        return (a.converted(to: .float64), b.converted(to: .float64))
    }

    /// Sums a gradient back to the shape of the operand it flows to, undoing broadcasting.
    public func summed(toShape target: [Int]) -> Tensor {
        if shape == target { return self }
        let leading = rank - target.count
        check(leading >= 0, "summed(toShape:): cannot reduce shape \(shape) to \(target)")
        var axes = Array(0..<leading)
        for (i, size) in target.enumerated() where size == 1 && shape[leading + i] != 1 {
            axes.append(leading + i)
        }
        // Reducing only leading axes (a bias gradient): one pass over [rows, rest].
        if !axes.isEmpty, axes == Array(0..<axes.count), axes.count > 1 {
            let rows = Shape.count(Array(shape[..<axes.count]))
            return reshaped(to: [rows, scalarCount / Swift.max(rows, 1)]).sum(axes: [0], keepDims: false).reshaped(to: target)
        }
        let reduced = axes.isEmpty ? self : sum(axes: axes, keepDims: true)
        return reduced.reshaped(to: target)
    }

    /// Element-wise sum with broadcasting.
    public static func + (lhs: Tensor, rhs: Tensor) -> Tensor {
        let (a, b) = promoted(lhs, rhs)
        return record(broadcastBinary(.add, a, b, operation: "+"), inputs: [a, b], pullback: Derivatives.add(a, b))
    }

    /// Element-wise difference with broadcasting.
    public static func - (lhs: Tensor, rhs: Tensor) -> Tensor {
        let (a, b) = promoted(lhs, rhs)
        return record(broadcastBinary(.subtract, a, b, operation: "-"), inputs: [a, b], pullback: Derivatives.subtract(a, b))
    }

    /// Element-wise product with broadcasting.
    public static func * (lhs: Tensor, rhs: Tensor) -> Tensor {
        let (a, b) = promoted(lhs, rhs)
        return record(broadcastBinary(.multiply, a, b, operation: "*"), inputs: [a, b], pullback: Derivatives.multiply(a, b))
    }

    /// Element-wise quotient with broadcasting.
    public static func / (lhs: Tensor, rhs: Tensor) -> Tensor {
        let (a, b) = promoted(lhs, rhs)
        return record(broadcastBinary(.divide, a, b, operation: "/"), inputs: [a, b], pullback: Derivatives.divide(a, b))
    }

    /// Element-wise negation.
    public static prefix func - (operand: Tensor) -> Tensor {
        let result = operand.mapElements(.negate)
        return record(result, inputs: [operand], pullback: Derivatives.negate)
    }

    /// Element-wise `pow(self, exponent)` with broadcasting.
    public func pow(_ exponent: Tensor) -> Tensor {
        let (a, b) = Tensor.promoted(self, exponent)
        let result = Tensor.broadcastBinary(.power, a, b, operation: "pow")
        return Tensor.record(result, inputs: [a, b], pullback: Derivatives.power(a, b, output: result))
    }

    /// Element-wise `pow(self, exponent)` with a constant exponent.
    public func pow(_ exponent: Float) -> Tensor {
        if exponent == 2 { return self * self }
        let e = Tensor(scalar: Double(exponent), dtype: dtype)
        let result = Tensor.broadcastBinary(.power, self, e, operation: "pow")
        return Tensor.record(result, inputs: [self], pullback: Derivatives.power(self, constant: e))
    }

    /// Element-wise minimum with broadcasting; on ties each side gets half the gradient.
    public func minimum(_ other: Tensor) -> Tensor { Tensor.extremum(self, other, .minimum, "minimum") }

    /// Element-wise maximum with broadcasting; on ties each side gets half the gradient.
    public func maximum(_ other: Tensor) -> Tensor { Tensor.extremum(self, other, .maximum, "maximum") }

    private static func extremum(_ lhs: Tensor, _ rhs: Tensor, _ function: BinaryFunction, _ name: String) -> Tensor {
        let (a, b) = promoted(lhs, rhs)
        let result = broadcastBinary(function, a, b, operation: name)
        return record(result, inputs: [a, b], pullback: Derivatives.extremum(a, b, function))
    }

    // MARK: Scalars on either side

    /// A scalar of this tensor's dtype, for mixing with Swift numbers.
    func scalarLike(_ value: Float) -> Tensor { Tensor(scalar: Double(value), dtype: dtype) }

    /// Adds a number to every element.
    public static func + (lhs: Tensor, rhs: Float) -> Tensor { lhs + lhs.scalarLike(rhs) }
    /// Adds a number to every element.
    public static func + (lhs: Float, rhs: Tensor) -> Tensor { rhs.scalarLike(lhs) + rhs }
    /// Subtracts a number from every element.
    public static func - (lhs: Tensor, rhs: Float) -> Tensor { lhs - lhs.scalarLike(rhs) }
    /// Subtracts every element from a number.
    public static func - (lhs: Float, rhs: Tensor) -> Tensor { rhs.scalarLike(lhs) - rhs }
    /// Multiplies every element by a number.
    public static func * (lhs: Tensor, rhs: Float) -> Tensor { lhs * lhs.scalarLike(rhs) }
    /// Multiplies every element by a number.
    public static func * (lhs: Float, rhs: Tensor) -> Tensor { rhs.scalarLike(lhs) * rhs }
    /// Divides every element by a number.
    public static func / (lhs: Tensor, rhs: Float) -> Tensor { lhs / lhs.scalarLike(rhs) }
    /// Divides a number by every element.
    public static func / (lhs: Float, rhs: Tensor) -> Tensor { rhs.scalarLike(lhs) / rhs }

    /// `lhs = lhs + rhs`.
    public static func += (lhs: inout Tensor, rhs: Tensor) { lhs = lhs + rhs }
    /// `lhs = lhs - rhs`.
    public static func -= (lhs: inout Tensor, rhs: Tensor) { lhs = lhs - rhs }
    /// `lhs = lhs * rhs`.
    public static func *= (lhs: inout Tensor, rhs: Tensor) { lhs = lhs * rhs }
    /// `lhs = lhs / rhs`.
    public static func /= (lhs: inout Tensor, rhs: Tensor) { lhs = lhs / rhs }
}

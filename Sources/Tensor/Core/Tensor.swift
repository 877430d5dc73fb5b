/// An n-dimensional array of `Float` (or `Double`) with reverse-mode automatic differentiation.
///
/// Tensors are values: assigning one copies it (cheaply; the elements are shared copy-on-write
/// until one side writes). Elements are stored contiguously in row-major order.
///
/// Differentiation follows PyTorch's contract: create a leaf with `requiresGrad: true`, compute a
/// scalar from it, call ``backward(_:)``, read ``grad``. Gradients accumulate across backward calls
/// until ``zeroGrad()``; ``noGrad(_:)`` records nothing; the recorded graph is freed by `backward()`.
///
/// ```swift
/// let w = Tensor(shape: [2, 2], scalars: [1, 2, 3, 4], requiresGrad: true)
/// let loss = w.matmul(w).sum()
/// loss.backward()
/// print(w.grad!.scalars)
/// ```
public struct Tensor: @unchecked Sendable {
    /// The size of each axis; `[]` for a scalar.
    public internal(set) var shape: [Int]
    /// The elements, row-major.
    var storage: TensorStorage
    /// The autodiff node: set when this tensor is a leaf that requires gradients or the recorded
    /// result of an operation on such tensors.
    var node: GradNode?

    /// A float32 tensor of the given shape holding `scalars` in row-major order.
    ///
    /// - Precondition: `scalars.count` equals the product of `shape`.
    public init(shape: [Int], scalars: [Float], requiresGrad: Bool = false) {
        Tensor.checkElementCount(shape: shape, count: scalars.count)
        self.init(storage: .float32(scalars), shape: shape)
        self.requiresGrad = requiresGrad
    }

    /// A float64 tensor of the given shape holding `doubles` in row-major order.
    public init(shape: [Int], doubles: [Double], requiresGrad: Bool = false) {
        Tensor.checkElementCount(shape: shape, count: doubles.count)
        self.init(storage: .float64(doubles), shape: shape)
        self.requiresGrad = requiresGrad
    }

    /// A float32 tensor from a 1-D array, shape `[scalars.count]`.
    public init(_ scalars: [Float], requiresGrad: Bool = false) {
        self.init(shape: [scalars.count], scalars: scalars, requiresGrad: requiresGrad)
    }

    /// A scalar (shape `[]`) tensor.
    public init(_ scalar: Float, requiresGrad: Bool = false) {
        self.init(shape: [], scalars: [scalar], requiresGrad: requiresGrad)
    }

    /// A scalar (shape `[]`) tensor of the given element type.
    public init(scalar: Double, dtype: DType) {
        self.init(storage: .repeating(scalar, count: 1, dtype: dtype), shape: [])
    }

    init(storage: TensorStorage, shape: [Int]) {
        assert(storage.count == Shape.count(shape), "internal: storage \(storage.count) for shape \(shape)")
        self.storage = storage
        self.shape = shape
        self.node = nil
    }

    private static func checkElementCount(shape: [Int], count: Int) {
        check(shape.allSatisfy { $0 >= 0 }, "Tensor(shape:): negative size in shape \(shape)")
        check(
            Shape.count(shape) == count,
            "Tensor(shape:): shape \(shape) holds \(Shape.count(shape)) elements but \(count) were given")
    }

    // MARK: Properties

    /// The elements in row-major order, as `Float` (converted when the tensor is float64).
    public var scalars: [Float] { Float.elements(of: storage) }

    /// The elements in row-major order, as `Double`.
    public var doubles: [Double] { Double.elements(of: storage) }

    /// The element type.
    public var dtype: DType { storage.dtype }

    /// The number of axes.
    public var rank: Int { shape.count }

    /// The number of elements.
    public var scalarCount: Int { storage.count }

    /// The value of a one-element tensor.
    public func item() -> Float {
        check(scalarCount == 1, "item(): tensor of shape \(shape) has \(scalarCount) elements, not 1")
        return Float(storage.element(at: 0))
    }

    /// The value of a one-element tensor, as `Double`.
    public func doubleItem() -> Double {
        check(scalarCount == 1, "doubleItem(): tensor of shape \(shape) has \(scalarCount) elements, not 1")
        return storage.element(at: 0)
    }

    /// The same values as `dtype`; differentiable (the gradient is converted back).
    public func converted(to dtype: DType) -> Tensor {
        if dtype == self.dtype { return self }
        let result = Tensor(storage: storage.converted(to: dtype), shape: shape)
        return Tensor.record(result, inputs: [self], pullback: Derivatives.conversion(from: self.dtype))
    }

    // MARK: Mutation that keeps identity

    /// Overwrites the elements in place (keeping this tensor's gradient identity, so a parameter
    /// updated by an optimiser stays the same leaf). Records nothing.
    public mutating func updateScalars(_ body: (inout UnsafeMutableBufferPointer<Float>) -> Void) {
        guard case .float32(var elements) = storage else {
            fatalError("updateScalars: tensor is \(dtype), use updateDoubles")
        }
        storage = .float32([])  // drop the enum's reference so the array is uniquely held
        elements.withUnsafeMutableBufferPointer { body(&$0) }
        storage = .float32(elements)
    }

    /// Overwrites the elements of a float64 tensor in place. Records nothing.
    public mutating func updateDoubles(_ body: (inout UnsafeMutableBufferPointer<Double>) -> Void) {
        guard case .float64(var elements) = storage else {
            fatalError("updateDoubles: tensor is \(dtype), use updateScalars")
        }
        storage = .float64([])
        elements.withUnsafeMutableBufferPointer { body(&$0) }
        storage = .float64(elements)
    }

    /// Replaces the elements with those of `other` (same shape), keeping gradient identity.
    public mutating func assign(_ other: Tensor) {
        check(
            other.shape == shape, "assign: shape \(other.shape) does not match the tensor's shape \(shape)")
        storage = other.storage.converted(to: dtype)
    }
}

extension Tensor: CustomStringConvertible {
    /// A readable rendering: shape, dtype and nested elements (long axes are elided).
    public var description: String {
        var text = ""
        func render(_ axis: Int, _ offset: Int, _ strides: [Int]) {
            if axis == shape.count {
                text += Tensor.format(storage.element(at: offset))
                return
            }
            text += "["
            let size = shape[axis]
            let shown: [Int] = size > 8 ? Array(0..<3) + [-1] + Array((size - 3)..<size) : Array(0..<size)
            for (position, index) in shown.enumerated() {
                if position > 0 { text += axis == shape.count - 1 ? ", " : ",\n" + String(repeating: " ", count: axis + 1) }
                if index < 0 { text += "..."; continue }
                render(axis + 1, offset + index * strides[axis], strides)
            }
            text += "]"
        }
        render(0, 0, Shape.strides(shape))
        let gradNote = requiresGrad ? ", requiresGrad" : ""
        return "Tensor(shape: \(shape), \(dtype)\(gradNote), \(text))"
    }

    private static func format(_ value: Double) -> String {
        let rounded = (value * 1e4).rounded() / 1e4
        return rounded == rounded.rounded() && Swift.abs(rounded) < 1e15 ? String(Int(rounded)) + "." : String(rounded)
    }
}

import Tensor

/// The element types optimisers update in place: `Float` and `Double` parameters.
protocol OptimizerScalar: BinaryFloatingPoint, SIMDScalar, Codable {
    /// The elements of `tensor` in this type.
    static func elements(of tensor: Tensor) -> [Self]
    /// Runs `body` over `tensor`'s elements in place (keeping the tensor's identity).
    static func update(_ tensor: inout Tensor, _ body: (UnsafeMutablePointer<Self>) -> Void)
}

extension Float: OptimizerScalar {
    static func elements(of tensor: Tensor) -> [Float] { tensor.scalars }
    static func update(_ tensor: inout Tensor, _ body: (UnsafeMutablePointer<Float>) -> Void) {
        tensor.updateScalars { if let base = $0.baseAddress { body(base) } }
    }
}

extension Double: OptimizerScalar {
    static func elements(of tensor: Tensor) -> [Double] { tensor.doubles }
    static func update(_ tensor: inout Tensor, _ body: (UnsafeMutablePointer<Double>) -> Void) {
        tensor.updateDoubles { if let base = $0.baseAddress { body(base) } }
    }
}

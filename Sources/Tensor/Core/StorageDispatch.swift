/// Dispatch of whole-array kernels over the two element types.
///
/// Swift closures cannot be generic, so callers pass the same generic kernel twice, once per
/// element type; each closure is specialised by the compiler.
extension Tensor {
    /// A tensor of the same shape whose elements are `f32` or `f64` of this tensor's elements.
    /// Records nothing.
    @inline(__always)
    func mapStorage(_ f32: ([Float]) -> [Float], _ f64: ([Double]) -> [Double]) -> Tensor {
        switch storage {
        case .float32(let x): return Tensor(storage: .float32(f32(x)), shape: shape)
        case .float64(let x): return Tensor(storage: .float64(f64(x)), shape: shape)
        }
    }

    /// A tensor of the same shape from this tensor's elements and `other` (same dtype).
    /// Records nothing.
    @inline(__always)
    func zipStorage(
        _ other: TensorStorage, _ f32: ([Float], [Float]) -> [Float], _ f64: ([Double], [Double]) -> [Double]
    ) -> Tensor {
        switch (storage, other) {
        case let (.float32(x), .float32(y)): return Tensor(storage: .float32(f32(x, y)), shape: shape)
        case let (.float64(x), .float64(y)): return Tensor(storage: .float64(f64(x, y)), shape: shape)
        default:
            // Mixed dtypes: compute in float64.
            let promoted = Tensor(storage: storage.converted(to: .float64), shape: shape)
            return promoted.zipStorage(other.converted(to: .float64), f32, f64)
        }
    }
}

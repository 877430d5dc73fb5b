/// The element type of a tensor.
///
/// Frontier computes in `float32`; `float64` exists for the places that need the precision:
/// finite-difference gradient checks and statistics. Mixing the two in one operation promotes
/// to `float64`, as PyTorch does.
public enum DType: String, Sendable, CaseIterable, Codable {
    /// 32-bit IEEE 754 floating point (`Float`), the default.
    case float32
    /// 64-bit IEEE 754 floating point (`Double`).
    case float64

    /// Size of one element in bytes.
    public var byteCount: Int { self == .float32 ? 4 : 8 }

    /// The type that holds both `self` and `other` without loss.
    public func promoted(with other: DType) -> DType {
        self == .float64 || other == .float64 ? .float64 : .float32
    }
}

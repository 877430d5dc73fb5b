import CHDF5
import Tensor

/// The element type of a dataset as stored in the file. Only the three numeric types Frontier writes are
/// readable; anything else is reported with a description (`integer, 1 byte, signed`).
public enum HDF5ElementType: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// IEEE 754 binary32 (either byte order).
    case float32
    /// IEEE 754 binary64 (either byte order).
    case float64
    /// Two's-complement 64-bit signed integer (either byte order).
    case int64
    /// Any other type; the string describes it.
    case other(String)

    /// The native (in-memory) HDF5 type used to read or write elements of this type.
    var nativeTypeID: hid_t? {
        switch self {
        case .float32: return frontier_h5t_native_float()
        case .float64: return frontier_h5t_native_double()
        case .int64: return frontier_h5t_native_int64()
        case .other: return nil
        }
    }

    /// The little-endian file type Frontier writes (the same bytes on every machine, so files hash the same).
    var fileTypeID: hid_t? {
        switch self {
        case .float32: return frontier_h5t_ieee_f32le()
        case .float64: return frontier_h5t_ieee_f64le()
        case .int64: return frontier_h5t_std_i64le()
        case .other: return nil
        }
    }

    /// A one-line description for messages and logs.
    public var description: String {
        switch self {
        case .float32: return "float32"
        case .float64: return "float64"
        case .int64: return "int64"
        case .other(let text): return text
        }
    }

    /// Classifies a datatype by exact comparison with the standard types. Call while holding the lock.
    static func classify(_ typeID: hid_t) -> HDF5ElementType {
        let candidates: [(HDF5ElementType, [hid_t])] = [
            (.float32, [frontier_h5t_ieee_f32le(), frontier_h5t_ieee_f32be()]),
            (.float64, [frontier_h5t_ieee_f64le(), frontier_h5t_ieee_f64be()]),
            (.int64, [frontier_h5t_std_i64le(), frontier_h5t_std_i64be()]),
        ]
        for (elementType, ids) in candidates where ids.contains(where: { H5Tequal(typeID, $0) > 0 }) {
            return elementType
        }
        return .other(describeDatatype(typeID))
    }

    /// A short description of any datatype, e.g. `integer, 1 byte, signed`. Call while holding the lock.
    static func describeDatatype(_ typeID: hid_t) -> String {
        let size = H5Tget_size(typeID)
        let bytes = size == 1 ? "1 byte" : "\(size) bytes"
        switch H5Tget_class(typeID) {
        case H5T_INTEGER: return "integer, \(bytes), \(H5Tget_sign(typeID) == H5T_SGN_2 ? "signed" : "unsigned")"
        case H5T_FLOAT: return "float, \(bytes)"
        case H5T_STRING: return H5Tis_variable_str(typeID) > 0 ? "variable-length string" : "string, \(bytes)"
        case H5T_COMPOUND: return "compound, \(bytes)"
        case H5T_ENUM: return "enum, \(bytes)"
        case H5T_ARRAY: return "array, \(bytes)"
        case H5T_VLEN: return "variable-length sequence"
        case H5T_OPAQUE: return "opaque, \(bytes)"
        case H5T_REFERENCE: return "reference"
        case H5T_BITFIELD: return "bitfield, \(bytes)"
        case H5T_TIME: return "time, \(bytes)"
        default: return "unknown datatype"
        }
    }
}

/// A Swift type a dataset can hold: `Float` (float32), `Double` (float64) or `Int64` (int64).
public protocol HDF5Element: Sendable {
    /// The element type values of this Swift type are stored as.
    static var hdf5ElementType: HDF5ElementType { get }
}

extension Float: HDF5Element {
    /// `.float32`.
    public static var hdf5ElementType: HDF5ElementType { .float32 }
}

extension Double: HDF5Element {
    /// `.float64`.
    public static var hdf5ElementType: HDF5ElementType { .float64 }
}

extension Int64: HDF5Element {
    /// `.int64`.
    public static var hdf5ElementType: HDF5ElementType { .int64 }
}

extension HDF5Element {
    /// The element type, checked against the Swift type: elements go to libhdf5 as raw bytes, so only the
    /// three conformances above are valid.
    static var checkedElementType: HDF5ElementType {
        let elementType = hdf5ElementType
        let isKnown = (Self.self == Float.self && elementType == .float32)
            || (Self.self == Double.self && elementType == .float64)
            || (Self.self == Int64.self && elementType == .int64)
        check(isKnown, "HDF5Element is only for Float, Double and Int64, not \(Self.self)")
        return elementType
    }
}

/// A dataset's contents: its shape and its elements in row-major order.
public struct HDF5Array<Element: HDF5Element>: Sendable {
    /// The dimensions; `[]` for a scalar dataset.
    public var shape: [Int]
    /// The elements, row-major; `shape.reduce(1, *)` of them.
    public var elements: [Element]

    /// An array with the given shape and elements.
    public init(shape: [Int], elements: [Element]) {
        self.shape = shape
        self.elements = elements
    }
}

extension HDF5Array: Equatable where Element: Equatable {}

/// The value of an attribute: the kinds Frontier writes and reads.
///
/// Strings are written as fixed-length ASCII; both fixed- and variable-length strings (h5py's default for
/// `str`) are read. Scalars use a scalar dataspace and arrays a one-dimensional one, as h5py does.
public enum HDF5AttributeValue: Equatable, Sendable, CustomStringConvertible {
    /// A text value (ASCII when written).
    case string(String)
    /// A signed 64-bit integer.
    case int64(Int64)
    /// A float64.
    case double(Double)
    /// A one-dimensional array of signed 64-bit integers.
    case int64Array([Int64])
    /// A one-dimensional array of float64s.
    case doubleArray([Double])

    /// The string, if this is `.string`.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The integer, if this is `.int64`.
    public var int64Value: Int64? {
        if case .int64(let value) = self { return value }
        return nil
    }

    /// The number, if this is `.double`.
    public var doubleValue: Double? {
        if case .double(let value) = self { return value }
        return nil
    }

    /// The integers, if this is `.int64Array`.
    public var int64ArrayValue: [Int64]? {
        if case .int64Array(let value) = self { return value }
        return nil
    }

    /// The numbers, if this is `.doubleArray`.
    public var doubleArrayValue: [Double]? {
        if case .doubleArray(let value) = self { return value }
        return nil
    }

    /// A one-line description for messages and logs.
    public var description: String {
        switch self {
        case .string(let value): return value.debugDescription
        case .int64(let value): return "\(value)"
        case .double(let value): return "\(value)"
        case .int64Array(let values): return "\(values)"
        case .doubleArray(let values): return "\(values)"
        }
    }
}

import CHDF5

/// The extent of a dataspace as the file declares it (nothing is read or allocated from it).
struct HDF5Extent: Sendable, Equatable {
    /// Scalar (one element, no dimensions), simple (`dimensions`), or null (no elements).
    enum Kind: Sendable, Equatable { case scalar, simple, null }

    var kind: Kind
    /// The declared dimensions; empty for scalar and null extents.
    var dimensions: [UInt64]

    /// The number of elements, or nil when the product overflows 64 bits.
    var elementCount: UInt64? {
        switch kind {
        case .null: return 0
        case .scalar: return 1
        case .simple:
            var count: UInt64 = 1
            for dimension in dimensions {
                let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
                if overflow { return nil }
                count = product
            }
            return count
        }
    }

    /// The dimensions as `Int`s (`[]` for scalars), or nil if one does not fit or the product of
    /// the non-zero ones does not. A dataset with a zero dimension holds no elements, but code
    /// that multiplies its sizes in any order (element counts, strides) must not overflow: the
    /// shape `[2^62, 2, 0]` would stop the process in `Tensor`'s element count.
    var shape: [Int]? {
        var shape: [Int] = []
        var product = 1
        for dimension in dimensions {
            guard let value = Int(exactly: dimension) else { return nil }
            if value > 0 {
                let (next, overflow) = product.multipliedReportingOverflow(by: value)
                if overflow { return nil }
                product = next
            }
            shape.append(value)
        }
        return shape
    }

    /// Reads the extent of a dataspace identifier. Call while holding the lock.
    static func of(_ space: hid_t, at location: HDF5Location) throws -> HDF5Extent {
        switch H5Sget_simple_extent_type(space) {
        case H5S_SCALAR: return HDF5Extent(kind: .scalar, dimensions: [])
        case H5S_NULL: return HDF5Extent(kind: .null, dimensions: [])
        case H5S_SIMPLE:
            let rank = H5Sget_simple_extent_ndims(space)
            guard rank >= 0 else { throw location.libraryError("H5Sget_simple_extent_ndims") }
            var dimensions = [hsize_t](repeating: 0, count: Int(rank))
            if rank > 0 {
                guard H5Sget_simple_extent_dims(space, &dimensions, nil) >= 0 else {
                    throw location.libraryError("H5Sget_simple_extent_dims")
                }
            }
            return HDF5Extent(kind: .simple, dimensions: dimensions.map { UInt64($0) })
        default:
            throw location.libraryError("H5Sget_simple_extent_type")
        }
    }
}

import CHDF5

/// A dataset: an n-dimensional array of float32, float64 or int64 elements (other element types can be
/// described by `info()` but not read).
public final class HDF5Dataset: HDF5Object, @unchecked Sendable {
    /// The dataset's shape, element type, layout, filters and sizes, read from its metadata only.
    public func info() throws -> HDF5DatasetInfo {
        try withID { id in try HDF5RawDatasetInfo.read(dataset: id, at: location).publicInfo(at: location) }
    }

    /// Reads all elements. Throws `.elementTypeMismatch` unless the dataset stores `Element`'s type (no
    /// conversion), and `.unsupported` for data kept outside this file (external storage, virtual datasets).
    /// Files from strangers: run `HDF5Inspector` first, which also bounds the declared size.
    public func read<Element: HDF5Element>(as type: Element.Type = Element.self) throws -> HDF5Array<Element> {
        let expected = Element.checkedElementType
        return try withID { id in
            let raw = try HDF5RawDatasetInfo.read(dataset: id, at: location)
            guard raw.elementType == expected else {
                throw HDF5Error.elementTypeMismatch(file: location.file, object: path, expected: expected,
                                                    actual: raw.elementType)
            }
            guard raw.externalStorageCount == 0, raw.layout != .virtual else {
                throw HDF5Error.unsupported(file: location.file, object: path,
                                            message: "data stored outside the file (\(raw.layout), "
                                                + "\(raw.externalStorageCount) external files)")
            }
            let info = try raw.publicInfo(at: location)
            guard let byteCount = info.declaredByteCount, byteCount <= UInt64(Int.max) else {
                throw HDF5Error.unsupported(file: location.file, object: path, message: "dataset too large to read")
            }
            // Zero-filled first: a failed read must not expose uninitialised memory.
            var elements = [Element](unsafeUninitializedCapacity: info.elementCount) { buffer, initialized in
                UnsafeMutableRawBufferPointer(buffer).initializeMemory(as: UInt8.self, repeating: 0)
                initialized = info.elementCount
            }
            if !elements.isEmpty, let memoryType = expected.nativeTypeID {
                try location.check(elements.withUnsafeMutableBytes {
                    H5Dread(id, memoryType, frontier_h5s_all(), frontier_h5s_all(), frontier_h5p_default(),
                            $0.baseAddress)
                }, "H5Dread")
            }
            return HDF5Array(shape: info.shape, elements: elements)
        }
    }
}

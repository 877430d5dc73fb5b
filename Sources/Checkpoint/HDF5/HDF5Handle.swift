import CHDF5
import Tensor

/// Owns one libhdf5 identifier and closes it exactly once: on `close()` or, failing that, in `deinit`.
final class HDF5Handle: @unchecked Sendable {
    /// Which `H5?close` releases the identifier.
    enum Kind {
        case file, group, dataset, attribute, dataspace, datatype, propertyList

        fileprivate func close(_ id: hid_t) -> herr_t {
            switch self {
            case .file: return H5Fclose(id)
            case .group: return H5Gclose(id)
            case .dataset: return H5Dclose(id)
            case .attribute: return H5Aclose(id)
            case .dataspace: return H5Sclose(id)
            case .datatype: return H5Tclose(id)
            case .propertyList: return H5Pclose(id)
            }
        }
    }

    let kind: Kind
    private var rawID: hid_t

    /// Takes ownership of a valid (non-negative) identifier.
    init(_ id: hid_t, kind: Kind) {
        check(id >= 0, "HDF5Handle needs a valid identifier, got \(id)")
        self.rawID = id
        self.kind = kind
    }

    /// The identifier; only meaningful while `isOpen`.
    var id: hid_t { rawID }

    /// Whether the identifier has not been closed yet.
    var isOpen: Bool { HDF5Runtime.locked { rawID >= 0 } }

    /// Closes the identifier if it is still open. Returns the library's status (0 when already closed).
    @discardableResult
    func close() -> herr_t {
        HDF5Runtime.locked {
            guard rawID >= 0 else { return 0 }
            let status = kind.close(rawID)
            rawID = -1
            return status
        }
    }

    deinit { close() }
}

/// Where an operation happens, for error messages: the file path and the object path inside it.
struct HDF5Location: Sendable {
    var file: String
    var object: String

    /// A `.libraryError` for a failed call, with the library's error stack. Call while holding the lock.
    func libraryError(_ operation: String) -> HDF5Error {
        .libraryError(file: file, object: object, operation: operation, message: HDF5Runtime.takeErrorStack())
    }

    /// Wraps an identifier returned by libhdf5, throwing `.libraryError` when it is negative.
    func own(_ id: hid_t, _ kind: HDF5Handle.Kind, _ operation: String) throws -> HDF5Handle {
        guard id >= 0 else { throw libraryError(operation) }
        return HDF5Handle(id, kind: kind)
    }

    /// Throws `.libraryError` when a status is negative.
    func check(_ status: herr_t, _ operation: String) throws {
        if status < 0 { throw libraryError(operation) }
    }

    /// The location of a child link `name`.
    func child(_ name: String) -> HDF5Location {
        HDF5Location(file: file, object: object == "/" ? "/" + name : object + "/" + name)
    }
}

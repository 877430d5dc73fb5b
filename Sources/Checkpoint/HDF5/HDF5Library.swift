import CHDF5

/// The HDF5 C library Frontier links against.
public enum HDF5Library {
    /// The library's version, `major.minor.release`.
    public static var version: String {
        HDF5Runtime.locked {
            var major: UInt32 = 0
            var minor: UInt32 = 0
            var release: UInt32 = 0
            guard H5get_libversion(&major, &minor, &release) >= 0 else { return "unknown" }
            return "\(major).\(minor).\(release)"
        }
    }

    /// How many identifiers of files, groups, datasets, named datatypes and attributes are open in the whole
    /// process (`H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL)`); 0 when every handle has been closed.
    public static var openObjectCount: Int {
        HDF5Runtime.locked {
            let all = frontier_h5f_obj_all()
            return Int(H5Fget_obj_count(hid_t(all), all))
        }
    }
}

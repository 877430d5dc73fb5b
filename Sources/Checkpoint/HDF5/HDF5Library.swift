import CHDF5

/// The HDF5 C library Frontier links against.
public enum HDF5Library {
    /// The library's version, `major.minor.release`.
    public static var version: String {
        var major: UInt32 = 0
        var minor: UInt32 = 0
        var release: UInt32 = 0
        guard H5get_libversion(&major, &minor, &release) >= 0 else { return "unknown" }
        return "\(major).\(minor).\(release)"
    }
}

#if canImport(Glibc)
import Glibc
#endif

/// Why a text file could not be read.
package enum TextFileError: Error, Equatable {
    /// `fopen` failed with this errno.
    case cannotOpen(errno: Int32)
    /// The file holds more than the caller's limit.
    case tooLarge(maxBytes: Int)
}

/// The whole content of a text file, decoded as UTF-8, refusing files over `maxBytes`. Read in
/// chunks rather than by size, because `/proc` files report a size of 0. Shared by the modules
/// of this package (CPU detection, forecasting CSVs, training corpora).
package func readTextFile(_ path: String, maxBytes: Int = .max) throws(TextFileError) -> String {
    guard let file = fopen(path, "r") else { throw .cannotOpen(errno: errno) }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let read = fread(&chunk, 1, chunk.count, file)
        if read <= 0 { break }
        bytes.append(contentsOf: chunk[0..<read])
        guard bytes.count <= maxBytes else { throw .tooLarge(maxBytes: maxBytes) }
    }
    return String(decoding: bytes, as: UTF8.self)
}

extension StringProtocol {
    /// The text without leading and trailing characters from `characters`.
    package func trimming(_ characters: String) -> Substring {
        var slice = self[...]
        while let first = slice.first, characters.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, characters.contains(last) { slice = slice.dropLast() }
        return Substring(slice)
    }
}

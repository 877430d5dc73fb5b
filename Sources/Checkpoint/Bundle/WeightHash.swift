import Crypto
import Foundation
import NN
import Tensor

/// The bundle hash (the `weights_sha256` attribute, format version 2): the SHA-256 of canonical
/// bytes covering everything that decides how the bundle's models behave, which anyone can
/// recompute from the file (docs/checkpoint-format.md has the layout and a Python version).
///
/// With `u32`/`u64` little-endian integers and `text(s)` = `u64(byte count of s)` then the UTF-8
/// bytes of `s`:
///
///     text("frontier-bundle-hash-v2")
///     u64(number of entries)
///     for each entry, in byte-wise order of its UTF-8 name:
///         text(name)
///         text(architecture kind)
///         text(canonical JSON of the architecture configuration)
///         text(canonical JSON of the observation space)
///         text(canonical JSON of the action space)
///         u64(number of parameters)
///         for each parameter, in byte-wise order of its UTF-8 key:
///             text(key)
///             one dtype byte: 1 float32, 2 float64
///             u32(rank), then u64(each dimension)
///             the elements, row-major, little-endian IEEE 754
///
/// Observation statistics are parameters, so they are covered. Metadata (training facts) and the
/// optimiser state are not: two miners with the same network own the same model, whatever their
/// logs or optimiser said, and the earlier one owns it. Lengths and counts prefix every variable
/// part, so no two different bundles share canonical bytes.
public enum WeightHash {
    /// The first item of the canonical bytes: it names the layout, so a hash over another
    /// layout never equals one over this.
    public static let tag = "frontier-bundle-hash-v2"

    /// The hex SHA-256 of `entries`' canonical bytes; throws when an architecture or space is not
    /// JSON with a canonical form (``CanonicalJSON``).
    public static func digest(_ entries: [BundleEntry]) throws(BundleError) -> String {
        var hash = Crypto.SHA256()
        text(Array(tag.utf8), into: &hash)
        hash.update(data: littleEndian(UInt64(entries.count)))
        for entry in entries.sorted(by: { Array($0.name.utf8).lexicographicallyPrecedes(Array($1.name.utf8)) }) {
            text(Array(entry.name.utf8), into: &hash)
            text(Array(entry.architecture.kind.utf8), into: &hash)
            for (field, json) in [("architecture", entry.architecture.configuration), ("observation_space", entry.observationSpace),
                                  ("action_space", entry.actionSpace)] {
                do {
                    text(try CanonicalJSON.canonicalBytes(json), into: &hash)
                } catch {
                    throw .invalidEntry(entry: entry.name, reason: "\(field): \(error)")
                }
            }
            hash.update(data: littleEndian(UInt64(entry.parameters.count)))
            for key in entry.parameters.keys.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }) {
                guard let tensor = entry.parameters[key] else { continue }  // keys are the dict's own
                text(Array(key.utf8), into: &hash)
                hash.update(data: [tensor.dtype == .float32 ? 1 : 2] as [UInt8])
                hash.update(data: littleEndian(UInt32(tensor.rank)))
                for size in tensor.shape { hash.update(data: littleEndian(UInt64(size))) }
                switch tensor.dtype {
                case .float32:
                    let values = tensor.scalars.map { $0.bitPattern.littleEndian }
                    values.withUnsafeBytes { hash.update(bufferPointer: $0) }
                case .float64:
                    let values = tensor.doubles.map { $0.bitPattern.littleEndian }
                    values.withUnsafeBytes { hash.update(bufferPointer: $0) }
                }
            }
        }
        return hash.finalize().map { String(format: "%02x", $0) }.joined()
    }

    private static func text(_ bytes: [UInt8], into hash: inout Crypto.SHA256) {
        hash.update(data: littleEndian(UInt64(bytes.count)))
        hash.update(data: bytes)
    }

    static func littleEndian<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: value.littleEndian) { Array($0) }
    }
}

import NN
import Tensor

/// The canonical weight bytes of a bundle and their SHA-256, which anyone can recompute from the
/// file (docs/checkpoint-format.md has a Python version):
///
/// for each entry in name order, for each parameter in key order (byte-wise UTF-8 order):
/// the UTF-8 bytes of `<entry>/<key>`, a 0 byte, a dtype byte (1 float32, 2 float64), the rank
/// as UInt32 little-endian, each dimension as UInt64 little-endian, then the elements as
/// little-endian IEEE 754. Optimiser state is not part of the hash: two miners with the same
/// weights own the same model whatever their optimiser did.
public enum WeightHash {
    /// The hex SHA-256 of `entries`' canonical weight bytes.
    public static func digest(_ entries: [BundleEntry]) -> String {
        var hash = SHA256()
        for entry in entries.sorted(by: { Array($0.name.utf8).lexicographicallyPrecedes(Array($1.name.utf8)) }) {
            for key in entry.parameters.keys.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }) {
                let tensor = entry.parameters[key]!
                hash.update(Array((entry.name + "/" + key).utf8) + [0, tensor.dtype == .float32 ? 1 : 2])
                hash.update(littleEndian(UInt32(tensor.rank)))
                for size in tensor.shape { hash.update(littleEndian(UInt64(size))) }
                switch tensor.dtype {
                case .float32:
                    let values = tensor.scalars.map { $0.bitPattern.littleEndian }
                    values.withUnsafeBytes { hash.update($0) }
                case .float64:
                    let values = tensor.doubles.map { $0.bitPattern.littleEndian }
                    values.withUnsafeBytes { hash.update($0) }
                }
            }
        }
        return hash.hexDigest()
    }

    static func littleEndian<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: value.littleEndian) { Array($0) }
    }
}

import Foundation
@testable import Checkpoint

/// The files the corruption tests damage.
enum CorruptionSource: String, Sendable, CaseIterable {
    /// `writeReferenceFile`: fixed-length string attributes, contiguous datasets, old-style groups.
    case swiftReference = "swift"
    /// `good_h5py.h5`: variable-length string attributes (h5py's default), as miners' tools may write.
    case h5pyGood = "h5py"

    /// The one bit per byte the in-suite sweeps flip (the scan script tries all eight).
    func sampledBit(at offset: Int) -> Int {
        switch self {
        case .swiftReference: return offset % 8
        case .h5pyGood: return (offset * 3 + 1) % 8
        }
    }

    /// The undamaged bytes.
    func bytes() throws -> [UInt8] {
        switch self {
        case .swiftReference:
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            let path = directory.path("reference.h5")
            try writeReferenceFile(at: path)
            return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        case .h5pyGood:
            return Array(try Data(contentsOf: URL(fileURLWithPath: try hostileFixture("good_h5py"))))
        }
    }
}

/// What happened to one damaged file.
enum CorruptionOutcome: Equatable {
    /// The inspector rejected it.
    case rejected(CheckpointSafetyError)
    /// The inspector accepted it and every dataset and attribute then read (or failed to read) cleanly.
    case loaded(readErrors: Int)
}

/// Inspects the file and, if it is accepted, reads everything the report lists, as a validator would. Any
/// error is an outcome; only a crash inside libhdf5 escapes (by killing the process).
func inspectAndLoad(_ path: String, limits: HDF5SafetyLimits = HDF5SafetyLimits()) -> CorruptionOutcome {
    let report: HDF5InspectionReport
    do {
        report = try HDF5Inspector(limits: limits).inspect(fileAt: path)
    } catch {
        return .rejected(error)
    }
    var readErrors = 0
    do {
        let file = try HDF5File.open(at: path)
        defer { try? file.close() }
        for dataset in report.datasets {
            do {
                let object = try openDataset(dataset.path, in: file)
                switch dataset.elementType {
                case .float32: _ = try object.read(as: Float.self)
                case .float64: _ = try object.read(as: Double.self)
                case .int64: _ = try object.read(as: Int64.self)
                case .other: readErrors += 1
                }
            } catch {
                readErrors += 1
            }
        }
        for attribute in report.attributes {
            do {
                let owner: HDF5Object = attribute.objectPath == "/" || report.groups.contains(attribute.objectPath)
                    ? try openGroup(attribute.objectPath, in: file) : try openDataset(attribute.objectPath, in: file)
                _ = try owner.attribute(attribute.name)
            } catch {
                readErrors += 1
            }
        }
    } catch {
        readErrors += 1
    }
    return .loaded(readErrors: readErrors)
}

private func openGroup(_ path: String, in file: HDF5File) throws -> HDF5Group {
    try path.split(separator: "/").reduce(try file.root) { group, name in try group.openGroup(String(name)) }
}

private func openDataset(_ path: String, in file: HDF5File) throws -> HDF5Dataset {
    var components = path.split(separator: "/").map(String.init)
    let name = components.removeLast()
    return try openGroup("/" + components.joined(separator: "/"), in: file).openDataset(name)
}

/// Byte offsets where flipping a bit makes libhdf5 1.10.8 segfault even inside the inspector with default
/// limits (found by `scripts/fixtures/scan_hdf5_bitflips.sh`); the in-suite sweeps skip them.
///
/// In good_h5py.h5 they are the attribute message of `/@sizes` (bytes 1616-1695). Asking for any attribute
/// name makes the library decode every attribute message of the object; a damaged one crashes it in
/// H5Aget_name_by_idx → H5A__attr_release_table → H5A__close, at once (offsets 1620, 1624, 1626, 1628, 1630,
/// 1637, 1640, 1644, 1645, 1656, 1657, 1664, 1671 in a fresh process) or later in the same process (1627,
/// 1665 after other damaged files: the heap was damaged earlier), so the whole message is skipped.
/// No single-bit flip of the Swift-written file crashes.
let knownCrashingFlips: [CorruptionSource: Set<Int>] = [
    .h5pyGood: Set(1616..<1696),
]

/// Flips one bit at each chosen offset of a source file, writes the damaged file and runs `inspectAndLoad`
/// on it, skipping `knownCrashingFlips`. With `log`, prints `FLIP label offset bit` to stderr (unbuffered)
/// before each case, so a crash can be attributed.
@discardableResult
func sweepBitFlips(
    _ source: CorruptionSource, offsets: Range<Int>? = nil, bits: (Int) -> [Int],
    limits: HDF5SafetyLimits = HDF5SafetyLimits(), log: Bool = false
) throws -> (rejected: Int, loaded: Int) {
    try sweepBitFlips(of: try source.bytes(), label: source.rawValue, skipping: knownCrashingFlips[source] ?? [],
                      offsets: offsets, bits: bits, limits: limits, log: log)
}

/// The same sweep over any bytes.
@discardableResult
func sweepBitFlips(
    of original: [UInt8], label: String, skipping skipped: Set<Int> = [], offsets: Range<Int>? = nil,
    bits: (Int) -> [Int], limits: HDF5SafetyLimits = HDF5SafetyLimits(), log: Bool = false
) throws -> (rejected: Int, loaded: Int) {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    var rejected = 0
    var loaded = 0
    let range = (offsets ?? 0..<original.count).clamped(to: 0..<original.count)
    for offset in range where !skipped.contains(offset) {
        for bit in bits(offset) {
            var damaged = original
            damaged[offset] ^= UInt8(1) << UInt8(bit)
            let path = directory.path("flip-\(offset)-\(bit).h5")
            try Data(damaged).write(to: URL(fileURLWithPath: path))
            if log { logLine("FLIP \(label) \(offset) \(bit)") }
            switch inspectAndLoad(path, limits: limits) {
            case .rejected: rejected += 1
            case .loaded: loaded += 1
            }
            try FileManager.default.removeItem(atPath: path)
        }
    }
    return (rejected, loaded)
}

/// Writes a line to stderr unbuffered (a crash right after must not lose it).
func logLine(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

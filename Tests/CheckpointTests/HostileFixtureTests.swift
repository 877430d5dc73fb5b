import Foundation
import Testing
@testable import Checkpoint

/// One checked-in fixture and the error the inspector must give for it.
struct HostileCase: Sendable, CustomTestStringConvertible {
    var fixture: String
    var limits = HDF5SafetyLimits()
    var expected: @Sendable (_ path: String) -> CheckpointSafetyError

    var testDescription: String { fixture }
}

private let smallAttributes = HDF5SafetyLimits(maxAttributeBytes: 8 << 10, allowsVariableLengthStrings: true)
private let h5pyStrings = HDF5SafetyLimits(allowsVariableLengthStrings: true)
private let defaultPerDataset = 16 << 20

@Suite("HDF5 inspector: hostile fixtures")
struct HostileFixtureTests {
    static let cases: [HostileCase] = [
        HostileCase(fixture: "external_link") { _ in
            .externalLink(object: "/stolen", file: "/etc/secret.h5", target: "/data")
        },
        HostileCase(fixture: "soft_link") { _ in .softLink(object: "/alias", target: "/w") },
        HostileCase(fixture: "external_storage") { _ in .externalStorage(object: "/w", fileCount: 1) },
        HostileCase(fixture: "virtual_dataset") { _ in .virtualDataset(object: "/w") },
        HostileCase(fixture: "compression_bomb") { _ in
            .datasetTooLarge(object: "/w", shape: [1_000_000_000], limit: defaultPerDataset)
        },
        HostileCase(fixture: "chunk_bomb") { _ in
            .chunkTooLarge(object: "/w", chunkShape: [1 << 25], limit: defaultPerDataset)
        },
        HostileCase(fixture: "zero_size_overflow") { _ in
            .datasetTooLarge(object: "/w", shape: [1 << 62, 2, 0], limit: defaultPerDataset)
        },
        HostileCase(fixture: "deep_nesting") { _ in
            .tooDeep(object: String(repeating: "/g", count: 17), depth: 17, limit: 16)
        },
        HostileCase(fixture: "huge_attribute", limits: smallAttributes) { _ in
            .attributeTooLarge(object: "/", attribute: "blob", bytes: 16384, limit: 8 << 10)
        },
        HostileCase(fixture: "huge_vlen_attribute", limits: smallAttributes) { _ in
            .attributeTooLarge(object: "/", attribute: "blob", bytes: 16384, limit: 8 << 10)
        },
        HostileCase(fixture: "huge_vlen_attribute") { _ in
            .unsupportedAttributeType(object: "/", attribute: "blob", description: "variable-length string")
        },
        HostileCase(fixture: "dtype_int8") { _ in
            .unsupportedElementType(object: "/w", description: "integer, 1 byte, signed")
        },
        HostileCase(fixture: "dtype_complex") { _ in
            .unsupportedElementType(object: "/w", description: "compound, 8 bytes")
        },
        HostileCase(fixture: "dtype_compound") { _ in
            .unsupportedElementType(object: "/w", description: "compound, 8 bytes")
        },
        HostileCase(fixture: "hard_link_cycle") { _ in .sharedObject(object: "/a/loop", firstPath: "/a") },
        HostileCase(fixture: "named_datatype") { _ in
            .unsupportedObject(object: "/t", description: "named datatype")
        },
        HostileCase(fixture: "non_ascii_name") { _ in .nonASCIIName(object: "/w\u{e9}ight") },
        HostileCase(fixture: "long_name") { _ in
            .nameTooLong(object: "/" + String(repeating: "n", count: 300), length: 300, limit: 256)
        },
        HostileCase(fixture: "unknown_filter") { _ in .unsupportedFilter(object: "/w", filterID: 32000) },
        HostileCase(fixture: "not_hdf5") { path in .notHDF5(path: path) },
    ]

    @Test("each hostile fixture is rejected with its own error", arguments: cases)
    func rejected(_ hostile: HostileCase) throws {
        let path = try hostileFixture(hostile.fixture)
        #expect(throws: hostile.expected(path)) {
            try HDF5Inspector(limits: hostile.limits).inspect(fileAt: path)
        }
    }

    @Test("a dataset with no elements but overflowing dimensions is refused by every reader, not trapped on")
    func zeroSizeOverflow() throws {
        // Before the fix, BundleReader passed the inspector (0 elements) and then stopped the process
        // multiplying the dimensions [2^62, 2, 0] as Ints.
        let path = try hostileFixture("zero_size_overflow")
        #expect(throws: BundleError.unsafe(.datasetTooLarge(object: "/w", shape: [1 << 62, 2, 0], limit: defaultPerDataset))) {
            try BundleReader.read(path)
        }
        let file = try HDF5File.open(at: path)
        defer { try? file.close() }
        #expect(throws: HDF5Error.self) { try file.root.openDataset("w").read(as: Float.self) }
        #expect(throws: HDF5Error.self) { try file.root.openDataset("w").info() }
    }

    @Test("the well-formed h5py file is accepted and described when variable-length strings are allowed")
    func acceptsGoodFile() throws {
        let path = try hostileFixture("good_h5py")
        #expect(throws: CheckpointSafetyError.unsupportedAttributeType(
            object: "/", attribute: "format", description: "variable-length string")) {
            try HDF5Inspector().inspect(fileAt: path)
        }
        let report = try HDF5Inspector(limits: h5pyStrings).inspect(fileAt: path)
        #expect(report.groups == ["/", "/policy"])
        #expect(report.datasets.map(\.path) == ["/policy/bias", "/policy/steps", "/w"])
        #expect(report.datasets.map(\.shape) == [[3], [3], [3, 4]])
        #expect(report.datasets.map(\.elementType) == [.float64, .int64, .float32])
        #expect(report.totalElements == 18)
        #expect(Set(report.attributes.map { "\($0.objectPath)@\($0.name)" }) == [
            "/@format", "/@label", "/@scale", "/@sizes", "/@version", "/w@fan_in", "/w@name",
        ])
    }

    @Test("lowered limits reject the good file where the count crosses them")
    func loweredLimits() throws {
        let path = try hostileFixture("good_h5py")
        func inspect(_ change: (inout HDF5SafetyLimits) -> Void) throws(CheckpointSafetyError) {
            var limits = h5pyStrings
            change(&limits)
            _ = try HDF5Inspector(limits: limits).inspect(fileAt: path)
        }
        #expect(throws: CheckpointSafetyError.totalElementsTooLarge(object: "/w", total: 18, limit: 10)) {
            try inspect { $0.maxTotalElements = 10 }
        }
        #expect(throws: CheckpointSafetyError.datasetTooLarge(object: "/w", shape: [3, 4], limit: 11)) {
            try inspect { $0.maxElementsPerDataset = 11 }
        }
        #expect(throws: CheckpointSafetyError.tooManyObjects(object: "/", limit: 3)) {
            try inspect { $0.maxObjects = 3 }
        }
        #expect(throws: CheckpointSafetyError.tooDeep(object: "/policy/bias", depth: 2, limit: 1)) {
            try inspect { $0.maxDepth = 1 }
        }
        #expect(throws: CheckpointSafetyError.nameTooLong(object: "/@format", length: 6, limit: 5)) {
            try inspect { $0.maxNameLength = 5 }
        }
        #expect(throws: CheckpointSafetyError.fileTooLarge(path: path, bytes: 8288, limit: 1000)) {
            try inspect { $0.maxFileBytes = 1000 }
        }
        #expect(throws: CheckpointSafetyError.invalidLimits("maxDepth must be positive, got 0")) {
            try inspect { $0.maxDepth = 0 }
        }
    }

    @Test("a file written by the Swift wrapper passes inspection")
    func acceptsSwiftFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("reference.h5")
        try writeReferenceFile(at: path)
        let report = try HDF5Inspector().inspect(fileAt: path)
        #expect(report.groups == ["/", "/policy"])
        #expect(report.datasets.map(\.path) == ["/policy/bias", "/policy/weight", "/steps"])
        #expect(report.totalElements == 17)
        #expect(report.attributes.count == 6)
    }
}

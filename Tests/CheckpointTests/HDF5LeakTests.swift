import Foundation
import Testing
@testable import Checkpoint

/// Every identifier is closed: checked in a child process, where no other test holds files open.
@Suite("HDF5 wrapper: no leaked handles")
struct HDF5LeakTests {
    @Test("after round trips, failed opens and inspections no HDF5 object stays open")
    func noOpenObjects() async {
        await #expect(processExitsWith: .success) {
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            let path = directory.path("reference.h5")
            try writeReferenceFile(at: path)
            precondition(HDF5Library.openObjectCount == 0, "open after writing: \(HDF5Library.openObjectCount)")

            do {
                let file = try HDF5File.open(at: path)
                let policy = try file.root.openGroup("policy")
                _ = try policy.readDataset("weight", as: Float.self)
                _ = try policy.attribute("sizes")
                _ = try? policy.readDataset("weight", as: Double.self)  // a failed read
                _ = try? policy.attribute("missing")
                precondition(HDF5Library.openObjectCount > 0, "the open file is counted")
                try file.close()  // closes `policy` too, although it is still referenced
                precondition(HDF5Library.openObjectCount == 0, "open after close: \(HDF5Library.openObjectCount)")
            }
            do {
                // Released without close(): deinit closes everything.
                let file = try HDF5File.open(at: path)
                _ = try file.root.openGroup("policy").openDataset("bias").info()
            }
            precondition(HDF5Library.openObjectCount == 0, "open after deinit: \(HDF5Library.openObjectCount)")

            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            let truncated = directory.path("truncated.h5")
            try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: truncated))
            let garbage = directory.path("garbage.h5")
            let garbageBytes = HDF5Inspector.signature + [UInt8](repeating: 7, count: 512)
            try Data(garbageBytes).write(to: URL(fileURLWithPath: garbage))
            for failing in [directory.path("missing.h5"), truncated, garbage] {
                _ = try? HDF5File.open(at: failing)
                _ = try? HDF5Inspector().inspect(fileAt: failing)
            }
            precondition(HDF5Library.openObjectCount == 0, "open after failed opens: \(HDF5Library.openObjectCount)")

            for fixture in ["good_h5py", "external_link", "soft_link", "external_storage", "virtual_dataset",
                            "compression_bomb", "deep_nesting", "huge_vlen_attribute", "dtype_compound",
                            "hard_link_cycle"] {
                _ = try? HDF5Inspector().inspect(fileAt: try hostileFixture(fixture))
            }
            precondition(HDF5Library.openObjectCount == 0, "open after inspections: \(HDF5Library.openObjectCount)")
        }
    }
}

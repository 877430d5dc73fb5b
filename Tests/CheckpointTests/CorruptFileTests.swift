import Foundation
import Testing
@testable import Checkpoint
import Tensor

@Suite("HDF5 inspector: damaged and non-HDF5 files")
struct CorruptFileTests {
    @Test("every prefix of a good file is rejected: too short for the signature, or unreadable")
    func truncatedFiles() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let original = try CorruptionSource.swiftReference.bytes()
        for length in 0..<original.count {
            let path = directory.path("prefix-\(length).h5")
            try Data(original.prefix(length)).write(to: URL(fileURLWithPath: path))
            do {
                _ = try HDF5Inspector().inspect(fileAt: path)
                Issue.record("a \(length)-byte prefix was accepted")
            } catch .notHDF5(let rejected) {
                #expect(length < 8 && rejected == path, "length \(length)")
            } catch .unreadable(let rejected, let object, let message) {
                #expect(length >= 8 && rejected == path && object == "/", "length \(length)")
                #expect(!message.isEmpty)
            } catch {
                Issue.record("length \(length): unexpected \(error)")
            }
            try FileManager.default.removeItem(atPath: path)
        }
    }

    @Test("garbage after a valid signature is rejected as unreadable")
    func garbage() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var generator = PhiloxGenerator(seed: 7)
        let signature = HDF5Inspector.signature
        let contents: [String: [UInt8]] = [
            "signature-only": signature,
            "signature-zeros": signature + [UInt8](repeating: 0, count: 4096),
            "signature-ones": signature + [UInt8](repeating: 0xFF, count: 4096),
            "signature-random": signature + (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) },
        ]
        for (name, bytes) in contents {
            let path = directory.path("\(name).h5")
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            do {
                _ = try HDF5Inspector().inspect(fileAt: path)
                Issue.record("\(name) was accepted")
            } catch {
                guard case .unreadable(path, "/", _) = error else {
                    Issue.record("\(name): unexpected \(error)")
                    continue
                }
            }
        }
        var random = (0..<2048).map { _ in UInt8.random(in: 0...255, using: &generator) }
        random[0] = 0  // never the signature by chance
        let path = directory.path("random.h5")
        try Data(random).write(to: URL(fileURLWithPath: path))
        #expect(throws: CheckpointSafetyError.notHDF5(path: path)) { try HDF5Inspector().inspect(fileAt: path) }
    }

    @Test("only regular files are opened: not missing paths, directories, symbolic links or FIFOs")
    func specialFiles() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let good = directory.path("good.h5")
        try writeReferenceFile(at: good)
        let link = directory.path("link.h5")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: good)
        let fifo = directory.path("fifo.h5")
        #expect(mkfifo(fifo, 0o600) == 0)
        let missing = directory.path("missing.h5")

        #expect(throws: CheckpointSafetyError.notARegularFile(path: link)) { try HDF5Inspector().inspect(fileAt: link) }
        #expect(throws: CheckpointSafetyError.notARegularFile(path: fifo)) { try HDF5Inspector().inspect(fileAt: fifo) }
        #expect(throws: CheckpointSafetyError.notARegularFile(path: directory.url.path)) {
            try HDF5Inspector().inspect(fileAt: directory.url.path)
        }
        #expect(throws: CheckpointSafetyError.cannotReadFile(path: missing, reason: "No such file or directory")) {
            try HDF5Inspector().inspect(fileAt: missing)
        }
        #expect(try HDF5Inspector().inspect(fileAt: good).datasets.count == 3)
    }

    // libhdf5 1.10.8 can segfault on a damaged file, so the bit-flip sweeps run in a child process: the test
    // passes only if that process ends normally, i.e. every damaged file was rejected or read cleanly.
    // One bit per byte here (an exhaustive scan of all eight found the same crashing bytes).

    @Test("single-bit flips of a Swift-written file never crash the inspector or the load after it")
    func bitFlipsOfSwiftFile() async {
        await #expect(processExitsWith: .success) {
            try sweepBitFlips(.swiftReference)
        }
    }

    @Test("single-bit flips of an h5py file (variable-length strings) never crash the inspector or the load")
    func bitFlipsOfH5pyFile() async {
        await #expect(processExitsWith: .success) {
            try sweepBitFlips(.h5pyGood)
        }
    }
}

import Foundation
import Testing
@testable import Checkpoint

@Suite("HDF5 wrapper: atomic creation")
struct AtomicWriteTests {
    private func entries(_ directory: TemporaryDirectory) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.url.path).sorted()
    }

    @Test("nothing appears at the path until close(); then no temporary file is left")
    func appearsOnClose() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("bundle.h5")
        let file = try HDF5File.create(at: path)
        try file.root.writeDataset("w", shape: [2], elements: [Float(1), 2])
        #expect(!FileManager.default.fileExists(atPath: path))
        let pending = try entries(directory)
        #expect(pending.count == 1 && pending[0].hasPrefix(".bundle.h5.") && pending[0].hasSuffix(".tmp"), "\(pending)")
        try file.close()
        #expect(try entries(directory) == ["bundle.h5"])
        #expect(try HDF5File.open(at: path).root.readDataset("w", as: Float.self).elements == [1, 2])
    }

    @Test("a created file released without close() is discarded")
    func discardedWithoutClose() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        do {
            let file = try HDF5File.create(at: directory.path("abandoned.h5"))
            try file.root.writeDataset("w", shape: [1], elements: [Float(1)])
        }
        #expect(try entries(directory).isEmpty)
    }

    @Test("an existing file is kept unless overwrite is true")
    func overwrite() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("bundle.h5")
        let first = try HDF5File.create(at: path)
        try first.root.setAttribute("version", to: .int64(1))
        try first.close()

        #expect(throws: HDF5Error.fileExists(file: path)) { try HDF5File.create(at: path) }

        let second = try HDF5File.create(at: path, overwrite: true)
        try second.root.setAttribute("version", to: .int64(2))
        #expect(try HDF5File.open(at: path).root.attribute("version") == .int64(1))
        try second.close()
        #expect(try HDF5File.open(at: path).root.attribute("version") == .int64(2))
        #expect(try entries(directory) == ["bundle.h5"])
    }

    @Test("a non-durable overwrite swaps the files in one step: a reader keeps the old one, nothing is left behind")
    func nonDurableOverwrite() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("bundle.h5")
        for version in 1...3 {
            let file = try HDF5File.create(at: path, overwrite: true, durable: false)
            try file.root.setAttribute("version", to: .int64(Int64(version)))
            try file.root.writeDataset("w", shape: [3], elements: [Float(version), 0, -1])
            // A reader that opened the previous version keeps reading it across the swap.
            let reader = version > 1 ? try HDF5File.open(at: path) : nil
            try file.close()
            if let reader {
                #expect(try reader.root.attribute("version") == .int64(Int64(version - 1)))
                try reader.close()
            }
            let written = try HDF5File.open(at: path)
            #expect(try written.root.attribute("version") == .int64(Int64(version)))
            #expect(try written.root.readDataset("w", as: Float.self).elements == [Float(version), 0, -1])
            try written.close()
            #expect(try entries(directory) == ["bundle.h5"])
        }
    }

    @Test("overwrite refuses a path that is not a regular file, durable or not")
    func overwriteRefusesDirectory() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("bundle.h5")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        for durable in [false, true] {
            #expect(throws: HDF5Error.self) { try HDF5File.create(at: path, overwrite: true, durable: durable) }
        }
        var isDirectory: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue)
    }

    @Test("a file that appears meanwhile wins over a non-overwriting create")
    func raceWithAnotherWriter() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("bundle.h5")
        let file = try HDF5File.create(at: path)
        try Data("someone else".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: HDF5Error.fileExists(file: path)) { try file.close() }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "someone else")
        #expect(try entries(directory) == ["bundle.h5"])
    }
}

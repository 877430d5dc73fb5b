import Foundation
import Testing
@testable import Checkpoint

@Suite("HDF5 wrapper: round trips")
struct HDF5RoundTripTests {
    @Test("datasets of every element type and shape read back exactly")
    func datasetRoundTrip() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("datasets.h5")
        let floats: [Float] = [1.5, -2.25, .pi, 0, -0, 1e-30, .greatestFiniteMagnitude, 7]
        let doubles: [Double] = [1e300, -1e-300, .pi, 2.5, 0, -7]
        let integers: [Int64] = [.min, -1, 0, 1, .max, 42]

        let file = try HDF5File.create(at: path)
        let root = try file.root
        try root.writeDataset("floats", shape: [2, 4], elements: floats)
        try root.writeDataset("doubles", shape: [3, 1, 2], elements: doubles)
        try root.writeDataset("integers", shape: [6], elements: integers)
        try root.writeDataset("scalar", shape: [], elements: [Float(3)])
        try root.writeDataset("empty", shape: [0, 3], elements: [Double]())
        try file.close()

        let reopened = try HDF5File.open(at: path)
        let group = try reopened.root
        #expect(try group.readDataset("floats", as: Float.self) == HDF5Array(shape: [2, 4], elements: floats))
        #expect(try group.readDataset("doubles", as: Double.self) == HDF5Array(shape: [3, 1, 2], elements: doubles))
        #expect(try group.readDataset("integers", as: Int64.self) == HDF5Array(shape: [6], elements: integers))
        #expect(try group.readDataset("scalar", as: Float.self) == HDF5Array(shape: [], elements: [3]))
        #expect(try group.readDataset("empty", as: Double.self) == HDF5Array(shape: [0, 3], elements: []))

        let info = try group.openDataset("floats").info()
        #expect(info.shape == [2, 4])
        #expect(info.elementType == .float32)
        #expect(info.layout == .contiguous)
        #expect(info.filterIDs.isEmpty)
        #expect(info.externalStorageCount == 0)
        #expect(info.declaredByteCount == 32)
        #expect(info.storedByteCount == 32)
        #expect(try group.openDataset("integers").info().elementType == .int64)
        try reopened.close()
    }

    @Test("reading as another element type is an error, not a conversion")
    func elementTypeMismatch() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("mismatch.h5")
        let file = try HDF5File.create(at: path)
        try file.root.writeDataset("w", shape: [2], elements: [Float(1), 2])
        try file.close()

        let root = try HDF5File.open(at: path).root
        #expect(throws: HDF5Error.elementTypeMismatch(file: path, object: "/w", expected: .float64, actual: .float32)) {
            try root.readDataset("w", as: Double.self)
        }
        #expect(throws: HDF5Error.elementTypeMismatch(file: path, object: "/w", expected: .int64, actual: .float32)) {
            try root.readDataset("w", as: Int64.self)
        }
    }

    @Test("every attribute kind reads back, on groups and datasets")
    func attributeRoundTrip() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("attributes.h5")
        let values: [String: HDF5AttributeValue] = [
            "text": .string("frontier v1"), "empty": .string(""), "count": .int64(-9_000_000_000),
            "rate": .double(3e-4), "shape": .int64Array([64, 32, 1]), "gains": .doubleArray([1.4142, 0.01]),
            "none": .int64Array([]),
        ]
        let file = try HDF5File.create(at: path)
        let root = try file.root
        let dataset = try root.writeDataset("w", shape: [1], elements: [Float(1)])
        for (name, value) in values {
            try root.setAttribute(name, to: value)
            try dataset.setAttribute(name, to: value)
        }
        try root.setAttribute("count", to: .int64(7))  // replacing keeps one attribute
        try file.close()

        let reopened = try HDF5File.open(at: path)
        let group = try reopened.root
        let expected = values.merging(["count": .int64(7)]) { $1 }
        #expect(try group.attributeNames() == expected.keys.sorted())
        for (name, value) in expected {
            #expect(try group.attribute(name) == value, "\(name)")
        }
        for (name, value) in values {
            #expect(try group.openDataset("w").attribute(name) == value, "\(name)")
        }
        #expect(try group.hasAttribute("text"))
        #expect(try !group.hasAttribute("missing"))
        #expect(throws: HDF5Error.notFound(file: path, object: "/@missing")) { try group.attribute("missing") }
    }

    @Test("string attributes must be ASCII; names must be one printable component")
    func invalidArguments() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = try HDF5File.create(at: directory.path("invalid.h5"))
        let root = try file.root
        #expect(throws: HDF5Error.self) { try root.setAttribute("note", to: .string("caf\u{e9}")) }
        #expect(throws: HDF5Error.self) { try root.setAttribute("n\u{e9}", to: .int64(1)) }
        #expect(throws: HDF5Error.self) { try root.createGroup("a/b") }
        #expect(throws: HDF5Error.self) { try root.createGroup("") }
        #expect(throws: HDF5Error.self) { try root.writeDataset("w", shape: [2, 2], elements: [Float(1)]) }
        #expect(throws: HDF5Error.self) { try root.writeDataset("w", shape: [-1], elements: [Float]()) }
        try root.createGroup("g")
        #expect(throws: HDF5Error.alreadyExists(file: file.path, object: "/g")) { try root.createGroup("g") }
        try file.close()
    }

    @Test("groups nest, list their children with kinds, and report wrong kinds")
    func groups() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("groups.h5")
        let file = try HDF5File.create(at: path)
        let actor = try file.root.createGroup("actor")
        let layer = try actor.createGroup("layers.0")
        try layer.writeDataset("weight", shape: [2, 2], elements: [Float](repeating: 1, count: 4))
        try actor.writeDataset("log_std", shape: [2], elements: [Float(0), 0])
        #expect(layer.path == "/actor/layers.0")
        try file.close()

        let root = try HDF5File.open(at: path).root
        let opened = try root.openGroup("actor")
        #expect(try opened.children() == [
            HDF5Link(name: "layers.0", kind: .group), HDF5Link(name: "log_std", kind: .dataset),
        ])
        #expect(try opened.openGroup("layers.0").readDataset("weight", as: Float.self).shape == [2, 2])
        #expect(try opened.contains("log_std"))
        #expect(try !opened.contains("missing"))
        let wrongKind = HDF5Error.wrongKind(file: path, object: "/actor/log_std", expected: "group", actual: "dataset")
        #expect(throws: wrongKind) {
            try opened.openGroup("log_std")
        }
        #expect(throws: HDF5Error.notFound(file: path, object: "/actor/missing")) { try opened.openDataset("missing") }
    }

    @Test("a read-only file refuses writes; a closed file refuses everything")
    func accessModes() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("modes.h5")
        try HDF5File.create(at: path).close()

        let readOnly = try HDF5File.open(at: path)
        let root = try readOnly.root
        #expect(throws: HDF5Error.self) { try root.createGroup("g") }
        try readOnly.close()
        try readOnly.close()  // a second close does nothing
        #expect(throws: HDF5Error.closed(file: path)) { try root.attributeNames() }
        #expect(throws: HDF5Error.closed(file: path)) { try readOnly.root }

        let readWrite = try HDF5File.open(at: path, mode: .readWrite)
        try readWrite.root.setAttribute("edited", to: .int64(1))
        try readWrite.close()
        #expect(try HDF5File.open(at: path).root.attribute("edited") == .int64(1))
    }

    @Test("the same contents give the same bytes")
    func deterministicBytes() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try writeReferenceFile(at: directory.path("a.h5"))
        try writeReferenceFile(at: directory.path("b.h5"))
        let first = try Data(contentsOf: URL(fileURLWithPath: directory.path("a.h5")))
        let second = try Data(contentsOf: URL(fileURLWithPath: directory.path("b.h5")))
        #expect(first == second)
    }

    @Test("opening a missing or non-HDF5 file throws cannotOpenFile with the library's stack")
    func failedOpens() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let garbage = directory.path("garbage.h5")
        try Data("not hdf5".utf8).write(to: URL(fileURLWithPath: garbage))
        for path in [directory.path("missing.h5"), garbage] {
            do {
                _ = try HDF5File.open(at: path)
                Issue.record("opened \(path)")
            } catch HDF5Error.cannotOpenFile(let file, let message) {
                #expect(file == path)
                #expect(message.contains("H5Fopen"), "\(message)")
            }
        }
    }
}

import Foundation
import Testing
@testable import Checkpoint

/// Files written by h5py read in Swift, and files written in Swift read by h5py.
@Suite("HDF5 wrapper: h5py interop")
struct H5pyInteropTests {
    @Test("the h5py fixture reads back with its values and every attribute kind")
    func readsH5pyFile() throws {
        let file = try HDF5File.open(at: try hostileFixture("good_h5py"))
        let root = try file.root
        #expect(try root.children() == [HDF5Link(name: "policy", kind: .group), HDF5Link(name: "w", kind: .dataset)])

        let weight = try root.readDataset("w", as: Float.self)
        #expect(weight.shape == [3, 4])
        #expect(weight.elements == (0..<12).map { Float($0) * 0.5 - 1 })
        let w = try root.openDataset("w")
        #expect(try w.attribute("name") == .string("weight"))   // variable-length UTF-8
        #expect(try w.attribute("fan_in") == .int64(4))

        #expect(try root.attribute("format") == .string("frontier-test"))
        #expect(try root.attribute("version") == .int64(3))
        #expect(try root.attribute("scale") == .double(0.25))
        #expect(try root.attribute("sizes") == .int64Array([3, 4]))
        #expect(try root.attribute("label") == .string("fixed-ascii"))  // fixed-length bytes

        let policy = try root.openGroup("policy")
        #expect(try policy.readDataset("bias", as: Double.self).elements == [0.5, -0.25, 2.0])
        #expect(try policy.readDataset("steps", as: Int64.self).elements == [1, 2, 3])
        #expect(throws: HDF5Error.self) { try policy.readDataset("steps", as: Double.self) }
        try file.close()
    }

    static let python = venvPython

    @Test("h5py reads the file the Swift wrapper writes", .enabled(if: python != nil, "needs .venv with h5py"))
    func h5pyReadsSwiftFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("reference.h5")
        try writeReferenceFile(at: path)
        let script = """
            import sys, h5py, numpy as np
            f = h5py.File(sys.argv[1], "r")
            w = f["policy/weight"]
            assert w.dtype == np.float32 and w.shape == (4, 3), (w.dtype, w.shape)
            assert np.array_equal(w[...], np.arange(12, dtype=np.float32).reshape(4, 3) * 0.25)
            assert f["policy/bias"].dtype == np.float64 and list(f["policy/bias"][...]) == [0.5, -0.5, 1.5, -1.5]
            assert f["steps"][()] == 1234 and f["steps"].dtype == np.int64
            assert f.attrs["format"] == b"frontier-test", f.attrs["format"]
            assert f.attrs["version"] == 1
            assert f["policy"].attrs["scale"] == 0.5
            assert list(f["policy"].attrs["sizes"]) == [4, 3]
            assert list(f["policy"].attrs["gains"]) == [1.0, 0.01]
            assert w.attrs["layout"] == b"out,in"
            print("ok")
            """
        let (status, text) = try runPython(try #require(Self.python), ["-c", script, path], mergingErrors: true)
        #expect(status == 0, "\(text)")
        #expect(text.hasPrefix("ok"), "\(text)")
    }
}

import Testing
@testable import Checkpoint

@Suite("HDF5 library")
struct HDF5LibraryTests {
    @Test("the linked library reports a 1.x version")
    func version() {
        let parts = HDF5Library.version.split(separator: ".").compactMap { Int($0) }
        #expect(parts.count == 3 && parts[0] >= 1, "\(HDF5Library.version)")
    }
}

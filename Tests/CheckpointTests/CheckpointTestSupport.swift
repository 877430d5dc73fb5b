import Foundation
@testable import Checkpoint

/// A fresh directory under the system temporary directory, removed by `remove()`.
struct TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("frontier-checkpoint-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// The path of `name` inside the directory.
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// The project's venv Python (h5py lives there; `scripts/venv.sh test`, which `make test` runs,
/// creates it), or nil when missing.
let venvPython: String? = {
    let path = repositoryRoot.appendingPathComponent(".venv/bin/python").path
    return FileManager.default.isExecutableFile(atPath: path) ? path : nil
}()

/// The repository's root folder.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// Runs the venv Python with `arguments`; returns its exit status and its standard output (with
/// standard error when `mergingErrors`).
func runPython(_ python: String, _ arguments: [String], mergingErrors: Bool = false) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: python)
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    if mergingErrors { process.standardError = output }
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// The path of a checked-in fixture from `scripts/fixtures/make_hostile_hdf5.py`.
func hostileFixture(_ name: String) throws -> String {
    guard let url = Bundle.module.url(forResource: name, withExtension: "h5", subdirectory: "Resources/hostile") else {
        throw FixtureMissing(name: name)
    }
    return url.path
}

struct FixtureMissing: Error, CustomStringConvertible {
    var name: String
    var description: String { "fixture \(name).h5 missing; run scripts/fixtures/make_hostile_hdf5.py" }
}

/// Writes the small reference file the corruption tests start from: two groups, datasets of all three element
/// types, and every attribute kind. Deterministic: the same bytes on every run.
func writeReferenceFile(at path: String) throws {
    let file = try HDF5File.create(at: path, overwrite: true)
    let root = try file.root
    try root.setAttribute("format", to: .string("frontier-test"))
    try root.setAttribute("version", to: .int64(1))
    let policy = try root.createGroup("policy")
    try policy.setAttribute("scale", to: .double(0.5))
    try policy.setAttribute("sizes", to: .int64Array([4, 3]))
    try policy.setAttribute("gains", to: .doubleArray([1.0, 0.01]))
    let weight = try policy.writeDataset("weight", shape: [4, 3], elements: (0..<12).map { Float($0) * 0.25 })
    try weight.setAttribute("layout", to: .string("out,in"))
    try policy.writeDataset("bias", shape: [4], elements: [0.5, -0.5, 1.5, -1.5] as [Double])
    try root.writeDataset("steps", shape: [], elements: [Int64(1234)])
    try file.close()
}

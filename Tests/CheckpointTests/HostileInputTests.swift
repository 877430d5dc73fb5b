import Foundation
import Testing
import Tensor
@testable import Checkpoint

/// The second round of hostile input: what the isolated reader checks before it copies, how it
/// cleans up and drains its child, attribute walks in linear time, parameter counts, and outputs
/// that are not regular files.
@Suite("Hostile input, second round", .serialized)
struct HostileInputTests {
    /// Copies the reader left in `folder` (each test gives the reader a folder of its own, since
    /// other tests read bundles at the same time).
    static func leftoverCopies(in folder: TemporaryDirectory) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.url.path)) ?? []).filter { $0.hasPrefix(CheckCopies.prefix) }
    }

    /// A checker that must never be started: the file is refused before.
    static let unusedChecker = URL(fileURLWithPath: "/nonexistent/frontier")

    @Test("FIFOs, folders, links and oversize files are refused before anything is copied, and nothing is left behind")
    func refusedBeforeCopying() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let copies = try TemporaryDirectory()
        defer { copies.remove() }
        let fifo = folder.path("bundle.h5")
        #expect(mkfifo(fifo, 0o600) == 0)
        let clock = ContinuousClock()
        let start = clock.now
        #expect(throws: BundleError.unsafe(.notARegularFile(path: fifo))) {
            try IsolatedBundleReader.read(fifo, checker: Self.unusedChecker, temporaryFolder: copies.url)
        }
        #expect(clock.now - start < .seconds(5), "a FIFO must not be waited on")
        #expect(throws: BundleError.unsafe(.notARegularFile(path: folder.path("")))) {
            try IsolatedBundleReader.read(folder.path(""), checker: Self.unusedChecker, temporaryFolder: copies.url)
        }
        let big = folder.path("big.h5")
        try Data(count: 4096).write(to: URL(fileURLWithPath: big))
        let link = folder.path("link.h5")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: big)
        #expect(throws: BundleError.unsafe(.notARegularFile(path: link))) {
            try IsolatedBundleReader.read(link, checker: Self.unusedChecker, temporaryFolder: copies.url)
        }
        var limits = HDF5SafetyLimits()
        limits.maxFileBytes = 1024
        #expect(throws: BundleError.unsafe(.fileTooLarge(path: big, bytes: 4096, limit: 1024))) {
            try IsolatedBundleReader.read(big, checker: Self.unusedChecker, limits: limits, temporaryFolder: copies.url)
        }
        #expect(Self.leftoverCopies(in: copies).isEmpty)
    }

    @Test("the child's error output is drained while it runs: 200 KB of it neither stalls the read nor is kept whole")
    func drainsChildOutput() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let copies = try TemporaryDirectory()
        defer { copies.remove() }
        let checker = folder.path("noisy-checker.sh")
        try "#!/bin/sh\nhead -c 200000 /dev/zero | tr '\\0' x >&2\nexit 3\n".write(toFile: checker, atomically: true, encoding: .utf8)
        chmod(checker, 0o755)
        let (bundle, _, _) = try BundleTests.makeBundle()
        let path = folder.path("b.h5")
        try BundleWriter.write(bundle, to: path)
        let clock = ContinuousClock()
        let start = clock.now
        do {
            _ = try IsolatedBundleReader.read(path, checker: URL(fileURLWithPath: checker), timeout: .seconds(30), temporaryFolder: copies.url)
            Issue.record("a failing checker was accepted")
        } catch let error {
            guard case let .checkFailed(reportedPath, reason) = error else { Issue.record("\(error)"); return }
            #expect(reportedPath == path)
            #expect(reason.count <= IsolatedBundleReader.maxMessageBytes && reason.hasPrefix("xxxx"))
        }
        #expect(clock.now - start < .seconds(20), "the read stalled on a full pipe")
        #expect(Self.leftoverCopies(in: copies).isEmpty)
    }

    @Test("a checker that crashes or hangs refuses the file, and the reader goes on")
    func crashingChecker() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let copies = try TemporaryDirectory()
        defer { copies.remove() }
        let (bundle, _, _) = try BundleTests.makeBundle()
        let path = folder.path("b.h5")
        try BundleWriter.write(bundle, to: path)
        let crashing = folder.path("crashing-checker.sh")
        try "#!/bin/sh\nkill -SEGV $$\n".write(toFile: crashing, atomically: true, encoding: .utf8)
        chmod(crashing, 0o755)
        #expect(throws: BundleError.checkFailed(path: path, reason: "the HDF5 library crashed reading it (signal 11)")) {
            try IsolatedBundleReader.read(path, checker: URL(fileURLWithPath: crashing), temporaryFolder: copies.url)
        }
        let hanging = folder.path("hanging-checker.sh")
        try "#!/bin/sh\nexec sleep 60\n".write(toFile: hanging, atomically: true, encoding: .utf8)
        chmod(hanging, 0o755)
        #expect(throws: BundleError.checkFailed(path: path, reason: "reading it took longer than 0.5 seconds; the HDF5 library may loop on this file")) {
            try IsolatedBundleReader.read(path, checker: URL(fileURLWithPath: hanging), timeout: .milliseconds(500), temporaryFolder: copies.url)
        }
        #expect(Self.leftoverCopies(in: copies).isEmpty)
    }

    @Test("copies left by a process that died are swept by the next read")
    func sweepsStaleCopies() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        let copies = try TemporaryDirectory()
        defer { copies.remove() }
        let stale = copies.url
            .appendingPathComponent("\(CheckCopies.prefix)\(process.processIdentifier)-\(UUID().uuidString).h5").path
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: stale))
        let live = copies.url
            .appendingPathComponent("\(CheckCopies.prefix)\(getpid())-\(UUID().uuidString).h5").path
        try Data([1]).write(to: URL(fileURLWithPath: live))
        defer { unlink(live) }
        CheckCopies.sweepStale(in: copies.url)
        #expect(!FileManager.default.fileExists(atPath: stale))
        #expect(FileManager.default.fileExists(atPath: live), "a living process's copy must stay")
    }

    @Test("thousands of attributes are walked in linear time, and more than the budget are refused before reading")
    func manyAttributes() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let path = folder.path("attributes.h5")
        let file = try HDF5File.create(at: path)
        let group = try file.root.createGroup("g")
        for index in 0..<9_000 { try group.setAttribute("a\(index)", to: .int64(Int64(index))) }
        try file.close()
        let clock = ContinuousClock()
        let start = clock.now
        let report = try HDF5Inspector().inspect(fileAt: path)
        // Walking by index took 23 s on this file; one pass takes well under a second.
        #expect(clock.now - start < .seconds(5))
        #expect(report.attributes.count == 9_000)
        var limits = HDF5SafetyLimits()
        limits.maxObjects = 5_000
        #expect(throws: CheckpointSafetyError.tooManyObjects(object: "/g", limit: 5_000)) {
            try HDF5Inspector(limits: limits).inspect(fileAt: path)
        }
    }

    @Test("parameter_count must be present and equal to the stored parameters")
    func parameterCount() throws {
        let python = try #require(venvPython, "h5py lives in the project's venv: run `scripts/venv.sh test` (make test does)")
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let (bundle, _, _) = try BundleTests.makeBundle()
        let wrong = folder.path("wrong.h5")
        try BundleWriter.write(bundle, to: wrong)
        let missing = folder.path("missing.h5")
        try BundleWriter.write(bundle, to: missing)
        let script = """
        import h5py, sys
        with h5py.File(sys.argv[1], 'r+') as f:
            f['models/CartPole-v1'].attrs['parameter_count'] = 7
        with h5py.File(sys.argv[2], 'r+') as f:
            del f['models/CartPole-v1'].attrs['parameter_count']
        """
        let edit = try runPython(python, ["-c", script, wrong, missing], mergingErrors: true)
        #expect(edit.status == 0, "\(edit.output)")
        let stored = bundle.entry("CartPole-v1")!.parameters.scalarCount
        #expect(throws: BundleError.invalidEntry(entry: "CartPole-v1", reason: "parameter_count says 7, the parameters hold \(stored) values")) {
            try BundleReader.read(wrong)
        }
        #expect(throws: BundleError.invalidEntry(entry: "CartPole-v1", reason: "parameter_count is missing or not an integer")) {
            try BundleReader.read(missing)
        }
    }

    @Test("a bundle is never renamed over a device, a FIFO or a folder")
    func outputsMustBeRegularFiles() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let (bundle, _, _) = try BundleTests.makeBundle()
        let fifo = folder.path("out.h5")
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(throws: BundleError.self) { try BundleWriter.write(bundle, to: fifo) }
        var status = stat()
        #expect(lstat(fifo, &status) == 0 && (status.st_mode & S_IFMT) == S_IFIFO, "the FIFO was replaced")
        #expect(throws: BundleError.self) { try BundleWriter.write(bundle, to: "/dev/null") }
        #expect(stat("/dev/null", &status) == 0 && (status.st_mode & S_IFMT) == S_IFCHR)
        let sub = folder.path("sub")
        try FileManager.default.createDirectory(atPath: sub, withIntermediateDirectories: false)
        #expect(throws: BundleError.self) { try BundleWriter.write(bundle, to: sub) }
    }
}

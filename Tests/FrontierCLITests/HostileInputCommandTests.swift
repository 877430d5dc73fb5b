import Foundation
import Testing

/// The hostile-input cases of the command line, each run through the real `frontier` binary:
/// output paths, YAML configs, memory bounds, strangers' bundles, and numbers that would lie.
@Suite("Hostile input through the command line", .serialized)
struct HostileInputCommandTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static var python: String? {
        let path = repository.appendingPathComponent(".venv/bin/python").path
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }

    func write(_ text: String, to path: String) throws { try text.write(toFile: path, atomically: true, encoding: .utf8) }

    /// Runs the venv's Python on `script` with `arguments`; fails the test when it fails.
    func python(_ script: String, _ arguments: [String]) throws {
        let python = try #require(Self.python, "h5py lives in the project's venv: run `scripts/venv.sh test` (make test does)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", script] + arguments
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    @Test("outputs that are devices, FIFOs, folders, each other or an input are refused before training")
    func outputPaths() throws {
        let folder = try temporaryFolder()
        let base = ["train", "--env", "CartPole-v1", "--steps", "256", "--quiet"]
        let device = try runFrontier(base + ["--out", "/dev/null"])
        #expect(device.status != 0 && device.error.contains("--out /dev/null: is a device"), "\(device.error)")
        var status = stat()
        #expect(stat("/dev/null", &status) == 0 && (status.st_mode & S_IFMT) == S_IFCHR)

        let fifo = folder + "/fifo.h5"
        #expect(mkfifo(fifo, 0o600) == 0)
        let toFIFO = try runFrontier(base + ["--out", fifo])
        #expect(toFIFO.status != 0 && toFIFO.error.contains("is a FIFO"), "\(toFIFO.error)")

        let same = try runFrontier(base + ["--out", folder + "/b.h5", "--curve", folder + "/b.h5"])
        #expect(same.status != 0 && same.error.contains("names the same file as --out"), "\(same.error)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/b.h5"), "nothing may be written")

        let config = folder + "/ppo.yaml"
        try write("epochs: 2\n", to: config)
        let overInput = try runFrontier(base + ["--config", config, "--metrics", config, "--out", folder + "/c.h5"])
        #expect(overInput.status != 0 && overInput.error.contains("is also an input"), "\(overInput.error)")
        #expect(try String(contentsOfFile: config, encoding: .utf8) == "epochs: 2\n")

        let toFolder = try runFrontier(base + ["--out", folder + "/d.h5", "--metrics", folder])
        #expect(toFolder.status != 0 && toFolder.error.contains("is a folder"), "\(toFolder.error)")
    }

    @Test("configs that would exhaust memory are refused with the estimate; rounded step counts are said")
    func memoryAndSteps() throws {
        let folder = try temporaryFolder()
        let cases: [(algorithm: String, env: String, yaml: String)] = [
            ("ppo", "CartPole-v1", "hidden_sizes: [65536, 65536]\n"),
            ("ppo", "CartPole-v1", "environment_count: 4096\nrollout_steps: 4096\nminibatch_count: 4096\n"),
            ("dqn", "Acrobot-v1", "buffer_size: 67108864\nhidden_sizes: [16384, 16384]\n"),
        ]
        for (index, item) in cases.enumerated() {
            let config = folder + "/big\(index).yaml"
            try write(item.yaml, to: config)
            let run = try runFrontier(["train", "--env", item.env, "--algo", item.algorithm, "--config", config,
                                       "--out", folder + "/big\(index).h5", "--quiet"])
            #expect(run.status != 0 && run.error.contains("more than the memory limit of 8.0 GiB") && run.error.contains("GiB ("),
                    "\(item.yaml): \(run.error)")
        }
        let lowLimit = try runFrontier(["train", "--env", "CartPole-v1", "--memory-limit", "0.0001", "--out", folder + "/low.h5", "--quiet"])
        #expect(lowLimit.status != 0 && lowLimit.error.contains("memory limit"), "\(lowLimit.error)")

        let rounded = try runFrontier(["train", "--env", "CartPole-v1", "--steps", "2000", "--out", folder + "/r.h5", "--quiet"])
        #expect(rounded.status == 0, "\(rounded.error)")
        #expect(rounded.error.contains("2000 steps requested, 1792 will be trained"), "\(rounded.error)")
        #expect(rounded.output.contains("1792 steps"), "\(rounded.output)")
    }

    @Test("hostile YAML configs are refused with the file, line and key")
    func yamlConfigs() throws {
        let folder = try temporaryFolder()
        let cases: [(yaml: String, expected: String)] = [
            ("a: &a [1, 2]\nb: [*a, *a]\n", "line 1: an anchor ('&name') is not supported"),
            ("epochs: 2\n? [a, b]\n: 1\n", "line 2: an explicit mapping key ('? ') is not supported"),
            ("epochs: 2\nepochs: 3\n", "line 2: key 'epochs' appears twice"),
            ("epochs: 2\nlearning_rte: 0.1\n", "line 2, key 'learning_rte': unknown key 'learning_rte'"),
            ("epochs: 2.5\n", "line 1, key 'epochs'"),
            ("epochs: 0\n", "line 1, key 'epochs'"),
            ("activation: swish\n", "key 'activation' has a value that is not accepted here; one of relu"),
            ("hidden_sizes: [.nan]\n", "is not a finite number"),
            (String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000), "nested deeper than 64 levels"),
        ]
        for (index, item) in cases.enumerated() {
            let config = folder + "/c\(index).yaml"
            try write(item.yaml, to: config)
            let run = try runFrontier(["train", "--env", "CartPole-v1", "--config", config, "--out", folder + "/c\(index).h5", "--quiet"])
            #expect(run.status != 0 && run.error.contains(item.expected), "\(item.yaml.prefix(40)): \(run.error)")
            #expect(!run.error.contains("NSCocoaErrorDomain") && !run.error.contains("key ''"), "\(run.error)")
        }
        let large = folder + "/large.yaml"
        try Data(count: 40 << 20).write(to: URL(fileURLWithPath: large))
        let clock = ContinuousClock()
        let start = clock.now
        let run = try runFrontier(["train", "--env", "CartPole-v1", "--config", large, "--out", folder + "/large.h5", "--quiet"])
        #expect(run.status != 0 && run.error.contains("more than the limit"), "\(run.error)")
        #expect(clock.now - start < .seconds(10))
    }

    @Test("inspect reads strangers' files in a child process, escapes their text, refuses edits and fails when an entry does not rebuild")
    func inspectStrangersFiles() throws {
        let folder = try temporaryFolder()
        let bundle = folder + "/p.h5"
        let train = try runFrontier(["train", "--env", "CartPole-v1", "--steps", "256", "--out", bundle, "--quiet"])
        #expect(train.status == 0, "\(train.error)")
        let good = try runFrontier(["inspect", bundle])
        #expect(good.status == 0 && good.output.contains("read completely by a separate process first")
                && good.output.contains("rebuilds: architecture predicts") && good.output.contains("architecture matches the"),
                "\(good.output)\(good.error)")

        let forged = folder + "/forged.h5"
        try FileManager.default.copyItem(atPath: bundle, toPath: forged)
        try python("""
        import h5py, numpy, sys
        with h5py.File(sys.argv[1], 'r+') as f:
            f.attrs['hotkey'] = numpy.bytes_(b'abc\\x1b[2J\\x1b[Hweights sha256 0000 (verified)')
        """, [forged])
        let escaped = try runFrontier(["inspect", forged])
        #expect(escaped.status == 0, "\(escaped.error)")
        #expect(!escaped.output.contains("\u{1B}") && escaped.output.contains("abc\\x1b[2J"), "\(escaped.output)")

        // An edited space is caught by the hash (format version 2 covers the spaces)…
        let edited = folder + "/edited.h5"
        try FileManager.default.copyItem(atPath: bundle, toPath: edited)
        let edit = """
        import h5py, numpy, sys
        sys.path.insert(0, sys.argv[2])
        from check_bundle import bundle_hash
        with h5py.File(sys.argv[1], 'r+') as f:
            f['models/CartPole-v1'].attrs['observation_space'] = numpy.bytes_(b'{"box": {"low": [0], "high": [1], "shape": [1]}}')
            if sys.argv[3] == 'rehash':
                f.attrs['weights_sha256'] = numpy.bytes_(bundle_hash(f).encode())
        """
        let scripts = Self.repository.appendingPathComponent("scripts").path
        try python(edit, [edited, scripts, "keep"])
        let altered = try runFrontier(["inspect", edited])
        #expect(altered.status != 0 && altered.error.contains("weights_sha256 is") && altered.error.contains("the file was altered"),
                "\(altered.output)\(altered.error)")
        // …and one whose hash was recomputed does not rebuild: the space disagrees with the network.
        let rehashed = folder + "/rehashed.h5"
        try FileManager.default.copyItem(atPath: bundle, toPath: rehashed)
        try python(edit, [rehashed, scripts, "rehash"])
        let broken = try runFrontier(["inspect", rehashed])
        #expect(broken.status != 0 && broken.output.contains("DOES NOT REBUILD") && broken.error.contains("observation_space holds 1 values"),
                "\(broken.output)\(broken.error)")

        let fifo = folder + "/fifo.h5"
        #expect(mkfifo(fifo, 0o600) == 0)
        let clock = ContinuousClock()
        let start = clock.now
        let pipe = try runFrontier(["inspect", fifo])
        #expect(pipe.status != 0 && pipe.error.contains("not a regular file"), "\(pipe.error)")
        #expect(clock.now - start < .seconds(10))
    }

    /// The bit flips of good_h5py.h5 that made libhdf5 1.10.8 segfault while attribute names were
    /// listed by index (CheckpointTests' `knownCrashingFlips`), read through `frontier inspect`:
    /// whatever the library does with them in the child, inspect ends with a refusal.
    @Test("bit flips that crashed libhdf5 are refused by inspect, which itself never crashes")
    func crashingFlipsStayInTheChild() throws {
        let source = Self.repository.appendingPathComponent("Tests/CheckpointTests/Resources/hostile/good_h5py.h5")
        let original = Array(try Data(contentsOf: source))
        let folder = try temporaryFolder()
        var crashed = 0
        for offset in 1616..<1696 {
            var damaged = original
            damaged[offset] ^= UInt8(1) << UInt8((offset * 3 + 1) % 8)
            let path = folder + "/flip-\(offset).h5"
            try Data(damaged).write(to: URL(fileURLWithPath: path))
            let run = try runFrontier(["inspect", path])
            // The parent always ends by itself with a message; status 1 means refused.
            #expect(run.status == 1 && run.error.hasPrefix("Error: "), "offset \(offset): \(run.status) \(run.error)")
            if run.error.contains("crashed reading it") { crashed += 1 }
        }
        print("inspect over 80 damaged attribute-message bytes: \(crashed) crashed the child, all 80 refused")
    }

    @Test("numbers that would lie are refused: overflowing states, constant or unordered series, empty corpora")
    func honestNumbers() throws {
        let folder = try temporaryFolder()
        let overflow = try runFrontier(["env", "replay", "Pendulum-v1", "--state", "[1e308,1e308]", "--actions", "0"])
        #expect(overflow.status != 0 && overflow.error.contains("not a finite number"), "\(overflow.output)\(overflow.error)")

        let series: [(name: String, csv: String, expected: String)] = [
            ("constant", "timestamp,value\n" + (0..<200).map { "\(1900 + $0),5" }.joined(separator: "\n"), "a constant series"),
            ("huge", "timestamp,value\n" + (0..<200).map { "\(1900 + $0),\(1e300 * Double($0 % 3 + 1))" }.joined(separator: "\n"), "beyond ±1e100"),
            ("duplicate", "timestamp,value\n2001-01,1\n2001-02,2\n2001-02,3\n", "line 4: timestamp 2001-02 repeats line 3"),
            ("unsorted", "timestamp,value\n2001-01,1\n2001-03,2\n2001-02,3\n", "line 4: timestamp 2001-02 is not after 2001-03"),
            ("empty", "timestamp,value\n2001-01,1\n,2\n", "line 3: the timestamp is empty"),
        ]
        for item in series {
            let path = folder + "/\(item.name).csv"
            try write(item.csv, to: path)
            let run = try runFrontier(["fit", "forecast", path, "--epochs", "1", "--out", folder + "/\(item.name).h5"])
            #expect(run.status != 0 && run.error.contains(item.expected), "\(item.name): \(run.error)")
            #expect(!FileManager.default.fileExists(atPath: folder + "/\(item.name).h5"))
        }
        let onFolder = try runFrontier(["fit", "charlm", "--text", folder, "--out", folder + "/lm.h5"])
        #expect(onFolder.status != 0 && onFolder.error.contains("is a folder"), "\(onFolder.error)")
        try write("", to: folder + "/empty.txt")
        let empty = try runFrontier(["fit", "charlm", "--text", folder + "/empty.txt", "--out", folder + "/lm.h5"])
        #expect(empty.status != 0 && empty.error.contains("training needs at least"), "\(empty.error)")
        let huge = try runFrontier(["fit", "charlm", "--characters", "1000000000000", "--out", folder + "/lm.h5"])
        #expect(huge.status != 0 && huge.error.contains("memory limit"), "\(huge.error)")
        let wide = try runFrontier(["fit", "forecast", folder + "/duplicate.csv", "--hidden", "100000000"])
        #expect(wide.status != 0 && wide.error.contains("--hidden at most 4096"), "\(wide.error)")
    }

    @Test("errors speak Frontier's words and the usage line names the subcommand")
    func errorTexts() throws {
        let action = try runFrontier(["env", "replay", "CartPole-v1", "--actions", "5"])
        #expect(action.status != 0 && action.error.contains("Discrete(2)") && !action.error.contains("RL."), "\(action.error)")
        let usage = try runFrontier(["train", "--env", "CartPole-v1", "--steps", "-5"])
        #expect(usage.status != 0 && usage.error.contains("Usage: frontier train"), "\(usage.error)")
        let runtime = try runFrontier(["evaluate", "/nonexistent.h5", "--env", "CartPole-v1"])
        #expect(runtime.status != 0 && !runtime.error.contains("Usage: frontier\n"), "\(runtime.error)")
    }
}

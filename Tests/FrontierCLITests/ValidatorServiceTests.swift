import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Checkpoint
import Testing
import Validator

/// Reads a bundle's stored weight hash (trusted test files only).
enum BundleReaderForTests {
    static func weightHash(of path: String) throws -> String? {
        try BundleReader.read(path).weightHash
    }
}

/// The validator end to end on loopback, with the real binary: a server, keys, signed
/// submissions, an epoch, the leaderboard and the weights; hostile requests; a killed worker.
@Suite("Validator service on loopback", .serialized)
struct ValidatorServiceTests {
    /// A running `frontier validator serve`.
    final class Server {
        let process = Process()
        let url: String
        let output = Pipe()

        init(data: String, suite: String, extra: [String] = []) throws {
            process.executableURL = RestartTests.executable
            process.arguments = ["validator", "serve", "--data", data, "--suite", suite, "--port", "0"] + extra
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            // The first line names the port.
            var line = Data()
            while !line.contains(UInt8(ascii: "\n")) {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                line.append(chunk)
            }
            let text = String(decoding: line, as: UTF8.self)
            guard let range = text.range(of: "http://") else { throw ValidationFailureForTests("the server did not start: \(text)") }
            url = String(text[range.lowerBound...]).trimmingCharacters(in: .whitespacesAndNewlines)
        }

        func kill() {
            Glibc.kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }

        deinit { if process.isRunning { kill() } }
    }

    struct ValidationFailureForTests: Error, CustomStringConvertible { var description: String; init(_ d: String) { description = d } }

    /// One HTTP exchange: status and body.
    static func http(_ method: String, _ url: String, headers: [String: String] = [:], body: Data? = nil) throws -> (Int, Data) {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        request.httpBody = body
        final class Box: @unchecked Sendable { var value: (Int, Data) = (0, Data()) }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        URLSession.shared.dataTask(with: request) { data, response, _ in
            box.value = ((response as? HTTPURLResponse)?.statusCode ?? 0, data ?? Data())
            done.signal()
        }.resume()
        done.wait()
        return box.value
    }

    static func json(_ data: Data) -> [String: Any] { (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:] }

    /// Two trained CartPole bundles and a suite, shared by the tests.
    static func fixtures() throws -> (folder: String, suite: String, bundles: [String]) {
        let folder = try temporaryFolder()
        let suite = folder + "/suite.yaml"
        try "name: loopback\nenvironments:\n  - id: CartPole-v1\n    episodes: 8\n  - id: Acrobot-v1\n    episodes: 2\n"
            .write(toFile: suite, atomically: true, encoding: .utf8)
        var bundles: [String] = []
        for seed in ["1", "2"] {
            let path = folder + "/m\(seed).h5"
            let train = try runFrontier(["train", "--env", "CartPole-v1", "--steps", "4096", "--seed", seed, "--out", path, "--quiet"])
            guard train.status == 0 else { throw ValidationFailureForTests(train.error) }
            bundles.append(path)
        }
        return (folder, suite, bundles)
    }

    static func newKey(_ path: String) throws -> String {
        let made = try runFrontier(["keys", "new", "--out", path])
        guard made.status == 0 else { throw ValidationFailureForTests(made.error) }
        return made.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test("keys, signed submissions, a copy, an epoch, the leaderboard and the weights")
    func endToEnd() throws {
        let (folder, suite, bundles) = try Self.fixtures()
        let data = folder + "/validator"
        let server = try Server(data: data, suite: suite)
        let keys = try (1...3).map { try Self.newKey(folder + "/key\($0).json") }
        #expect(keys.allSatisfy { $0.count == 64 })

        var ids: [String] = []
        for (bundle, key) in [(bundles[0], 1), (bundles[1], 2), (bundles[0], 3)] {
            let submit = try runFrontier(["submit", bundle, "--validator", server.url, "--key", folder + "/key\(key).json", "--json"])
            #expect(submit.status == 0, "\(submit.error)")
            ids.append(Self.json(Data(submit.output.utf8))["id"] as? String ?? "")
        }
        let third = try Self.http("GET", server.url + "/v1/submissions/" + ids[2])
        #expect(third.0 == 200 && Self.json(third.1)["status"] as? String == "copy", "\(String(decoding: third.1, as: UTF8.self))")

        let epoch = try runFrontier(["validator", "epoch", "--data", data, "--suite", suite, "--workers", "2", "--json"])
        #expect(epoch.status == 0, "\(epoch.error)")
        let weights = Self.json(Data(epoch.output.utf8))["weights"] as? [String: Double] ?? [:]
        #expect(abs(weights.values.reduce(0, +) - 1) < 1e-9, "\(epoch.output)")

        let served = try Self.http("GET", server.url + "/v1/weights")
        let document = Self.json(served.1)
        #expect(served.0 == 200 && document["epoch"] as? Int == 1, "\(String(decoding: served.1, as: UTF8.self))")
        let uids = document["uids"] as? [Int] ?? []
        let values = document["weights"] as? [Double] ?? []
        #expect(Set(uids) == [0, 1, 2, 3], "every known miner, and uid 0")
        #expect(zip(uids, values).first { $0.0 == 3 }?.1 == 0, "the copy earns nothing")
        #expect(abs(values.reduce(0, +) - 1) < 1e-9)

        let board = try Self.http("GET", server.url + "/v1/leaderboard")
        let rows = Self.json(board.1)["rows"] as? [[String: Any]] ?? []
        #expect(board.0 == 200 && rows.count == 2 && (Self.json(board.1)["report"] as? String ?? "").contains("anti-copy filter"))
        let first = try Self.http("GET", server.url + "/v1/submissions/" + ids[0])
        #expect((Self.json(first.1)["results"] as? [String: Any])?["environments"] != nil, "\(String(decoding: first.1, as: UTF8.self))")
        let page = try Self.http("GET", server.url + "/")
        let html = String(decoding: page.1, as: UTF8.self)
        #expect(page.0 == 200 && html.contains("<table id=\"leaderboard\"") && html.contains("<svg"))
        let metrics = String(decoding: try Self.http("GET", server.url + "/metrics").1, as: UTF8.self)
        #expect(metrics.contains("frontier_submissions{status=\"copy\"} 1") && metrics.contains("frontier_queue_depth 0"), "\(metrics)")

        // The page as a browser renders it: headless Chromium's DOM and a screenshot.
        let chromium = try #require(["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) },
                                    "make test installs Debian's chromium")
        let browser = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1400"]
        let dom = try runProgram(chromium, browser + ["--dump-dom", server.url + "/"]).output
        let body = dom.components(separatedBy: "<tbody>").last?.components(separatedBy: "</tbody>").first ?? ""
        #expect(body.components(separatedBy: "<tr>").count - 1 == 2, "two miners' rows: \(dom.prefix(2000))")
        #expect(dom.contains("<svg") && dom.contains("id=\"report\"") && dom.contains("Epoch 1"))
        let screenshot = folder + "/leaderboard.png"
        _ = try runProgram(chromium, browser + ["--screenshot=\(screenshot)", server.url + "/"])
        let png = try Data(contentsOf: URL(fileURLWithPath: screenshot))
        #expect(png.count > 10_000 && png.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]))
        server.kill()
    }

    @Test("hostile requests get the right error, the server stays up and stores nothing for them")
    func hostileRequests() throws {
        let (folder, suite, bundles) = try Self.fixtures()
        let data = folder + "/validator"
        let server = try Server(data: data, suite: suite, extra: ["--max-bundle-mib", "1", "--rate-limit", "3"])
        let key = try Hotkey.read(from: { _ = try Self.newKey(folder + "/k.json"); return folder + "/k.json" }())
        let bundle = try Data(contentsOf: URL(fileURLWithPath: bundles[0]))
        func post(_ body: Data, manifest: SubmissionManifest, signature: Data) throws -> (Int, [String: Any]) {
            let (status, data) = try Self.http("POST", server.url + "/v1/submissions",
                                               headers: ["X-Frontier-Manifest": manifest.json.base64EncodedString(),
                                                         "X-Frontier-Signature": signature.base64EncodedString()], body: body)
            return (status, Self.json(data))
        }
        // No headers.
        let bare = try Self.http("POST", server.url + "/v1/submissions", body: bundle)
        #expect(bare.0 == 400 && Self.json(bare.1)["error"] as? String == "bad_request")
        // A signature by another key.
        let (manifest, signature) = try SubmissionManifest.signed(bundle: bundle, key: key)
        let forged = try SubmissionManifest.signed(bundle: bundle, key: Hotkey()).signature
        #expect(try post(bundle, manifest: manifest, signature: forged).0 == 401)
        // A malformed manifest.
        var malformed = manifest
        malformed.hotkey = "zz"
        #expect(try post(bundle, manifest: malformed, signature: signature).0 == 400)
        // A stale timestamp.
        let stale = try SubmissionManifest.signed(bundle: bundle, key: key, now: Date().addingTimeInterval(-3600))
        #expect(try post(bundle, manifest: stale.manifest, signature: stale.signature).1["error"] as? String == "replay")
        // A body that is not the one signed.
        var other = bundle
        other[other.count / 2] ^= 0xFF
        #expect(try post(other, manifest: manifest, signature: signature).0 == 400)
        // A truncated bundle and one whose stored weight hash was altered, correctly signed. (A
        // flipped byte elsewhere may land in padding or in the optimiser state, which the hash
        // leaves out on purpose, and read fine.)
        let hashText = try #require(try BundleReaderForTests.weightHash(of: bundles[0]))
        let hashRange = try #require(bundle.range(of: Data(hashText.utf8)))
        var altered = bundle
        altered[hashRange.lowerBound] = altered[hashRange.lowerBound] == UInt8(ascii: "0") ? UInt8(ascii: "1") : UInt8(ascii: "0")
        for damaged in [bundle.prefix(bundle.count / 2), altered] {
            let signed = try SubmissionManifest.signed(bundle: Data(damaged), key: key)
            let answer = try post(Data(damaged), manifest: signed.manifest, signature: signed.signature)
            #expect(answer.0 == 422 && answer.1["error"] as? String == "invalid_bundle", "\(answer)")
        }
        // Too large.
        let big = Data(count: 2 << 20)
        let signedBig = try SubmissionManifest.signed(bundle: big, key: key)
        #expect(try post(big, manifest: signedBig.manifest, signature: signedBig.signature).0 == 413)
        // A slow client holding a connection open does not block others.
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(server.url.split(separator: ":").last!)!).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        #expect(connected == 0)
        _ = "POST /v1/submissions HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nabc".withCString { send(socket, $0, strlen($0), 0) }
        #expect(try Self.http("GET", server.url + "/healthz").0 == 200)
        // Nothing refused was stored.
        var metrics = String(decoding: try Self.http("GET", server.url + "/metrics").1, as: UTF8.self)
        #expect(metrics.contains("frontier_submissions{status=\"accepted\"} 0"), "\(metrics)")
        // A good one, then its replay, then the rate limit.
        #expect(try post(bundle, manifest: manifest, signature: signature).0 == 201)
        #expect(try post(bundle, manifest: manifest, signature: signature).1["error"] as? String == "replay")
        for _ in 0..<2 {
            let again = try SubmissionManifest.signed(bundle: bundle, key: key)
            #expect(try post(bundle, manifest: again.manifest, signature: again.signature).0 == 201)
        }
        let limited = try SubmissionManifest.signed(bundle: bundle, key: key)
        #expect(try post(bundle, manifest: limited.manifest, signature: limited.signature).0 == 429)
        metrics = String(decoding: try Self.http("GET", server.url + "/metrics").1, as: UTF8.self)
        #expect(metrics.contains("frontier_submissions{status=\"accepted\"} 3"), "\(metrics)")
        server.kill()
    }

    @Test("killing the server and a worker mid-epoch loses nothing: the epoch ends with the scores of an uninterrupted run")
    func crashes() async throws {
        let (folder, suite, bundles) = try Self.fixtures()
        let keyPaths = try (1...2).map { index -> String in _ = try Self.newKey(folder + "/key\(index).json"); return folder + "/key\(index).json" }
        var weights: [String] = []
        for run in ["calm", "killed"] {
            let data = folder + "/\(run)"
            try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
            // Both validators share the secret, so their epochs have the same tasks.
            try String(repeating: "ab", count: 32).write(toFile: data + "/validator.secret", atomically: true, encoding: .utf8)
            var server = try Server(data: data, suite: suite)
            for (bundle, key) in zip(bundles, keyPaths) {
                let submit = try runFrontier(["submit", bundle, "--validator", server.url, "--key", key])
                #expect(submit.status == 0, "\(submit.error)")
            }
            if run == "killed" {
                // kill -9 the server; what it accepted is in the store.
                server.kill()
                server = try Server(data: data, suite: suite)
                let opened = try runFrontier(["validator", "epoch", "--data", data, "--suite", suite, "--workers", "0"])
                #expect(opened.status == 0, "\(opened.error)")
                // A worker claims a job and dies (it never completes it; its lease is 1 s).
                let store = try SQLiteStore(path: data + "/validator.sqlite")
                let claimed = try await store.claimJob(worker: "doomed", lease: 1, now: Date())
                #expect(claimed != nil)
                // A worker process killed mid-run.
                let victim = Process()
                victim.executableURL = RestartTests.executable
                victim.arguments = ["validator", "run", "--data", data, "--suite", suite, "--lease", "1"]
                victim.standardOutput = FileHandle.nullDevice
                victim.standardError = FileHandle.nullDevice
                try victim.run()
                usleep(150_000)
                kill(victim.processIdentifier, SIGKILL)
                victim.waitUntilExit()
                sleep(2)
                let worker = try runFrontier(["validator", "run", "--data", data, "--suite", suite, "--lease", "1"])
                #expect(worker.status == 0 && worker.output.contains("scored epoch 1"), "\(worker.output)\(worker.error)")
            } else {
                let epoch = try runFrontier(["validator", "epoch", "--data", data, "--suite", suite, "--workers", "2"])
                #expect(epoch.status == 0, "\(epoch.error)")
            }
            let served = try Self.http("GET", server.url + "/v1/weights")
            #expect(served.0 == 200)
            var document = Self.json(served.1)
            document["epoch"] = nil
            weights.append(String(decoding: try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys]), as: UTF8.self))
            let board = Self.json(try Self.http("GET", server.url + "/v1/leaderboard").1)
            let rows = board["rows"] as? [[String: Any]] ?? []
            let completed = rows.compactMap { ($0["environments"] as? [String: [String: Any]])?["CartPole-v1"]?["completed"] as? Int }
            #expect(completed == [8, 8], "every task exactly once: \(completed)")
            server.kill()
        }
        #expect(weights.count == 2 && weights[0] == weights[1], "\(weights)")
    }
}

import Evaluation
import Foundation
import Testing
import TestSupport
@testable import Validator

/// The store's contract, run against SQLite and against a real PostgreSQL server: submissions
/// with nonces, rate limits and copies; epochs whose jobs are claimed with leases; results stored
/// once; scoring and weight history stored and read back.
@Suite("Validator store (SQLite and PostgreSQL)")
struct StoreTests {
    static let policy = SubmissionPolicy(rateLimit: 3)
    static let hotkeyA = String(repeating: "a", count: 64), hotkeyB = String(repeating: "b", count: 64)

    func submit(_ store: any ValidatorStore, _ hotkey: String, weights: String, nonce: String = UUID().uuidString, at time: Double = 1000)
        async throws(ValidatorError) -> SubmissionRecord {
        try await store.recordSubmission(hotkey: hotkey, uid: nil, fileSHA256: String(repeating: "0", count: 64), weightHash: weights,
                                         nonce: nonce, now: Date(timeIntervalSince1970: time), policy: Self.policy)
    }

    @Test("nonces are used once, hotkeys are rate limited, uids are given in order, a later copy is recorded as one",
          arguments: StoreKind.allCases)
    func submissions(kind: StoreKind) async throws {
        let (store, cleanup) = try await kind.emptyStore()
        defer { cleanup() }
        let first = try await submit(store, Self.hotkeyA, weights: "w1", nonce: "nonce-0000000001")
        #expect(first.uid == 1 && first.status == .accepted && first.firstSubmitted == first.sequence)
        await #expect(throws: ValidatorError.replay("this hotkey used the nonce nonce-0000000001 before")) {
            _ = try await submit(store, Self.hotkeyA, weights: "w2", nonce: "nonce-0000000001")
        }
        let copy = try await submit(store, Self.hotkeyB, weights: "w1")
        #expect(copy.uid == 2 && copy.status == .copy && copy.ownerSubmission == first.id && copy.firstSubmitted == first.sequence)
        let own = try await submit(store, Self.hotkeyB, weights: "w3")
        #expect(own.status == .accepted)
        _ = try await submit(store, Self.hotkeyA, weights: "w4")
        _ = try await submit(store, Self.hotkeyA, weights: "w5")
        await #expect(throws: ValidatorError.self) { _ = try await submit(store, Self.hotkeyA, weights: "w6") }
        // An hour later the window has passed.
        _ = try await submit(store, Self.hotkeyA, weights: "w6", at: 1000 + 3601)
        let active = try await store.activeSubmissions()
        #expect(active.map(\.weightHash) == ["w3", "w6"], "each hotkey's latest accepted submission")
        #expect(try await store.miners() == [1: Self.hotkeyA, 2: Self.hotkeyB])
        #expect(try await store.submission(id: first.id) == first, "read back field for field")
        #expect(try await store.submission(id: "no-such-id") == nil)
        let counts = try await store.counts()
        #expect(counts.accepted == 5 && counts.copies == 1 && counts.pendingJobs == 0 && counts.doneJobs == 0)
    }

    @Test("uids stop at 65535, the last a weight vector can name: a new hotkey beyond it is refused, known ones go on",
          arguments: StoreKind.allCases)
    func uidLimit(kind: StoreKind) async throws {
        let (store, cleanup) = try await kind.emptyStore()
        defer { cleanup() }
        func record(_ hotkey: String, uid: Int?) async throws(ValidatorError) -> SubmissionRecord {
            try await store.recordSubmission(hotkey: hotkey, uid: uid, fileSHA256: String(repeating: "0", count: 64), weightHash: hotkey,
                                             nonce: UUID().uuidString, now: Date(timeIntervalSince1970: 1000), policy: Self.policy)
        }
        #expect(try await record(Self.hotkeyA, uid: 65_535).uid == 65_535)
        await #expect(throws: ValidatorError.self) { _ = try await record(Self.hotkeyB, uid: nil) }
        await #expect(throws: ValidatorError.self) { _ = try await record(String(repeating: "c", count: 64), uid: 65_536) }
        #expect(try await record(Self.hotkeyA, uid: nil).uid == 65_535)
        #expect(try await store.counts().accepted == 2)
    }

    @Test("submissions recorded at once get distinct, consecutive arrival numbers and one uid per hotkey",
          arguments: StoreKind.allCases)
    func concurrentSubmissions(kind: StoreKind) async throws {
        let (store, cleanup) = try await kind.emptyStore()
        defer { cleanup() }
        let policy = SubmissionPolicy(rateLimit: 100)
        let records = try await withThrowingTaskGroup(of: SubmissionRecord.self) { group in
            for index in 0..<24 {
                group.addTask {
                    try await store.recordSubmission(hotkey: String(format: "%064x", index % 6), uid: nil, fileSHA256: String(repeating: "0", count: 64),
                                                     weightHash: "w\(index)", nonce: "nonce-concurrent-\(index)", now: Date(), policy: policy)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(records.map(\.sequence).sorted() == Array(1...24))
        #expect(Set(records.map(\.uid)) == Set(1...6))
        #expect(try await store.miners().count == 6)
    }

    @Test("jobs are claimed with leases; an expired lease passes the job on, and only the holder can complete it",
          arguments: StoreKind.allCases)
    func leases(kind: StoreKind) async throws {
        let (store, cleanup) = try await kind.emptyStore()
        defer { cleanup() }
        _ = try await submit(store, Self.hotkeyA, weights: "w1")
        _ = try await submit(store, Self.hotkeyB, weights: "w2")
        let state = try await store.openEpoch(1, seed: 77, environments: ["E1", "E2"])
        #expect(state.pending == 4 && state.done == 0 && state.seed == 77)
        #expect(try await store.openEpoch(1, seed: 77, environments: ["E1", "E2"]).pending == 4, "opening twice adds nothing")
        #expect(try await store.latestEpoch() == 1)
        let now = Date(timeIntervalSince1970: 5000)
        let job = try #require(try await store.claimJob(worker: "w-a", lease: 10, now: now))
        #expect(job.seed == 77 && job.attempts == 1 && job.epoch == 1 && job.environment == "E1")
        // Worker a dies; after its lease, worker b gets the same job.
        let other = try await store.claimJob(worker: "w-b", lease: 10, now: now.addingTimeInterval(1))
        #expect(other?.id != job.id)
        let retaken = try #require(try await store.claimJob(worker: "w-c", lease: 10, now: now.addingTimeInterval(11)))
        #expect(retaken.id == job.id && retaken.attempts == 2)
        let result = [EpisodeResult(task: 0, seed: 1, score: 0.5, episodeReturn: 250, length: 250)]
        #expect(try await store.completeJob(job.id, worker: "w-a", results: result, now: now) == false, "the old holder stores nothing")
        #expect(try await store.completeJob(job.id, worker: "w-c", results: result, now: now) == true)
        #expect(try await store.completeJob(job.id, worker: "w-c", results: result, now: now) == false, "a job completes once")
        #expect(try await store.epochState(1)?.done == 1)
        #expect(try await store.epochState(2) == nil)
        let results = try await store.epochResults(1, environments: ["E1", "E2"], episodes: [1, 1])
        let stored = results.submissions.flatMap { $0.evaluation.environments.flatMap(\.episodes) }
        #expect(stored == result, "one result, stored once")
        await #expect(throws: ValidatorError.notFound("no epoch 9")) { _ = try await store.epochResults(9, environments: ["E1"], episodes: [1]) }
    }

    @Test("every job is handed out once to workers claiming at the same time, and the epoch's results come back per episode",
          arguments: StoreKind.allCases)
    func concurrentClaims(kind: StoreKind) async throws {
        let (store, cleanup) = try await kind.emptyStore()
        defer { cleanup() }
        for index in 0..<6 { _ = try await submit(store, String(format: "%064x", index + 1), weights: "w\(index)") }
        let environments = ["E1", "E2", "E3"]
        _ = try await store.openEpoch(3, seed: UInt64.max - 5, environments: environments)
        // Four workers drain the queue; each completes what it claims with three episodes, one a
        // failure without a score.
        let claimed = try await withThrowingTaskGroup(of: [Int64].self) { group in
            for worker in 0..<4 {
                group.addTask {
                    var mine: [Int64] = []
                    while let job = try await store.claimJob(worker: "worker-\(worker)", lease: 60, now: Date()) {
                        #expect(job.seed == UInt64.max - 5)
                        let episodes = (0..<3).map { task in
                            task == 2 ? EpisodeResult(task: task, seed: UInt64(task) << 60, score: nil, episodeReturn: nil, length: 0,
                                                      failure: .environment, message: "job \(job.id) failed")
                                : EpisodeResult(task: task, seed: UInt64(task) << 60, score: Double(job.id) / 100, episodeReturn: -1.5, length: 7)
                        }
                        #expect(try await store.completeJob(job.id, worker: "worker-\(worker)", results: episodes, now: Date()))
                        mine.append(job.id)
                    }
                    return mine
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(claimed.count == 18 && Set(claimed).count == 18, "18 jobs, each claimed once")
        let state = try #require(try await store.epochState(3))
        #expect(state.pending == 0 && state.done == 18 && state.seed == UInt64.max - 5)
        let results = try await store.epochResults(3, environments: environments, episodes: [3, 3, 3])
        #expect(results.seed == UInt64.max - 5 && results.submissions.map(\.uid) == Array(1...6))
        for submission in results.submissions {
            #expect(submission.evaluation.environments.map(\.environment) == environments)
            for environment in submission.evaluation.environments {
                #expect(environment.episodes.map(\.task) == [0, 1, 2])
                #expect(environment.episodes[2].failure == .environment && environment.episodes[2].score == nil)
                #expect(environment.episodes[1].seed == 1 << 60 && environment.episodes[1].episodeReturn == -1.5)
            }
        }
        #expect(try await store.counts().doneJobs == 18)
    }

    @Test("scoring is stored and read back as weights and a leaderboard; each epoch's weights are kept",
          arguments: StoreKind.allCases)
    func scoring(kind: StoreKind) async throws {
        let (store, cleanup) = try await kind.emptyStore()
        defer { cleanup() }
        #expect(try await store.latestWeights() == nil)
        #expect(try await store.latestLeaderboard() == nil)
        _ = try await submit(store, Self.hotkeyA, weights: "w1")
        _ = try await store.openEpoch(1, seed: 1, environments: ["E1"])
        let table = ScoreTable(environments: ["E1"], miners: [MinerScores(uid: 1, hotkey: Self.hotkeyA, firstSubmitted: 1,
                                                                          results: [.aggregate(mean: 0.8, completed: 10, expected: 10)])])
        let result = try AffineSubsetsRule().score(table)
        let weights = StoredWeights(epoch: 1, weights: [0: 0, 1: 1], u16: [1: 65535], versionKey: UInt64.max)
        let row = LeaderboardRow(uid: 1, hotkey: Self.hotkeyA, submission: "w1",
                                 environments: ["E1": .init(mean: 0.8, lower: 0.7, upper: 0.9, completed: 10, expected: 10)], weight: 1)
        try await store.storeScoring(1, rows: [row], weights: weights, result: result)
        try await store.storeScoring(1, rows: [row], weights: weights, result: result)
        #expect(try await store.latestWeights() == weights, "storing a scoring twice stores it once")
        let board = try #require(try await store.latestLeaderboard())
        #expect(board.epoch == 1 && board.rows == [row] && board.result == result)
        #expect(try await store.epochState(1)?.scored == true)
        // The next epoch's weights become the latest; an opened, unscored epoch does not.
        _ = try await store.openEpoch(2, seed: 2, environments: ["E1"])
        let second = StoredWeights(epoch: 2, weights: [0: 0.25, 1: 0.75], u16: [0: 21845, 1: 65535], versionKey: 4)
        try await store.storeScoring(2, rows: [row], weights: second, result: result)
        _ = try await store.openEpoch(3, seed: 3, environments: ["E1"])
        #expect(try await store.latestWeights() == second)
        #expect(try await store.latestLeaderboard()?.epoch == 2)
    }
}

@Suite("Keys, manifests and seeds")
struct SigningTests {
    @Test("a manifest signed by a hotkey verifies for it only, and any change breaks it")
    func signatures() throws {
        let key = Hotkey(), other = Hotkey()
        let (manifest, signature) = try SubmissionManifest.signed(bundle: Data([1, 2, 3]), key: key)
        #expect(Hotkey.verify(signature, of: manifest.signedBytes, by: key.publicKeyHex))
        #expect(!Hotkey.verify(signature, of: manifest.signedBytes, by: other.publicKeyHex))
        var changed = manifest
        changed.timestamp += 1
        #expect(!Hotkey.verify(signature, of: changed.signedBytes, by: key.publicKeyHex))
        #expect(try SubmissionManifest.decode(header: manifest.json.base64EncodedString()) == manifest)
        #expect(throws: ValidatorError.self) { try SubmissionManifest.decode(header: "not base64!") }
        var badNonce = manifest
        badNonce.nonce = "short"
        #expect(throws: ValidatorError.badRequest("nonce must be 16 to 128 characters of A-Z, a-z, 0-9, - and _")) {
            try SubmissionManifest.decode(header: badNonce.json.base64EncodedString())
        }
    }

    @Test("key files are created 0600, never overwritten, and refused when others can read them")
    func keyFiles() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("keys-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let key = Hotkey()
        try key.write(to: folder + "/k.json")
        var status = stat()
        #expect(stat(folder + "/k.json", &status) == 0 && status.st_mode & 0o777 == 0o600)
        #expect(try Hotkey.read(from: folder + "/k.json").publicKeyHex == key.publicKeyHex)
        #expect(throws: ValidatorError.self) { try Hotkey().write(to: folder + "/k.json") }
        chmod(folder + "/k.json", 0o644)
        #expect(throws: ValidatorError.self) { try Hotkey.read(from: folder + "/k.json") }
    }

    @Test("epoch seeds follow from the secret and the epoch only")
    func seeds() throws {
        let seeds = try EpochSeeds(secret: Data(repeating: 7, count: 32))
        #expect(seeds.seed(epoch: 1) == (try EpochSeeds(secret: Data(repeating: 7, count: 32))).seed(epoch: 1))
        #expect(seeds.seed(epoch: 1) != seeds.seed(epoch: 2))
        #expect(seeds.seed(epoch: 1) != (try EpochSeeds(secret: Data(repeating: 8, count: 32))).seed(epoch: 1))
        #expect(throws: ValidatorError.self) { try EpochSeeds(secret: Data(count: 8)) }
    }

    @Test("the page escapes what miners control")
    func pageEscapes() {
        let row = LeaderboardRow(uid: 1, hotkey: "<script>alert(1)</script>", submission: "x",
                                 environments: ["E": .init(mean: 0.5, lower: nil, upper: nil, completed: 1, expected: 1)], weight: 1)
        let html = LeaderboardPage.render(suite: Suite(name: "s<b>", environments: [.init(id: "E", episodes: 1)]), epoch: 1, rows: [row], result: nil)
        #expect(!html.contains("<script>") && html.contains("&lt;script&gt;") && html.contains("s&lt;b&gt;"))
    }
}

import Checkpoint
import Evaluation
import Foundation
import RL

/// Runs epochs: opens one (its seed from the validator's secret, one job per active submission
/// and environment), works jobs (a worker claims one with a lease, evaluates the bundle on that
/// environment on the epoch's tasks, and stores the results only while it still holds the
/// lease), and scores the epoch once every job is done. Any number of workers, in any number of
/// processes sharing the store, can work one epoch; the scores do not depend on which did what.
public struct EpochRunner: Sendable {
    /// The store.
    public let store: any ValidatorStore
    /// The bundles.
    public let files: BundleFiles
    /// What is scored, and how.
    public let suite: Suite
    /// Where environments come from.
    public let registry: EnvironmentRegistry
    /// The `frontier` executable that reads bundles in a child process.
    public let checker: URL
    /// Epoch seeds.
    public let seeds: EpochSeeds
    /// How long a claimed job stays a worker's before another may take it.
    public var lease: TimeInterval
    /// Threads a worker evaluates one job's episodes on.
    public var threads: Int

    /// A runner.
    public init(store: any ValidatorStore, files: BundleFiles, suite: Suite, registry: EnvironmentRegistry, checker: URL,
                seeds: EpochSeeds, lease: TimeInterval = 300, threads: Int = 1) {
        self.store = store
        self.files = files
        self.suite = suite
        self.registry = registry
        self.checker = checker
        self.seeds = seeds
        self.lease = lease
        self.threads = threads
    }

    /// Opens epoch `number` (or the one after the newest when nil).
    public func open(_ number: Int64? = nil) async throws(ValidatorError) -> EpochState {
        var epoch = number ?? 0
        if number == nil { epoch = (try await store.latestEpoch() ?? 0) + 1 }
        return try await store.openEpoch(epoch, seed: seeds.seed(epoch: epoch), environments: suite.environments.map(\.id))
    }

    /// Claims and finishes jobs until none is left to claim; returns how many this worker
    /// finished. `onFinished` hears of each job this worker stored, with its results (for a
    /// progress display).
    public func work(worker: String, onFinished: @escaping @Sendable (EvaluationJob, [EpisodeResult]) -> Void = { _, _ in })
        async throws(ValidatorError) -> Int {
        var finished = 0
        while let job = try await store.claimJob(worker: worker, lease: lease, now: Date()) {
            let results = evaluate(job)
            if try await store.completeJob(job.id, worker: worker, results: results, now: Date()) {
                finished += 1
                onFinished(job, results)
            }
        }
        return finished
    }

    /// One job's episode results. A bundle that cannot be read any more, or an environment the
    /// suite no longer has, gives failed results rather than an error, so the job completes.
    public func evaluate(_ job: EvaluationJob) -> [EpisodeResult] {
        guard let settings = suite.environments.first(where: { $0.id == job.environment }) else {
            return [EpisodeResult(task: 0, seed: 0, score: nil, episodeReturn: nil, length: 0, failure: .environment,
                                  message: "the suite has no environment \(job.environment)")]
        }
        let one = Suite(name: suite.name, environments: [settings], rule: suite.rule, scoring: suite.scoring)
        let bundle: CheckpointBundle
        do {
            bundle = try IsolatedBundleReader.read(try files.path(for: job.fileSHA256), checker: checker)
        } catch {
            return (0..<settings.episodes).map { task in
                EpisodeResult(task: task, seed: TaskSeeds(epochSeed: job.seed).seed(environment: settings.id, task: task), score: 0,
                              episodeReturn: nil, length: 0, failure: .policy, message: "the bundle cannot be read: \(error)")
            }
        }
        do {
            return try BundleEvaluator(registry: registry, threads: threads).evaluate(bundle, suite: one, seed: job.seed)
                .environments[0].episodes
        } catch {
            return (0..<settings.episodes).map { task in
                EpisodeResult(task: task, seed: 0, score: nil, episodeReturn: nil, length: 0, failure: .environment, message: "\(error)")
            }
        }
    }

    /// Scores epoch `number` when every job is done and it was not scored yet; returns the result.
    public func scoreIfComplete(_ number: Int64) async throws(ValidatorError) -> ScoringResult? {
        guard let state = try await store.epochState(number), state.pending == 0, !state.scored else { return nil }
        let results = try await store.epochResults(number, environments: suite.environments.map(\.id),
                                                   episodes: suite.environments.map(\.episodes))
        let scored: ScoringResult
        do {
            let rule = try suite.rule.make(scoring: suite.scoring)
            scored = try rule.score(try results.scoreTable())
        } catch {
            throw .io("scoring epoch \(number) failed: \(error)")
        }
        // Every known miner appears in the weights; copies and miners without an active
        // submission get 0.
        var weights: [Int: Double] = [:]
        for uid in try await store.miners().keys { weights[uid] = 0 }
        weights[0] = weights[0] ?? 0
        for (uid, weight) in zip(scored.weights.uids, scored.weights.weights) { weights[uid] = weight }
        var u16: [Int: Int] = [:]
        for (uid, value) in zip(scored.weights.chainUIDs, scored.weights.chainWeights) { u16[Int(uid)] = Int(value) }
        let stored = StoredWeights(epoch: number, weights: weights, u16: u16, versionKey: scored.weights.versionKey)
        let submissions = Dictionary(uniqueKeysWithValues: results.submissions.map { ($0.uid, $0) })
        let rows = scored.miners.map { miner in
            var environments: [String: LeaderboardRow.EnvironmentScore] = [:]
            for (environment, estimate) in zip(scored.environments, miner.estimates) {
                guard let estimate else { continue }
                environments[environment] = .init(mean: estimate.mean, lower: estimate.interval?.lower, upper: estimate.interval?.upper,
                                                  completed: estimate.completed, expected: estimate.expected)
            }
            return LeaderboardRow(uid: miner.uid, hotkey: miner.hotkey, submission: submissions[miner.uid]?.evaluation.weightHash ?? "",
                                  environments: environments, weight: weights[miner.uid] ?? 0)
        }
        try await store.storeScoring(number, rows: rows, weights: stored, result: scored)
        return scored
    }

    /// Opens an epoch, works it with `workers` concurrent workers in this process, and scores it.
    /// `onOpened` hears the epoch's state before work starts, `onFinished` of each job done.
    public func runEpoch(_ number: Int64? = nil, workers: Int = 1, name: String = "local",
                         onOpened: @Sendable (EpochState) -> Void = { _ in },
                         onFinished: @escaping @Sendable (EvaluationJob, [EpisodeResult]) -> Void = { _, _ in })
        async throws(ValidatorError) -> (EpochState, ScoringResult?) {
        let state = try await open(number)
        onOpened(state)
        try await withWorkers(workers, name: name, onFinished: onFinished)
        return (state, try await scoreIfComplete(state.number))
    }

    private func withWorkers(_ count: Int, name: String, onFinished: @escaping @Sendable (EvaluationJob, [EpisodeResult]) -> Void)
        async throws(ValidatorError) {
        do {
            try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<max(1, count) {
                    group.addTask { try await self.work(worker: "\(name)-\(ProcessInfo.processInfo.processIdentifier)-\(index)", onFinished: onFinished) }
                }
                for try await _ in group {}
            }
        } catch let error as ValidatorError {
            throw error
        } catch {
            throw .io("\(error)")
        }
    }
}

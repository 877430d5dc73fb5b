import Checkpoint
import Dispatch
import RL
import Tensor

/// Runs a bundle's policies on a suite: every environment's tasks, on the same task seeds for
/// every miner (``TaskSeeds``), in parallel across `threads`, with results that are
/// bit-identical between runs and thread counts (each task runs alone, from its own seed, with
/// single-threaded inference: ``EvaluationRuntime``).
///
/// Nothing a bundle or an environment does stops the evaluation: a missing or unloadable policy,
/// a non-finite action, a malformed observation or reward and an episode that never ends each
/// become a result with a ``EpisodeResult/Failure`` naming who is to blame.
public struct BundleEvaluator: Sendable {
    /// Where environments come from.
    public var registry: EnvironmentRegistry
    /// Worker threads (the episodes' results do not depend on it).
    public var threads: Int
    /// Whether actions are the policy's most likely ones (else sampled from the task's seed).
    public var deterministic: Bool
    /// Steps after which an episode that has not ended is an environment failure.
    public var maxStepsPerEpisode: Int

    /// An evaluator; `threads` defaults to the machine's processors.
    public init(registry: EnvironmentRegistry, threads: Int = TensorRuntime.onlineProcessorCount,
                deterministic: Bool = true, maxStepsPerEpisode: Int = 100_000) {
        self.registry = registry
        self.threads = max(1, threads)
        self.deterministic = deterministic
        self.maxStepsPerEpisode = maxStepsPerEpisode
    }

    /// The bundle's results on every environment of `suite` for the epoch seed `seed`. Throws
    /// only for a suite that does not fit the registry (checked before any episode runs).
    public func evaluate(_ bundle: CheckpointBundle, suite: Suite, seed: UInt64) throws(SuiteError) -> SubmissionEvaluation {
        try suite.validate(against: registry)
        EvaluationRuntime.configure()
        let seeds = TaskSeeds(epochSeed: seed)
        var policies: [PolicySlot] = []
        var mappings: [ScoreMapping] = []
        var jobs: [Job] = []
        for (index, environment) in suite.environments.enumerated() {
            mappings.append(try suite.scoreMapping(for: environment, registry: registry))
            policies.append(loadPolicy(bundle, for: environment))
            for task in 0..<environment.episodes {
                jobs.append(Job(environment: index, task: task, seed: seeds.seed(environment: environment.id, task: task)))
            }
        }
        let shared = SharedPolicies(policies)
        let (allJobs, allMappings) = (jobs, mappings)
        let results = ResultSlots(count: jobs.count)
        let workers = min(threads, max(1, jobs.count))
        // Strided: worker w runs jobs w, w + workers, …; each job writes only its own slot.
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var index = worker
            while index < allJobs.count {
                let job = allJobs[index]
                results.store(run(job, environment: suite.environments[job.environment], policy: shared.slots[job.environment],
                                  mapping: allMappings[job.environment]), at: index)
                index += workers
            }
        }
        let all = results.values
        var environments: [SubmissionEvaluation.EnvironmentResults] = []
        var offset = 0
        for environment in suite.environments {
            environments.append(.init(environment: environment.id, episodes: Array(all[offset..<offset + environment.episodes])))
            offset += environment.episodes
        }
        // A bundle read from a file had its hash verified; one built in memory whose architecture
        // cannot be put in canonical form has no hash, and its entries failed to load above.
        let hash = (try? bundle.weightHash) ?? "none"
        return SubmissionEvaluation(weightHash: hash, seed: seed, environments: environments)
    }

    // MARK: - One task

    struct Job: Sendable {
        var environment: Int
        var task: Int
        var seed: UInt64
    }

    enum PolicySlot {
        case loaded(LoadedPolicy)
        case failed(String)
        case missing
    }

    private func loadPolicy(_ bundle: CheckpointBundle, for environment: Suite.Environment) -> PolicySlot {
        guard let entry = registry.policyEntry(in: bundle, for: environment.id) else { return .missing }
        do {
            let made = try registry.make(environment.id, options: environment.environmentOptions)
            return .loaded(try registry.loadPolicy(entry, for: environment.id, environment: made))
        } catch {
            return .failed("\(error)")
        }
    }

    private func run(_ job: Job, environment settings: Suite.Environment, policy slot: PolicySlot,
                     mapping: ScoreMapping) -> EpisodeResult {
        func failed(_ failure: EpisodeResult.Failure, _ message: String?, length: Int = 0) -> EpisodeResult {
            EpisodeResult(task: job.task, seed: job.seed, score: failure == .policy ? 0 : nil, episodeReturn: nil,
                          length: length, failure: failure, message: message)
        }
        let policy: LoadedPolicy
        switch slot {
        case .missing: return failed(.missingPolicy, "the bundle has no policy for \(settings.id)")
        case let .failed(reason): return failed(.policy, reason)
        case let .loaded(loaded): policy = loaded
        }
        let environment: any Environment
        do {
            environment = try registry.make(settings.id, options: settings.environmentOptions)
        } catch {
            return failed(.environment, "\(error)")
        }
        // One episode from the task's seed: PolicyEvaluation resets with it and seeds the action
        // generator from it, and checks every observation and reward before the network sees it.
        do {
            let result = try PolicyEvaluation.evaluate(policy, on: environment, episodes: 1, seed: job.seed,
                                                       deterministic: deterministic, maxStepsPerEpisode: maxStepsPerEpisode)
            let length = result.lengths[0]
            // An episode that used every allowed step is taken as one that never ends.
            guard length < maxStepsPerEpisode else {
                return failed(.environment, "the episode did not end within \(maxStepsPerEpisode) steps", length: length)
            }
            return EpisodeResult(task: job.task, seed: job.seed, score: mapping.score(result.returns[0], finalInfo: result.finalInfos.first ?? [:]), episodeReturn: result.returns[0],
                                 length: length)
        } catch {
            switch error {
            case let .policy(failure): return failed(.policy, failure.description)
            case let .environment(_, reason): return failed(.environment, reason)
            }
        }
    }
}

/// Policies shared read-only by the worker threads (inference does not mutate a network).
private final class SharedPolicies: @unchecked Sendable {
    let slots: [BundleEvaluator.PolicySlot]
    init(_ slots: [BundleEvaluator.PolicySlot]) { self.slots = slots }
}

/// One result slot per job; each is written by exactly one worker, then read after all finish.
/// A raw buffer, so concurrent writes to different slots touch no shared array header.
private final class ResultSlots: @unchecked Sendable {
    private let storage: UnsafeMutablePointer<EpisodeResult?>
    private let count: Int

    init(count: Int) {
        self.count = count
        storage = .allocate(capacity: max(count, 1))
        storage.initialize(repeating: nil, count: max(count, 1))
    }

    deinit {
        storage.deinitialize(count: max(count, 1))
        storage.deallocate()
    }

    func store(_ result: EpisodeResult, at index: Int) { storage[index] = result }

    var values: [EpisodeResult] { (0..<count).map { storage[$0]! } }
}

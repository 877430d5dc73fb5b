import Evaluation
import Foundation

/// Everything a validator persists: submissions (with the nonces that stop replays), epochs and
/// their jobs (claimed with leases, so a killed worker loses nothing and no result counts twice),
/// per-episode results, and each epoch's scores, weights and report. ``SQLiteStore`` implements it
/// for one machine and ``PostgresStore`` for workers on several; one test suite runs against both.
public protocol ValidatorStore: Sendable {
    /// Records a verified submission; throws ``ValidatorError/replay(_:)`` when the hotkey used the
    /// nonce before and ``ValidatorError/rateLimited(_:)`` past the policy's rate. A later
    /// submission of weights another hotkey submitted first is recorded as a copy.
    func recordSubmission(hotkey: String, uid: Int?, fileSHA256: String, weightHash: String, nonce: String,
                          now: Date, policy: SubmissionPolicy) async throws(ValidatorError) -> SubmissionRecord

    /// The submission with `id`.
    func submission(id: String) async throws(ValidatorError) -> SubmissionRecord?

    /// Each hotkey's latest accepted submission, in arrival order.
    func activeSubmissions() async throws(ValidatorError) -> [SubmissionRecord]

    /// Every known miner: uid → hotkey.
    func miners() async throws(ValidatorError) -> [Int: String]

    /// Opens epoch `number` with `seed`, with one job per active submission and environment;
    /// opening an open epoch again changes nothing.
    func openEpoch(_ number: Int64, seed: UInt64, environments: [String]) async throws(ValidatorError) -> EpochState

    /// The newest epoch's number, if any.
    func latestEpoch() async throws(ValidatorError) -> Int64?

    /// Where epoch `number` stands.
    func epochState(_ number: Int64) async throws(ValidatorError) -> EpochState?

    /// Claims the oldest job that is pending or whose lease expired, for `worker`, until
    /// `now + lease`.
    func claimJob(worker: String, lease: TimeInterval, now: Date) async throws(ValidatorError) -> EvaluationJob?

    /// Stores a job's episode results and marks it done, only when `worker` still holds its lease
    /// (a worker whose lease expired and was taken over stores nothing); returns whether it did.
    func completeJob(_ job: Int64, worker: String, results: [EpisodeResult], now: Date) async throws(ValidatorError) -> Bool

    /// An epoch's results, one submission per evaluated miner.
    func epochResults(_ number: Int64, environments: [String], episodes: [Int]) async throws(ValidatorError) -> EvaluationResults

    /// Stores an epoch's scoring (leaderboard rows, weights, the rule's full result) and marks it scored.
    func storeScoring(_ number: Int64, rows: [LeaderboardRow], weights: StoredWeights, result: ScoringResult) async throws(ValidatorError)

    /// The newest scored epoch's weights.
    func latestWeights() async throws(ValidatorError) -> StoredWeights?

    /// The newest scored epoch's leaderboard and the rule's result.
    func latestLeaderboard() async throws(ValidatorError) -> (epoch: Int64, rows: [LeaderboardRow], result: ScoringResult?)?

    /// Counts for the metrics endpoint: submissions by status, jobs pending, jobs done.
    func counts() async throws(ValidatorError) -> (accepted: Int, copies: Int, pendingJobs: Int, doneJobs: Int)
}

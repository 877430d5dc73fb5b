import Foundation

/// The counters /metrics reports, in Prometheus' text format: submissions accepted and refused by
/// this process, and, from the store, submissions by status, jobs pending and done.
public final class ValidatorMetrics: @unchecked Sendable {
    private let lock = NSLock()
    private var acceptedCount = 0
    private var refusedCount = 0

    /// Fresh counters.
    public init() {}

    func accepted() { lock.withLock { acceptedCount += 1 } }
    func refused() { lock.withLock { refusedCount += 1 } }

    /// The exposition text.
    func prometheusText(counts: (accepted: Int, copies: Int, pendingJobs: Int, doneJobs: Int)) -> String {
        let (accepted, refused) = lock.withLock { (acceptedCount, refusedCount) }
        return """
        # HELP frontier_submissions_received_total Submissions this process answered, by outcome.
        # TYPE frontier_submissions_received_total counter
        frontier_submissions_received_total{outcome="accepted"} \(accepted)
        frontier_submissions_received_total{outcome="refused"} \(refused)
        # HELP frontier_submissions Stored submissions by status.
        # TYPE frontier_submissions gauge
        frontier_submissions{status="accepted"} \(counts.accepted)
        frontier_submissions{status="copy"} \(counts.copies)
        # HELP frontier_queue_depth Evaluation jobs not yet done.
        # TYPE frontier_queue_depth gauge
        frontier_queue_depth \(counts.pendingJobs)
        # HELP frontier_evaluations_total Evaluation jobs done.
        # TYPE frontier_evaluations_total counter
        frontier_evaluations_total \(counts.doneJobs)

        """
    }
}

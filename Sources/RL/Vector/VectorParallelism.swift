import Dispatch

extension VectorEnvironment {
    /// How the copies are stepped.
    public enum Parallelism: Sendable, Equatable {
        /// One after the other on the calling thread.
        case serial
        /// In `k` contiguous chunks of copies, stepped at once with
        /// `DispatchQueue.concurrentPerform` (at most one chunk per copy).
        case threads(Int)
    }
}

/// Runs `body` for every index in `0..<count` and returns the results in index order:
/// serially, or in `chunks` contiguous ranges on concurrent threads. The results are the same
/// either way as long as `body(i)` only touches what belongs to index `i`.
func performForEach<Result>(count: Int, parallelism: VectorEnvironment.Parallelism, _ body: (Int) -> Result) -> [Result] {
    guard case let .threads(requested) = parallelism, requested > 1, count > 1 else { return (0..<count).map(body) }
    let chunks = Swift.min(requested, count)
    var results = [Result?](repeating: nil, count: count)
    results.withUnsafeMutableBufferPointer { buffer in
        withoutActuallyEscaping(body) { body in
            let work = ChunkWork(buffer: buffer, body: body)
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                for index in (chunk * count / chunks)..<((chunk + 1) * count / chunks) { work.run(index) }
            }
        }
    }
    // Every index lies in exactly one chunk, so every slot is filled.
    return results.map { $0! }
}

/// The shared state of one `concurrentPerform` call: the closure and the result slots.
///
/// `@unchecked Sendable` is safe here because (1) the chunks are disjoint ranges, so each
/// result slot is written by exactly one thread and never read until `concurrentPerform`
/// returns; (2) `body(i)` touches only copy `i` (each environment instance, with its own
/// generator, is used by one thread at a time, as ``Environment`` requires) and reads
/// immutable shared values; (3) the buffer and the closure outlive the call, which is
/// synchronous.
private final class ChunkWork<Result>: @unchecked Sendable {
    private let buffer: UnsafeMutableBufferPointer<Result?>
    private let body: (Int) -> Result

    init(buffer: UnsafeMutableBufferPointer<Result?>, body: @escaping (Int) -> Result) {
        self.buffer = buffer
        self.body = body
    }

    func run(_ index: Int) { buffer[index] = body(index) }
}

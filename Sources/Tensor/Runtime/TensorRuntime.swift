import CFrontierSystem
import Dispatch
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Process-wide execution settings of the tensor kernels.
///
/// Large element-wise operations split their elements across threads (as PyTorch's intra-op
/// parallelism does). Results do not depend on the thread count: every element is computed by the
/// same instructions whichever thread runs it, and reductions never split. Set
/// ``intraOpThreads`` to 1 for strictly single-threaded runs (benchmarks against single-threaded
/// peers, validators' evaluation workers).
public enum TensorRuntime {
    private static let threadSetting = Atomic<Int>(onlineProcessorCount)

    /// Processors online on this machine.
    public static var onlineProcessorCount: Int { Swift.max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))) }

    /// Threads one element-wise operation may use (default: the processors online).
    public static var intraOpThreads: Int {
        get { threadSetting.load(ordering: .relaxed) }
        set {
            check(newValue >= 1, "TensorRuntime.intraOpThreads must be at least 1, got \(newValue)")
            threadSetting.store(newValue, ordering: .relaxed)
        }
    }

    private static let matmulLimitSetting = Atomic<Int>(48 * 48 * 48)

    /// Matrix products of at most this many multiply-adds (m·n·k) run in Frontier's Swift kernel
    /// instead of OpenBLAS, whose call overhead dominates tiny products. 0 sends every product to
    /// BLAS.
    public static var swiftMatmulLimit: Int {
        get { matmulLimitSetting.load(ordering: .relaxed) }
        set {
            check(newValue >= 0, "TensorRuntime.swiftMatmulLimit must not be negative, got \(newValue)")
            matmulLimitSetting.store(newValue, ordering: .relaxed)
        }
    }

    /// Asks the C allocator to keep freed memory for reuse instead of returning it to the
    /// system after every large free (glibc's trim and mmap thresholds). Training allocates and
    /// frees the same multi-megabyte buffers every step; without this each one is fresh memory
    /// from the kernel, zeroed page by page. Process-wide, so it is the executable's choice: the
    /// `frontier` command calls it.
    public static func retainFreedMemory() {
        #if canImport(Glibc)
        _ = mallopt(M_MMAP_THRESHOLD, 256 << 20)
        _ = mallopt(M_TRIM_THRESHOLD, 1 << 30)
        #endif
    }

    /// Element counts below this run on the calling thread: splitting smaller work costs more
    /// in wake-ups than it saves.
    public static let parallelThreshold = 1 << 17
}

/// Runs `body` over `0..<count`, split into contiguous chunks across threads when the work is
/// large enough; chunk boundaries are multiples of 64 elements.
@inline(__always)
func forEachChunk(count: Int, _ body: (Range<Int>) -> Void) {
    let threads = Swift.min(TensorRuntime.intraOpThreads, count / (TensorRuntime.parallelThreshold / 2))
    if threads <= 1 {
        body(0..<count)
        return
    }
    let chunk = ((count + threads - 1) / threads + 63) / 64 * 64
    withoutActuallyEscaping(body) { escapable in
        // Each thread writes a disjoint range; the closure outlives no call of this function.
        let shared = UncheckedSendable(escapable)
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            let start = t * chunk
            if start < count { shared.value(start..<Swift.min(count, start + chunk)) }
        }
    }
}

/// A value handed to other threads under a guarantee the compiler cannot check.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

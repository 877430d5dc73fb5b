import Tensor

/// The thread settings that make evaluation a pure function of (bundle, suite, seed): OpenBLAS
/// and Frontier's element-wise kernels on one thread each, so every reduction runs in a fixed
/// order. Parallelism comes from running tasks side by side instead (``BundleEvaluator``).
public enum EvaluationRuntime {
    /// Applies the settings; the evaluation library calls it itself before every run.
    public static func configure() {
        if BLASRuntime.threadCount != 1 { BLASRuntime.setThreadCount(1) }
        if TensorRuntime.intraOpThreads != 1 { TensorRuntime.intraOpThreads = 1 }
    }
}

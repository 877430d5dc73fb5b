/// Whether operations record themselves for differentiation, per task (and per thread).
public enum GradMode {
    @TaskLocal static var isRecording: Bool = true

    /// `true` unless inside ``noGrad(_:)``.
    public static var isEnabled: Bool { isRecording }
}

/// Runs `body` without recording any operation for differentiation (like `torch.no_grad()`):
/// results computed inside do not require gradients. Use it for evaluation and parameter updates.
public func noGrad<R>(_ body: () throws -> R) rethrows -> R {
    try GradMode.$isRecording.withValue(false) { try body() }
}

/// The `async` form of ``noGrad(_:)``.
public func noGrad<R>(_ body: () async throws -> R) async rethrows -> R {
    try await GradMode.$isRecording.withValue(false) { try await body() }
}

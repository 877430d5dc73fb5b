#if canImport(Glibc)
import Glibc
#endif

/// A one-line progress display on the terminal (`\r`-rewritten), shown only when standard error
/// is a terminal so logs and pipes stay clean.
public struct ProgressBar {
    /// The total number of units (steps, samples).
    public let total: Int
    /// The width of the bar in characters.
    public var width = 28
    private let enabled: Bool
    private var lastDraw: ContinuousClock.Instant?
    private let clock = ContinuousClock()

    /// A bar for `total` units, drawn when `enabled` and standard error is a terminal (callers
    /// pass only their own switch, such as a `--quiet` flag).
    public init(total: Int, enabled: Bool = true) {
        self.total = Swift.max(total, 1)
        self.enabled = enabled && isatty(2) != 0
    }

    /// The line for `done` units with a trailing status, e.g. `[=======>     ] 58% 120/207 loss 0.03`.
    public func line(done: Int, status: String) -> String {
        let fraction = Swift.min(1, Double(done) / Double(total))
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "=", count: filled) + (filled < width ? ">" : "") + String(repeating: " ", count: Swift.max(0, width - filled - 1))
        let percent = Int((fraction * 100).rounded(.down))
        return "[\(bar)] \(String(percent).leftPadded(3))% \(done)/\(total) \(status)"
    }

    /// Redraws the line (at most ten times a second, and always at the end).
    public mutating func update(done: Int, status: String) {
        guard enabled else { return }
        let now = clock.now
        if let lastDraw, done < total, now - lastDraw < .milliseconds(100) { return }
        lastDraw = now
        writeToTerminal("\r" + line(done: done, status: status) + "\u{1B}[K")
    }

    /// Ends the line so later output starts on a fresh one.
    public func finish() {
        if enabled { writeToTerminal("\n") }
    }

    private func writeToTerminal(_ text: String) {
        var text = text
        text.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: " ", count: Swift.max(0, width - count)) + self }
}

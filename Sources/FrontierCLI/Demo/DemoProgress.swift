import Foundation
import NN

/// The demo's running commentary: numbered stages with the time since the start, indented
/// details, and live bars on a terminal's standard error (as `frontier train` draws them).
struct DemoProgress: Sendable {
    let stages: Int
    private let start = ContinuousClock.now

    init(stages: Int) { self.stages = stages }

    /// Whether bars are drawn: only when standard error is a terminal.
    var showsBars: Bool { isatty(2) != 0 }

    /// `[3/7  0:42] text`.
    func stage(_ number: Int, _ text: String) {
        let seconds = Int((ContinuousClock.now - start) / .seconds(1))
        say("\n[\(number)/\(stages)  \(seconds / 60):\(String(format: "%02d", seconds % 60))] \(text)")
    }

    /// An indented line under the current stage.
    func detail(_ text: String) { say("      " + text) }

    /// A bar for `total` units of the current stage.
    func bar(total: Int) -> ProgressBar { ProgressBar(total: total) }

    /// Seconds since the demo began.
    var elapsed: Double { Double((ContinuousClock.now - start) / .milliseconds(1)) / 1000 }

    private func say(_ line: String) {
        print(line)
        fflush(nil)  // every stream: stdout is a C global Swift 6 will not touch from here
    }
}

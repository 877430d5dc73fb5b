import ArgumentParser
import Checkpoint
import Environments
import Foundation
import RL

extension Frontier.Env {
    /// `frontier env check`: the conformance suite on one registered environment, run in a child
    /// process so that an environment that traps or hangs is reported instead of taking the
    /// check down with it.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the conformance suite on an environment: determinism, spaces, rewards, the reset/step contract, crashes, hangs, steps/s.",
            discussion: "Exits 0 when the environment passes, 1 with the failures listed otherwise.")

        @Argument(help: "Environment id.")
        var id: String

        @Option(name: .customLong("option"), help: "An environment option key=value (repeatable).")
        var options: [String] = []

        @Option(help: "The seed of the checks.")
        var seed: UInt64 = 0

        @Option(help: "Random steps of the determinism and contract checks (per pass; five passes run).")
        var steps = 2_000

        @Option(help: "Random steps of the stress run, timed for steps/s.")
        var stressSteps = 50_000

        @Option(help: "Seconds the whole check may take before the environment is reported as hanging.")
        var timeout = 120.0

        @Flag(help: "Print JSON instead of text.")
        var json = false

        @Flag(help: .hidden)
        var inProcess = false

        func validate() throws {
            guard steps > 0, stressSteps > 0 else { throw ValidationError("--steps and --stress-steps must be positive") }
            guard timeout > 0, timeout.isFinite else { throw ValidationError("--timeout must be a positive number of seconds") }
            do { _ = try EnvironmentOptions(pairs: options) } catch { throw ValidationError("--option: \(error)") }
        }

        func run() throws {
            if inProcess {
                print(EnvironmentCheckReport.run(id: id, options: try EnvironmentOptions(pairs: options), seed: seed, steps: steps,
                                                 stressSteps: stressSteps).json)
                return
            }
            let report = runChild()
            print(json ? report.json : report.text)
            if !report.findings.isEmpty { throw ExitCode(1) }
        }

        /// Runs the check in a child process and turns a signal or a timeout into a finding.
        private func runChild() -> EnvironmentCheckReport {
            let process = Process()
            process.executableURL = SelfExecutable.url
            process.arguments = ["env", "check", id, "--seed", "\(seed)", "--steps", "\(steps)", "--stress-steps", "\(stressSteps)", "--in-process"]
                + options.flatMap { ["--option", $0] }
            let output = Pipe(), errors = Pipe()
            process.standardOutput = output
            process.standardError = errors
            process.standardInput = FileHandle.nullDevice
            var report = EnvironmentCheckReport(id: id, options: options)
            do {
                try process.run()
            } catch {
                report.findings.append(.init(kind: .crash, message: "cannot start the checker: \(error.localizedDescription)"))
                return report
            }
            let printed = ChildOutput(output.fileHandleForReading, keeping: 1 << 20)
            let complaints = ChildOutput(errors.fileHandleForReading, keeping: 16 << 10)
            let deadline = ContinuousClock.now + .seconds(timeout)
            var timedOut = false
            while process.isRunning {
                if ContinuousClock.now > deadline {
                    timedOut = true
                    kill(process.processIdentifier, SIGKILL)
                    break
                }
                usleep(5_000)
            }
            process.waitUntilExit()
            let stdout = printed.finish(), stderr = String(decoding: complaints.finish(), as: UTF8.self)
            if timedOut {
                report.findings.append(.init(kind: .hang, message: "the checks did not finish within \(timeout) s"))
                return report
            }
            if process.terminationReason == .uncaughtSignal {
                let last = stderr.split(separator: "\n").suffix(3).joined(separator: " | ")
                report.findings.append(.init(kind: .crash, message: "the environment stopped the process with signal \(process.terminationStatus)"
                                             + (last.isEmpty ? "" : ": \(last)")))
                return report
            }
            guard let decoded = try? JSONDecoder().decode(EnvironmentCheckReport.self, from: stdout) else {
                let reason = stderr.trimmingCharacters(in: .whitespacesAndNewlines)
                report.findings.append(.init(kind: .crash, message: "the checker exited with status \(process.terminationStatus)"
                                             + (reason.isEmpty ? "" : ": \(reason)")))
                return report
            }
            return decoded
        }
    }
}

/// What `frontier env check` found: the findings, and the speed when the stress run finished.
struct EnvironmentCheckReport: Codable {
    /// One failure.
    struct Finding: Codable {
        var kind: String
        var message: String

        init(kind: EnvironmentCheckFinding.Kind, message: String) {
            self.kind = kind.rawValue
            self.message = message
        }
    }

    var id: String
    var options: [String]
    var findings: [Finding] = []
    var stepsPerSecond: Double?
    var stressSteps: Int?
    var stressEpisodes: Int?

    init(id: String, options: [String]) {
        self.id = id
        self.options = options
    }

    enum CodingKeys: String, CodingKey {
        case id, options, findings
        case stepsPerSecond = "steps_per_second", stressSteps = "stress_steps", stressEpisodes = "stress_episodes"
    }

    /// Makes the environment, runs ``EnvironmentChecker`` and the timed stress run.
    static func run(id: String, options: EnvironmentOptions, seed: UInt64, steps: Int, stressSteps: Int) -> EnvironmentCheckReport {
        var report = EnvironmentCheckReport(id: id, options: options.pairs)
        let environment: any Environment
        do {
            environment = try EnvironmentRegistry.builtIn.make(id, options: options)
        } catch {
            report.findings.append(.init(kind: .make, message: "\(error)"))
            return report
        }
        report.findings = EnvironmentChecker.check(environment, seed: seed, steps: steps).map { Finding(kind: $0.kind, message: $0.message) }
        guard environment.actionSpace.isActionSpace else { return report }
        let speed = EnvironmentChecker.measureSteps(environment, seed: seed, steps: stressSteps)
        report.stepsPerSecond = speed.stepsPerSecond
        report.stressSteps = stressSteps
        report.stressEpisodes = speed.episodes
        return report
    }

    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    var text: String {
        var lines = ["\(id)\(options.isEmpty ? "" : " (" + options.joined(separator: ", ") + ")"): "
                     + (findings.isEmpty ? "passes" : "\(findings.count) failure\(findings.count == 1 ? "" : "s")")]
        for finding in findings { lines.append("  FAIL \(finding.kind): \(TerminalText.escaped(finding.message))") }
        if let stepsPerSecond, let stressSteps, let stressEpisodes {
            lines.append(String(format: "  %d random steps (%d episodes) at %.0f steps/s", stressSteps, stressEpisodes, stepsPerSecond))
        }
        return lines.joined(separator: "\n")
    }
}

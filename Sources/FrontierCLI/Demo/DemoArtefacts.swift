import Evaluation
import Foundation

/// What the demo leaves behind, fetched from the running validator as any client would see it:
/// the leaderboard page and its screenshot (headless Chromium, when installed), the weights and
/// leaderboard JSON, the scoring report, and the Pareto plot beside the learning curves.
enum DemoArtefacts {
    /// Labels and paths of what was written, for the closing listing.
    struct Written {
        var listing: [(String, String)] = []
    }

    static func write(validator: DemoValidator, result: ScoringResult, folder: String, plots: String) throws -> Written {
        var written = Written()
        func save(_ data: Data, _ path: String, _ label: String) throws {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
            written.listing.append((label, path))
        }
        try save(try validator.get(""), "\(folder)/leaderboard.html", "page")
        try save(try validator.get("v1/weights"), "\(folder)/weights.json", "weights")
        try save(try validator.get("v1/leaderboard"), "\(folder)/leaderboard.json", "leaderboard")
        try save(Data(ScoringReport.text(result).utf8), "\(folder)/report.txt", "report")

        // The suite's first two environments, as on the page: every miner plays them.
        let environments = result.environments
        if environments.count >= 2 {
            let (x, y) = (environments[0], environments[1])
            let path = "\(plots)/pareto-\(x)-\(y).svg"
            try save(Data(try ParetoFrontSVG.render(result, x: x, y: y).utf8), path, "pareto plot")
        }
        let curves = (try? FileManager.default.contentsOfDirectory(atPath: plots).filter { $0.hasPrefix("learning-curve-") }) ?? []
        if !curves.isEmpty { written.listing.append(("curves", "\(plots)/learning-curve-*.svg (\(curves.count) training runs)")) }

        let screenshot = "\(folder)/leaderboard.png"
        try? FileManager.default.removeItem(atPath: screenshot)
        switch HeadlessBrowser.screenshot(of: validator.url.absoluteString + "/", to: screenshot) {
        case .success: written.listing.append(("screenshot", screenshot))
        case .failure(let reason): written.listing.append(("screenshot", "not taken: \(reason)"))
        }
        return written
    }
}

/// Debian's Chromium, headless, for the page's screenshot.
enum HeadlessBrowser {
    static let candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Renders `url` at 1280 × 1400 into the PNG at `path` (at most a minute).
    static func screenshot(of url: String, to path: String) -> Result<Void, Failure> {
        guard let browser = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            return .failure(Failure(description: "no Chromium found (sudo apt-get install chromium)"))
        }
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: browser)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
                             "--window-size=1280,1400", "--screenshot=\(absolute)", url]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return .failure(Failure(description: "\(browser) did not start: \(error)")) }
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        if process.isRunning {
            // SIGKILL: a SIGTERM may sit blocked in a child spawned from a thread that masks it.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return .failure(Failure(description: "\(browser) took more than a minute"))
        }
        guard let png = FileManager.default.contents(atPath: absolute), png.starts(with: [0x89, 0x50, 0x4E, 0x47]) else {
            return .failure(Failure(description: "\(browser) exited with status \(process.terminationStatus) and wrote no PNG"))
        }
        return .success(())
    }
}

import Foundation
import Testing

/// `frontier demo --quick`: the whole subnet on loopback, checked through what it leaves behind.
@Suite("frontier demo: three miners, an embedded validator, one scored epoch")
struct SubnetDemoTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let python = packageRoot.path + "/.venv/bin/python"
    static let forecastData = packageRoot.deletingLastPathComponent().path + "/shared/datasets/forecasting"

    @Test("bundles h5py reads, weights summing to 1 with none for the copy, a page Chromium renders, the plots")
    func quickDemo() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let out = folder + "/out", checkpoints = folder + "/checkpoints"
        let run = try runFrontier(["demo", "--quick", "--out", out, "--checkpoints", checkpoints, "--forecast-data", Self.forecastData])
        #expect(run.status == 0, "\(run.error)\n\(run.output.suffix(3000))")

        // The copier's uid, as the validator assigned it at submission.
        let copyLine = try #require(run.output.split(separator: "\n").first { $0.contains("miner 3 (near-copy)") }, "\(run.output)")
        let copyUID = try #require(copyLine.components(separatedBy: "uid ").dropFirst().first.flatMap { Int($0.prefix { $0.isNumber }) })

        // The weights as the validator serves them (saved from GET /v1/weights).
        let weightsData = try Data(contentsOf: URL(fileURLWithPath: out + "/weights.json"))
        let document = try #require(try JSONSerialization.jsonObject(with: weightsData) as? [String: Any])
        let uids = try #require(document["uids"] as? [Int]), weights = try #require(document["weights"] as? [Double])
        #expect(Set(uids) == [0, 1, 2, 3], "uid 0 and the three miners: \(document)")
        #expect(abs(weights.reduce(0, +) - 1) < 1e-9, "\(weights)")
        let byUID = Dictionary(uniqueKeysWithValues: zip(uids, weights))
        #expect(byUID[copyUID] == 0, "the near-copy earns nothing: \(byUID)")
        #expect(byUID.filter { $0.key != 0 && $0.key != copyUID }.values.allSatisfy { $0 > 0 }, "both honest miners earn: \(byUID)")
        #expect(run.output.contains("near-copy (uid \(copyUID)) earns in no subset: filtered as a copy"))
        #expect(run.output.contains("Pareto subsets") && run.output.contains("sum 1.000000"))
        let report = try String(contentsOfFile: out + "/report.txt", encoding: .utf8)
        #expect(report.contains("uid \(copyUID) left") && report.contains("dominated by earlier uid"), "\(report)")

        // The bundles, read by h5py: entries per environment, parameters with their recorded count.
        let script = """
            import sys, h5py, numpy as np
            for path in sys.argv[1:]:
                f = h5py.File(path, "r")
                assert f.attrs["format"] == b"frontier-bundle", f.attrs["format"]
                names = sorted(f["models"].keys())
                for name in names:
                    g = f["models"][name]
                    total = sum(int(np.prod(d.shape)) for d in g["parameters"].values())
                    assert total == g.attrs["parameter_count"] and total > 0, (path, name, total)
                    assert all(np.isfinite(d[...]).all() for d in g["parameters"].values())
                print(",".join(names))
            """
        let bundles = ["demo-miner1-control.h5", "demo-miner2-forecast.h5", "demo-miner3-copy.h5"].map { checkpoints + "/" + $0 }
        let read = try runProgram(Self.python, ["-c", script] + bundles)
        #expect(read.status == 0, "\(read.output)")
        let entries = read.output.split(separator: "\n").map(String.init)
        #expect(entries == ["Acrobot-v1,CartPole-v1,MountainCar-v0,Pendulum-v1", "Acrobot-v1,CartPole-v1,pooled-mlp",
                            "Acrobot-v1,CartPole-v1,MountainCar-v0,Pendulum-v1"], "\(read.output)")

        // The page as Chromium renders it: a row per miner, the Pareto plot, the report; and
        // the screenshot the demo took of the live page.
        let chromium = try #require(["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) },
                                    "make test installs Debian's chromium")
        let dom = try runProgram(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--dump-dom",
                                            URL(fileURLWithPath: out + "/leaderboard.html").absoluteString])
        let body = dom.output.components(separatedBy: "<tbody>").last?.components(separatedBy: "</tbody>").first ?? ""
        #expect(body.components(separatedBy: "<tr>").count - 1 == 3, "three miners' rows: \(dom.output.prefix(2000))")
        #expect(dom.output.contains("<svg") && dom.output.contains("id=\"report\"") && dom.output.contains("Epoch 1"))
        let png = try Data(contentsOf: URL(fileURLWithPath: out + "/leaderboard.png"))
        #expect(png.count > 10_000 && png.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]))
        for plot in ["pareto-CartPole-v1-Acrobot-v1.svg", "learning-curve-miner1-CartPole-v1.svg", "learning-curve-miner2-Acrobot-v1.svg"] {
            let svg = try String(contentsOfFile: out + "/plots/" + plot, encoding: .utf8)
            #expect(svg.hasPrefix("<svg") || svg.hasPrefix("<?xml"), "\(plot): \(svg.prefix(80))")
        }

        // Run twice: the validator starts again from epoch 1 and the outputs are replaced.
        let again = try runFrontier(["demo", "--quick", "--out", out, "--checkpoints", checkpoints, "--forecast-data", Self.forecastData])
        #expect(again.status == 0, "\(again.error)")
        #expect(again.output.contains("epoch 1,"))
    }

    @Test("a missing data folder is a clear error before anything trains")
    func missingData() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let run = try runFrontier(["demo", "--quick", "--out", folder + "/out", "--checkpoints", folder + "/c", "--forecast-data", folder + "/none"])
        #expect(run.status == 64)
        #expect(run.error.contains("--forecast-data") && run.error.contains("is not a folder"), "\(run.error)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/c/demo-miner1-control.h5"))
    }
}

import Foundation
import Testing
@testable import AutoML

@Suite(.serialized) struct SQLiteStorageTests {
    func temporaryDatabase() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("study-\(UUID().uuidString).sqlite").path
    }

    func remove(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    static var worker: URL {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("AutoMLStudyWorker").path),
              directory.pathComponents.count > 1 {
            directory.deleteLastPathComponent()
        }
        return directory.appendingPathComponent("AutoMLStudyWorker")
    }

    static func startWorker(_ database: String, target: Int, pauseMilliseconds: Int, seed: Int) throws -> Process {
        let process = Process()
        process.executableURL = Self.worker
        process.arguments = [database, "resumable", String(target), String(pauseMilliseconds), String(seed)]
        try process.run()
        return process
    }

    @Test func trialsRoundTripThroughTheFile() throws {
        let path = temporaryDatabase()
        defer { remove(path) }
        let study = try Study(name: "round-trip", direction: .maximize, sampler: RandomSampler(seed: 1), storage: try SQLiteStorage(path: path))
        try study.optimize(trials: 4) { trial in
            let kind = try trial.suggestCategorical("kind", [.string("a"), .int(2), .bool(true), .double(0.25)])
            let rate = try trial.suggestFloat("rate", 1e-4, 1, log: true)
            try trial.report(.nan, step: 3)
            try trial.report(rate, step: 1)
            if trial.number == 2 { throw TrialPruned() }
            return rate * (kind == .int(2) ? 2 : 1)
        }
        let reopened = try Study(name: "round-trip", direction: .maximize, storage: try SQLiteStorage(path: path))
        let memory = try study.trials(), stored = try reopened.trials()
        #expect(stored.count == 4)
        #expect(stored.map(\.parameters) == memory.map(\.parameters))
        #expect(stored.map(\.distributions) == memory.map(\.distributions))
        #expect(stored.map(\.state) == [.complete, .complete, .pruned, .complete])
        #expect(stored.map(\.value) == memory.map(\.value))
        #expect(stored[0].intermediateValues[3]!.isNaN)
        #expect(stored[0].intermediateValues[1] == stored[0].parameters["rate"]!.number)
        #expect(throws: StudyError.directionMismatch(study: "round-trip", stored: .maximize, requested: .minimize)) {
            try Study(name: "round-trip", direction: .minimize, storage: try SQLiteStorage(path: path))
        }
    }

    @Test func aStudyKilledMidwayResumesWithEveryFinishedTrialOnce() throws {
        let path = temporaryDatabase()
        defer { remove(path) }
        let target = 12
        let first = try Self.startWorker(path, target: target, pauseMilliseconds: 60, seed: 5)
        // Wait for a few finished trials, then kill -9 while a trial is running.
        let observer = try SQLiteStorage(path: path)
        let deadline = Date().addingTimeInterval(60)
        var finishedBeforeKill: [FrozenTrial] = []
        while Date() < deadline {
            if let id = try? observer.loadStudy(name: "resumable").id {
                finishedBeforeKill = try observer.trials(studyID: id).filter { $0.state.isFinished }
                if finishedBeforeKill.count >= 4 { break }
            }
            usleep(10_000)
        }
        kill(first.processIdentifier, SIGKILL)
        first.waitUntilExit()
        #expect(first.terminationReason == .uncaughtSignal)
        #expect(finishedBeforeKill.count >= 4)
        let id = try observer.loadStudy(name: "resumable").id
        let afterKill = try observer.trials(studyID: id)
        // The killed trial (if one had started) stays running until marked failed.
        #expect(afterKill.filter { $0.state == .running }.count <= 1)
        #expect(try observer.failStaleTrials(studyID: id).count == afterKill.filter { $0.state == .running }.count)

        let second = try Self.startWorker(path, target: target, pauseMilliseconds: 0, seed: 5)
        second.waitUntilExit()
        #expect(second.terminationStatus == 0)
        let trials = try observer.trials(studyID: id)
        let finished = trials.filter { $0.state.isFinished }
        #expect(finished.count == target)
        #expect(trials.map(\.number) == Array(0..<trials.count), "numbers are unique and consecutive")
        // Every trial finished before the kill is still there, unchanged, exactly once.
        for old in finishedBeforeKill {
            #expect(trials.filter { $0.number == old.number } == [old])
        }
        // The resumed worker drew new parameters rather than repeating finished trials.
        let points = finished.filter { $0.state == .complete }.map { $0.parameters["x"]! }
        #expect(Set(points).count == points.count)
    }

    @Test("processes opening one new study file at once all succeed: switching it to WAL is retried while another holds the lock")
    func concurrentOpensOfANewFile() throws {
        for round in 0..<12 {
            let path = temporaryDatabase()
            defer { remove(path) }
            let workers = try (0..<6).map { _ in try Self.startWorker(path, target: 1, pauseMilliseconds: 0, seed: round) }
            for worker in workers { worker.waitUntilExit() }
            let failed = workers.filter { $0.terminationStatus != 0 }.count
            #expect(failed == 0, "round \(round): \(failed) of 6 workers failed")
            if failed > 0 { break }
        }
    }

    @Test func severalProcessesShareOneStudy() throws {
        let path = temporaryDatabase()
        defer { remove(path) }
        let target = 30
        let workers = try (0..<3).map { _ in try Self.startWorker(path, target: target, pauseMilliseconds: 5, seed: 7) }
        for worker in workers { worker.waitUntilExit() }
        #expect(workers.allSatisfy { $0.terminationStatus == 0 })
        let storage = try SQLiteStorage(path: path)
        let trials = try storage.trials(studyID: try storage.loadStudy(name: "resumable").id)
        // Each worker stops once the study holds the target; ones that were mid-trial add theirs.
        #expect((target...(target + 2)).contains(trials.count))
        #expect(trials.map(\.number) == Array(0..<trials.count))
        #expect(trials.allSatisfy { $0.state == .complete && $0.parameters.count == 2 && $0.intermediateValues.count == 1 })
        // Same seed in every process, yet no two trials drew the same point: draws are keyed by
        // the trial number, which the database hands out once.
        #expect(Set(trials.map { $0.parameters["x"]! }).count == trials.count)
    }
}

import Foundation
import Testing
import TestSupport
@testable import AutoML

/// PostgreSQL storage against a real server started here (never a mock).
@Suite(.serialized) struct PostgresStorageTests {
    @Test func studiesRoundTripSurviveAKillAndAreSharedByProcesses() throws {
        let server = try PostgresServer.start()
        defer { server.stop() }

        // Round trip, and the same study seen through a second connection.
        let study = try Study(name: "round-trip", direction: .maximize, sampler: RandomSampler(seed: 1), storage: try PostgresStorage(url: server.url))
        try study.optimize(trials: 4) { trial in
            let kind = try trial.suggestCategorical("kind", [.string("a"), .int(2), .bool(true), .double(0.25)])
            let rate = try trial.suggestFloat("rate", 1e-4, 1, log: true)
            try trial.report(.nan, step: 3)
            try trial.report(rate, step: 1)
            if trial.number == 2 { throw TrialPruned() }
            return rate * (kind == .int(2) ? 2 : 1)
        }
        let reopened = try Study(name: "round-trip", direction: .maximize, storage: try PostgresStorage(url: server.url))
        let memory = try study.trials(), stored = try reopened.trials()
        #expect(stored.map(\.parameters) == memory.map(\.parameters))
        #expect(stored.map(\.distributions) == memory.map(\.distributions))
        #expect(stored.map(\.state) == [.complete, .complete, .pruned, .complete])
        #expect(stored.map(\.value) == memory.map(\.value), "values read back bit for bit")
        #expect(stored[0].intermediateValues[3]!.isNaN)
        #expect(stored[1].intermediateValues[1] == memory[1].parameters["rate"]!.number)
        #expect(throws: StudyError.directionMismatch(study: "round-trip", stored: .maximize, requested: .minimize)) {
            try Study(name: "round-trip", direction: .minimize, storage: try PostgresStorage(url: server.url))
        }
        #expect(throws: StudyError.trialFinished(number: 0, state: .complete)) {
            try PostgresStorage(url: server.url).finishTrial(studyID: study.id, trial: 0, state: .failed, value: nil)
        }

        // Killed mid-way, resumed: every finished trial once, numbers consecutive.
        let observer = try PostgresStorage(url: server.url)
        let first = try SQLiteStorageTests.startWorker(server.url, target: 10, pauseMilliseconds: 60, seed: 5)
        let deadline = Date().addingTimeInterval(60)
        var finishedBeforeKill: [FrozenTrial] = []
        while Date() < deadline {
            if let id = try? observer.loadStudy(name: "resumable").id {
                finishedBeforeKill = try observer.trials(studyID: id).filter { $0.state.isFinished }
                if finishedBeforeKill.count >= 3 { break }
            }
            usleep(10_000)
        }
        kill(first.processIdentifier, SIGKILL)
        first.waitUntilExit()
        #expect(finishedBeforeKill.count >= 3)
        let second = try SQLiteStorageTests.startWorker(server.url, target: 10, pauseMilliseconds: 0, seed: 5)
        second.waitUntilExit()
        #expect(second.terminationStatus == 0)
        let id = try observer.loadStudy(name: "resumable").id
        let resumed = try observer.trials(studyID: id)
        #expect(resumed.filter { $0.state.isFinished }.count == 10)
        #expect(resumed.map(\.number) == Array(0..<resumed.count))
        for old in finishedBeforeKill { #expect(resumed.filter { $0.number == old.number } == [old]) }

        // Three processes on one study (the next target counts the ten already there).
        let workers = try (0..<3).map { _ in try SQLiteStorageTests.startWorker(server.url, target: 40, pauseMilliseconds: 5, seed: 7) }
        for worker in workers { worker.waitUntilExit() }
        #expect(workers.allSatisfy { $0.terminationStatus == 0 })
        let shared = try observer.trials(studyID: id)
        #expect(shared.map(\.number) == Array(0..<shared.count), "each number handed out once")
        #expect((40...43).contains(shared.filter { $0.state.isFinished }.count))
        let complete = shared.filter { $0.state == .complete }
        #expect(Set(complete.map { $0.parameters["x"]! }).count == complete.count)
    }

    @Test func passwordsStayOutOfMessages() {
        #expect(PostgresStorage.redact("postgresql://miner:secret@db.example:5432/studies") == "postgresql://miner:***@db.example:5432/studies")
        #expect(PostgresStorage.redact("host=db password=secret dbname=studies") == "host=db password=*** dbname=studies")
        #expect(PostgresStorage.redact("postgresql://miner@db/studies") == "postgresql://miner@db/studies")
    }
}

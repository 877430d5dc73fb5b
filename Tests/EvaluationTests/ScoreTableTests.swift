import Foundation
import Testing
@testable import Evaluation

@Suite("Score table")
struct ScoreTableTests {
    @Test("miners and results are added by uid and environment name")
    func building() throws {
        var table = ScoreTable(environments: ["a", "b"])
        try table.addMiner(uid: 3, hotkey: "h3", firstSubmitted: 10)
        try table.setAggregate(uid: 3, environment: "a", mean: 0.4, completed: 9, expected: 10)
        try table.setTaskScores(uid: 3, environment: "b", scores: ["t2": 1, "t1": 0])
        #expect(table.tasks[1] == ["t1", "t2"])
        #expect(table.miners[0].results == [.aggregate(mean: 0.4, completed: 9, expected: 10), .perTask([0, 1])])
        try table.validate()
        #expect(throws: ScoringError.duplicateUID(3)) { try table.addMiner(uid: 3, hotkey: "x", firstSubmitted: 1) }
        #expect(throws: ScoringError.invalidUID(-1)) { try table.addMiner(uid: -1, hotkey: "x", firstSubmitted: 1) }
        #expect(throws: ScoringError.unknownUID(8)) { try table.setAggregate(uid: 8, environment: "a", mean: 0, completed: 1, expected: 1) }
        #expect(throws: ScoringError.unknownEnvironment("z")) { try table.setTaskScores(uid: 3, environment: "z", scores: [:]) }
    }

    @Test("validation names the miner, environment and task at fault")
    func validation() {
        func table(_ result: EnvironmentResult, tasks: [String] = ["t"]) -> ScoreTable {
            ScoreTable(environments: ["a"], tasks: [tasks], miners: [MinerScores(uid: 1, hotkey: "h", firstSubmitted: 0, results: [result])])
        }
        #expect(throws: ScoringError.scoreOutOfRange(uid: 1, environment: "a", task: nil, value: 1.2)) {
            try table(.aggregate(mean: 1.2, completed: 1, expected: 1)).validate()
        }
        #expect(throws: ScoringError.scoreOutOfRange(uid: 1, environment: "a", task: "t", value: -0.5)) {
            try table(.perTask([-0.5])).validate()
        }
        #expect(throws: ScoringError.self) { try table(.perTask([.nan])).validate() }
        #expect(throws: ScoringError.invalidCounts(uid: 1, environment: "a", completed: 3, expected: 2)) {
            try table(.aggregate(mean: 0.5, completed: 3, expected: 2)).validate()
        }
        #expect(throws: ScoringError.tooManyTaskScores(uid: 1, environment: "a", scores: 2, tasks: 1)) {
            try table(.perTask([1, 1])).validate()
        }
        #expect(throws: ScoringError.duplicateTask(environment: "a", task: "t")) {
            try table(.missing, tasks: ["t", "t"]).validate()
        }
        #expect(throws: ScoringError.duplicateEnvironment("a")) { try ScoreTable(environments: ["a", "a"]).validate() }
        var wrongCount = table(.missing)
        wrongCount.miners[0].results = []
        #expect(throws: ScoringError.resultCountMismatch(uid: 1, environments: 1, results: 0)) { try wrongCount.validate() }
        var bigUID = table(.missing)
        bigUID.miners[0].uid = 65536
        #expect(throws: ScoringError.invalidUID(65536)) { try bigUID.validate() }
    }

    @Test("a table round-trips through JSON")
    func codable() throws {
        let table = aggregateTable(environments: ["a"], miners: [(uid: 1, submitted: 5, scores: [0.5])])
        let encoded = try JSONEncoder().encode(table)
        #expect(try JSONDecoder().decode(ScoreTable.self, from: encoded) == table)
    }
}


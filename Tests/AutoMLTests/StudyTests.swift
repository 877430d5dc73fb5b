import Testing
@testable import AutoML

@Suite struct StudyTests {
    @Test func askTellRecordsParametersValuesAndStates() throws {
        let study = try Study(direction: .minimize, sampler: RandomSampler(seed: 1))
        let first = try study.ask()
        let x = try first.suggestFloat("x", -1, 1)
        #expect(try first.suggestFloat("x", -1, 1) == x, "suggesting a name again returns the value already drawn")
        #expect(throws: StudyError.distributionChanged(parameter: "x", trial: 0)) { try first.suggestFloat("x", -2, 2) }
        try first.report(0.5, step: 1)
        try study.tell(first, value: x * x)
        let second = try study.ask()
        try study.tell(second, state: .pruned)
        let third = try study.ask()
        try study.tell(third, state: .failed)
        let trials = try study.trials()
        #expect(trials.map(\.state) == [.complete, .pruned, .failed])
        #expect(trials[0].parameters["x"] == .double(x))
        #expect(trials[0].intermediateValues == [1: 0.5])
        #expect(trials[0].value == x * x)
        #expect(throws: StudyError.trialFinished(number: 0, state: .complete)) { try study.tell(first, value: 1) }
        #expect(throws: StudyError.trialFinished(number: 0, state: .complete)) { try first.report(1, step: 2) }
    }

    @Test func optimizeRecordsPrunedAndFailedTrialsAndKeepsGoing() throws {
        struct Broken: Error {}
        let study = try Study(direction: .maximize, sampler: RandomSampler(seed: 2))
        let failures = try study.optimize(trials: 6) { trial in
            let x = try trial.suggestInt("x", 0, 10)
            switch trial.number {
            case 1: throw TrialPruned()
            case 2: throw Broken()
            case 3: return .nan
            default: return Double(x)
            }
        }
        let trials = try study.trials()
        #expect(trials.map(\.state) == [.complete, .pruned, .failed, .failed, .complete, .complete])
        #expect(Set(failures.keys) == [2, 3])
        let best = try #require(try study.bestTrial())
        #expect(best.value == [0, 4, 5].compactMap { trials[$0].value }.max())
    }

    @Test func askWithASpaceDrawsOnlyActiveParameters() throws {
        let space = try SearchSpace([
            ParameterDefinition("model", .categorical([.string("gru"), .string("mlp")])),
            ParameterDefinition("gru_size", .int(low: 8, high: 128, log: true), when: Condition(parent: "model", values: [.string("gru")])),
            ParameterDefinition("dropout", .float(low: 0, high: 0.5), when: Condition(parent: "model", values: [.string("mlp")])),
        ])
        let study = try Study(sampler: TPESampler(seed: 3))
        var seenModels = Set<String>()
        for _ in 0..<30 {
            let trial = try study.ask(space)
            let model = try #require(trial.parameters["model"]?.stringValue)
            seenModels.insert(model)
            #expect(Set(trial.parameters.keys) == (model == "gru" ? ["model", "gru_size"] : ["model", "dropout"]))
            if let size = trial.parameters["gru_size"]?.intValue { #expect((8...128).contains(size)) }
            try study.tell(trial, value: trial.parameters["dropout"]?.number ?? 1)
        }
        #expect(seenModels == ["gru", "mlp"])
    }

    @Test func aStudyReopenedByNameSeesItsTrialsAndRefusesAnotherDirection() throws {
        let storage = InMemoryStorage()
        let study = try Study(name: "shared", storage: storage)
        try study.optimize(trials: 3) { try $0.suggestFloat("x", 0, 1) }
        let again = try Study(name: "shared", storage: storage)
        #expect(try again.trials().count == 3)
        #expect(throws: StudyError.directionMismatch(study: "shared", stored: .minimize, requested: .maximize)) {
            try Study(name: "shared", direction: .maximize, storage: storage)
        }
    }

    @Test func invalidSuggestionsAreErrorsNotTraps() throws {
        let study = try Study()
        let trial = try study.ask()
        #expect { try trial.suggestFloat("lr", 0, 1, log: true) } throws: { error in
            guard case .invalidSuggestion = error as? StudyError else { return false }
            return true
        }
        #expect(try trial.suggestInt("fixed", 3, 3) == 3)
    }
}

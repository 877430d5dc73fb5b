import Testing
@testable import AutoML

@Suite struct SearchSpaceTests {
    @Test func validDistributionsPass() throws {
        let space = try SearchSpace([
            ParameterDefinition("learning_rate", .float(low: 1e-5, high: 1e-2, log: true)),
            ParameterDefinition("clip", .float(low: 0.1, high: 0.3, step: 0.05)),
            ParameterDefinition("steps", .int(low: 64, high: 2048, step: 64)),
            ParameterDefinition("layers", .int(low: 1, high: 64, log: true)),
            ParameterDefinition("model", .categorical([.string("gru"), .string("mlp")])),
            ParameterDefinition("gru_size", .int(low: 8, high: 128), when: Condition(parent: "model", values: [.string("gru")])),
        ])
        #expect(space.parameters.map(\.name) == ["learning_rate", "clip", "steps", "layers", "model", "gru_size"])
        #expect(space["gru_size"]?.condition?.parent == "model")
    }

    @Test(arguments: [
        (Distribution.float(low: 1, high: 0), "above high"),
        (.float(low: 0, high: 1, log: true), "low > 0"),
        (.float(low: 1, high: 2, log: true, step: 0.5), "cannot have a step"),
        (.float(low: 0, high: 1, step: 0.3), "whole number of steps"),
        (.float(low: 0, high: .infinity), "finite"),
        (.int(low: 0, high: 10, step: 3), "whole number of steps"),
        (.int(low: 0, high: 10, step: 0), "positive"),
        (.int(low: 0, high: 10, log: true), "low > 0"),
        (.int(low: 1, high: 9, log: true, step: 2), "step 1"),
        (.int(low: Int.min, high: Int.max), "too wide"),
        (.categorical([]), "at least one"),
        (.categorical([.int(1), .int(1)]), "distinct"),
    ])
    func invalidDistributionsAreRefusedWithAReason(distribution: Distribution, reason: String) {
        #expect {
            try SearchSpace([ParameterDefinition("x", distribution)])
        } throws: { error in
            guard case let .invalidDistribution(parameter, text) = error as? SearchSpaceError else { return false }
            return parameter == "x" && text.contains(reason)
        }
    }

    @Test func conditionsMustNameAnEarlierCategoricalAndItsChoices() {
        let model = ParameterDefinition("model", .categorical([.string("gru"), .string("mlp")]))
        let width = ParameterDefinition("width", .int(low: 1, high: 4))
        func refused(_ parameters: [ParameterDefinition], _ text: String) -> Bool {
            do {
                _ = try SearchSpace(parameters)
                return false
            } catch {
                return "\(error)".contains(text)
            }
        }
        #expect(refused([ParameterDefinition("size", .int(low: 1, high: 4), when: Condition(parent: "model", values: [.string("gru")])), model], "defined before"))
        #expect(refused([width, ParameterDefinition("size", .int(low: 1, high: 4), when: Condition(parent: "width", values: [.int(1)]))], "not categorical"))
        #expect(refused([model, ParameterDefinition("size", .int(low: 1, high: 4), when: Condition(parent: "model", values: [.string("lstm")]))], "not a choice"))
        #expect(refused([model, model], "defined twice"))
    }

    @Test func activityFollowsTheParentsValue() throws {
        let space = try SearchSpace([
            ParameterDefinition("model", .categorical([.string("gru"), .string("mlp")])),
            ParameterDefinition("gru_size", .int(low: 8, high: 128), when: Condition(parent: "model", values: [.string("gru")])),
        ])
        let child = space["gru_size"]!
        #expect(space.isActive(child, given: ["model": .string("gru")]))
        #expect(!space.isActive(child, given: ["model": .string("mlp")]))
        #expect(!space.isActive(child, given: [:]))
    }

    @Test func valuesSnapToTheGridAndBounds() {
        #expect(Distribution.int(low: 64, high: 2048, step: 64).value(internal: 100) == .int(128))
        #expect(Distribution.int(low: 1, high: 10).value(internal: 12.4) == .int(10))
        #expect(Distribution.float(low: 0.1, high: 0.3, step: 0.05).value(internal: 0.26).number!.isApproximatelyEqual(0.25))
        #expect(Distribution.categorical([.string("a"), .string("b")]).value(internal: 1) == .string("b"))
        #expect(Distribution.int(low: 0, high: 10, step: 2).contains(.int(4)))
        #expect(!Distribution.int(low: 0, high: 10, step: 2).contains(.int(5)))
        #expect(!Distribution.float(low: 0, high: 1).contains(.int(0)))
    }
}

extension Double {
    func isApproximatelyEqual(_ other: Double, tolerance: Double = 1e-12) -> Bool {
        abs(self - other) <= tolerance * max(1, abs(other))
    }
}

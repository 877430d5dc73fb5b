import Testing
import Tensor
@testable import RL

@Suite struct SpaceTests {
    @Test func discreteSamplesStayInRangeAndRespectMasks() {
        var generator = PhiloxGenerator(seed: 1)
        let space = DiscreteSpace(4, start: 2)
        var seen = Set<Int>()
        for _ in 0..<400 {
            let value = space.sample(using: &generator)
            #expect(space.contains(value))
            seen.insert(value)
        }
        #expect(seen == [2, 3, 4, 5])
        for _ in 0..<100 {
            #expect(space.sample(using: &generator, mask: [false, true, false, true]).isMultiple(of: 2) == false)
        }
        #expect(space.sample(using: &generator, mask: [false, false, false, false]) == 2)
        #expect(!space.contains(6) && !space.contains(1))
    }

    @Test func boxSamplesFollowBoundsAndKinds() {
        var generator = PhiloxGenerator(seed: 2)
        let space = BoxSpace(low: [-1, 0, -.infinity, -.infinity], high: [1, .infinity, 5, .infinity])
        for _ in 0..<500 {
            let value = space.sample(using: &generator)
            #expect(space.contains(value))
        }
        #expect(!space.contains([2, 0, 0, 0]))
        #expect(!space.contains([0, 0, 0]))
        #expect(!space.contains([0, -1, 0, 0]))
        #expect(!space.contains([0, 0, .nan, 0]))
    }

    @Test func multiDiscreteSamplesEachElement() {
        var generator = PhiloxGenerator(seed: 3)
        let space = MultiDiscreteSpace([2, 3, 5])
        for _ in 0..<200 { #expect(space.contains(space.sample(using: &generator))) }
        #expect(!space.contains([0, 3, 0]))
        #expect(!space.contains([0, 0]))
    }

    @Test func spacesCheckActionKindsAndRoundTripThroughJSON() throws {
        let spaces: [Space] = [
            .discrete(DiscreteSpace(2)),
            .box(BoxSpace(low: [-.infinity, -2], high: [.infinity, 2])),
            .multiDiscrete(MultiDiscreteSpace([3, 4])),
        ]
        for space in spaces {
            #expect(try Space.decode(json: space.json) == space)
        }
        #expect(spaces[0].contains(.discrete(1)))
        #expect(!spaces[0].contains(.continuous([1])))
        #expect(spaces[1].contains(.continuous([100, 2])))
        #expect(!spaces[1].contains(.continuous([0, 2.5])))
        #expect(spaces[1].flatSize == 2)
        #expect(spaces[0].contains(observation: [1]))
        #expect(!spaces[0].contains(observation: [1.5]))
    }

    @Test func optionsRefuseUnknownAndOutOfRangeValues() throws {
        var options: EnvironmentOptions = ["gravity": 9.8, "gravty": 1]
        #expect(try options.value("gravity", default: 10, range: 0...100, environment: "X") == 9.8)
        #expect(throws: EnvironmentError.invalidOption(environment: "X", option: "gravty",
                                                      reason: "not an option of this environment (options: gravity)")) {
            try options.finish(environment: "X")
        }
        var bad: EnvironmentOptions = ["gravity": -1]
        #expect(throws: EnvironmentError.self) { try bad.value("gravity", default: 10, range: 0...100, environment: "X") }
    }
}

import Testing
@testable import RL

@Suite("Info: a value with shared storage")
struct InfoTests {
    @Test("changing a copy leaves the original as it was")
    func copiesAreIndependent() {
        var original = Info(values: ["distance": 2])
        var copy = original
        copy["distance"] = 5
        copy.episode = EpisodeStatistics(episodeReturn: 1, length: 3, seconds: 0.5)
        copy.finalObservation = [1, 2]
        #expect(original["distance"] == 2 && original.episode == nil && original.finalObservation == nil)
        #expect(copy["distance"] == 5 && copy.episode?.length == 3 && copy.finalObservation == [1, 2])

        original.values = [:]
        #expect(original.values.isEmpty && copy.values == ["distance": 5])
    }

    @Test("an empty record equals one built empty, and equality compares contents")
    func equality() {
        #expect(Info() == Info(values: [:], episode: nil, finalObservation: nil))
        var set = Info()
        set["x"] = 1
        #expect(set != Info())
        #expect(set == Info(values: ["x": 1]))
        set["x"] = nil
        // Storage made and emptied again is still the empty record.
        #expect(set == Info())
        #expect(Info()["missing"] == nil && Info().values.isEmpty)
    }

    @Test("a transition is four machine words, so it is returned in registers")
    func transitionStaysSmall() {
        // Swift returns a value of up to four words in registers; a larger Transition is returned
        // through memory and copied at every wrapper (about a quarter of a CartPole step's time).
        #expect(MemoryLayout<Info>.size == MemoryLayout<Int>.size)
        #expect(MemoryLayout<Transition>.size <= 4 * MemoryLayout<Int>.size)
    }
}

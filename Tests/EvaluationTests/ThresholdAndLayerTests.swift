import Testing
@testable import Evaluation

@Suite("Improvement threshold and subset layers")
struct ThresholdAndLayerTests {
    @Test("threshold(p) = min(p + clamp(0.2·(1 − p), 0.02, 0.10), 1)")
    func thresholdValues() {
        let threshold = ImprovementThreshold()
        // p = 0: the gap is capped at 0.10.
        expectClose(threshold.threshold(0), 0.10, "p=0")
        // p = 0.5: 0.2·0.5 = 0.10, exactly the cap.
        expectClose(threshold.threshold(0.5), 0.6, "p=0.5")
        // p = 0.6: 0.2·0.4 = 0.08, inside the clamp.
        expectClose(threshold.threshold(0.6), 0.68, "p=0.6")
        // p = 0.8: 0.04.
        expectClose(threshold.threshold(0.8), 0.84, "p=0.8")
        // p = 0.95: 0.01 is raised to the floor 0.02.
        expectClose(threshold.threshold(0.95), 0.97, "p=0.95")
        // p = 0.99: 1.01 is cut to 1.
        #expect(threshold.threshold(0.99) == 1)
        #expect(threshold.threshold(1) == 1)
    }

    @Test("beating is strict: equal to the threshold does not beat, and a tie at 1.0 never beats")
    func strictBeating() {
        let threshold = ImprovementThreshold()
        #expect(!threshold.beats(later: 0.6, earlier: 0.5))
        #expect(threshold.beats(later: 0.6000001, earlier: 0.5))
        #expect(!threshold.beats(later: 1, earlier: 1))
        #expect(!threshold.beats(later: 1, earlier: 0.99))
        #expect(threshold.beats(later: 1, earlier: 0.97))
    }

    @Test("layer weights for N = 3: sizes 1, 2, 3 worth 3, 6, 12")
    func layersForThree() {
        let layers = SubsetLayers(environmentCount: 3, maxLayers: 6)
        #expect(layers.layers.map(\.size) == [1, 2, 3])
        #expect(layers.layers.map(\.weight) == [3, 6, 12])
        #expect(layers.layers.map(\.subsetCount) == [3, 3, 1])
        #expect(layers.layers.map(\.weightPerSubset) == [1, 2, 12])
        let subsets = layers.subsets()
        #expect(subsets.map(\.subset.mask) == [0b001, 0b010, 0b100, 0b011, 0b101, 0b110, 0b111])
        #expect(subsets.map(\.weight) == [1, 1, 1, 2, 2, 2, 12])
    }

    @Test("layer weights for N = 8 with maxLayers 6: sizes 3...8 worth 8·2^(L−3)")
    func layersForEight() {
        let layers = SubsetLayers(environmentCount: 8, maxLayers: 6)
        #expect(layers.layers.map(\.size) == [3, 4, 5, 6, 7, 8])
        #expect(layers.layers.map(\.weight) == [8, 16, 32, 64, 128, 256])
        #expect(layers.layers.map(\.subsetCount) == [56, 70, 56, 28, 8, 1])
        #expect(layers.subsetCount == 219)
        let subsets = layers.subsets()
        #expect(subsets.count == 219)
        #expect(Set(subsets.map(\.subset.mask)).count == 219)
        // Each layer's subsets share its weight exactly.
        for layer in layers.layers {
            let total = subsets.filter { $0.subset.count == layer.size }.reduce(0) { $0 + $1.weight }
            expectClose(total, layer.weight, relative: 1e-12, "layer \(layer.size)")
        }
        expectClose(subsets.first!.weight, 8.0 / 56, "a size-3 subset")
        #expect(subsets.last!.subset.mask == 0xFF && subsets.last!.weight == 256)
    }

    @Test("subset enumeration reaches 64 environments without overflow")
    func wideTable() {
        let layers = SubsetLayers(environmentCount: 64, maxLayers: 2)
        #expect(layers.layers.map(\.size) == [63, 64])
        let subsets = layers.subsets()
        #expect(subsets.count == 65)
        #expect(subsets.last!.subset.mask == .max)
    }

    @Test("environment subsets list their members and labels")
    func subsetBasics() {
        let subset = EnvironmentSubset([0, 2, 5])
        #expect(subset.count == 3)
        #expect(subset.indices == [0, 2, 5])
        #expect(subset.contains(2) && !subset.contains(1))
        #expect(EnvironmentSubset([0, 1]).label(["a", "b"]) == "{a, b}")
    }
}

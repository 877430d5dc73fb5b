import Testing
@testable import Evaluation

@Suite("Weight vector")
struct WeightVectorTests {
    @Test("normalise, move weights under the minimum to uid 0, burn, and convert to u16")
    func fullPipeline() {
        // Points summing to 2: shares 0.5, 0.3, 0.195, 0.005; the last is under 0.01.
        let points: [Int: Double] = [1: 1.0, 2: 0.6, 3: 0.39, 4: 0.01]
        let vector = WeightVector(points: points, uids: [1, 2, 3, 4, 9],
                                  policy: WeightPolicy(minWeight: 0.01, burnFraction: 0.1, versionKey: 7))
        #expect(vector.uids == [0, 1, 2, 3, 4, 9])
        // By hand: uid 0 gets 0.005, then ×0.9 and +0.1.
        let expected = [0.1045, 0.45, 0.27, 0.1755, 0, 0]
        for (actual, wanted) in zip(vector.weights, expected) { expectClose(actual, wanted, relative: 1e-12, absolute: 1e-15, "weight") }
        expectClose(vector.weights.reduce(0, +), 1, relative: 1e-15, "sum")
        // u16: the largest is 65535, the others round(w / 0.45 · 65535); zeros dropped.
        #expect(vector.chainUIDs == [0, 1, 2, 3])
        #expect(vector.chainWeights == [15219, 65535, 39321, 25559])
        #expect(vector.versionKey == 7)
        #expect(!vector.allToOwner)
        #expect(vector.chainWeight(of: 4) == 0 && vector.chainWeight(of: 2) == 39321)
    }

    @Test("weights always sum to 1 and include every input uid")
    func sumsToOne() {
        var generator = Xoshiro256(seed: 3)
        for _ in 0..<50 {
            let uids = Array(1...40)
            var points: [Int: Double] = [:]
            for uid in uids where generator.nextUnit() < 0.5 { points[uid] = generator.nextUnit() * 100 }
            let vector = WeightVector(points: points, uids: uids,
                                      policy: WeightPolicy(minWeight: 0.02, burnFraction: generator.nextUnit() * 0.5))
            #expect(vector.uids == Array(0...40))
            expectClose(vector.weights.reduce(0, +), 1, relative: 1e-14, "sum")
            #expect(vector.weights.allSatisfy { $0 >= 0 })
            #expect(vector.chainWeights.max() == 65535)
        }
    }

    @Test("equal largest weights both get 65535")
    func equalLargest() {
        let vector = WeightVector(points: [1: 1, 2: 1, 3: 0.5], uids: [1, 2, 3], policy: WeightPolicy())
        #expect(vector.chainUIDs == [1, 2, 3])
        #expect(vector.chainWeights == [65535, 65535, 32768])
    }

    @Test("no points: everything to uid 0, burn or not")
    func nothingEarned() {
        let vector = WeightVector(points: [5: 0], uids: [5, 6], policy: WeightPolicy(burnFraction: 0.3))
        #expect(vector.allToOwner)
        #expect(vector.weights == [1, 0, 0])
        #expect(vector.chainUIDs == [0] && vector.chainWeights == [65535])
    }

    @Test("a policy outside its ranges throws")
    func invalidPolicy() {
        #expect(throws: ScoringError.self) { try WeightPolicy(minWeight: -0.1).validate() }
        #expect(throws: ScoringError.self) { try WeightPolicy(burnFraction: 1.5).validate() }
        #expect(throws: ScoringError.self) { try WeightPolicy(burnFraction: .nan).validate() }
    }
}

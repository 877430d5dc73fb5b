import Testing
@testable import RL

@Suite struct ActionWrapperTests {
    @Test func clipActionClipsToTheInnerBoundsAndAcceptsAnyReal() {
        let echo = EchoEnvironment()
        let environment = ClipAction(echo)
        _ = environment.reset(seed: nil)
        #expect(environment.step(.continuous([5, -3])).observation == [2, 0])
        #expect(environment.step(.continuous([-7, 1.5])).observation == [-1, 1.5])
        #expect(environment.actionSpace == .box(BoxSpace(low: -.infinity, high: .infinity, shape: [2])))
    }

    @Test func rescaleActionMapsTheNewBoundsOntoTheInnerOnes() {
        let echo = EchoEnvironment()
        let environment = RescaleAction(echo)  // [-1, 1] onto [-1, 2] × [0, 4]
        _ = environment.reset(seed: nil)
        #expect(environment.step(.continuous([-1, -1])).observation == [-1, 0])
        #expect(environment.step(.continuous([1, 1])).observation == [2, 4])
        let middle = environment.step(.continuous([0, 0.5])).observation
        #expect(abs(middle[0] - 0.5) < 1e-6 && abs(middle[1] - 3) < 1e-6)
        #expect(environment.actionSpace == .box(BoxSpace(low: -1, high: 1, shape: [2])))

        let custom = RescaleAction(echo, minimum: [0, 10], maximum: [3, 20])
        let mapped = custom.rescale([1.5, 12.5])
        #expect(abs(mapped[0] - 0.5) < 1e-6 && abs(mapped[1] - 1) < 1e-6)
        // Outside the bounds, the same line (no clipping), as Gymnasium 1.x.
        #expect(abs(custom.rescale([6, 10])[0] - 5) < 1e-6)
    }
}

@testable import Tensor
import TestSupport
import Testing

/// `causalSelfAttention(heads:)` equals the operations it replaces (slices, permutes, the scaled
/// queries, `matmul(transposed:)`, the added mask, softmax, `matmul`) bit for bit, in value and
/// gradient, in float32 and float64, for sizes that take the Swift product kernel and BLAS.
@Suite("Fused causal self-attention")
struct AttentionOpTests {
    @Test(arguments: [(2, 5, 8, 2), (1, 1, 4, 1), (3, 17, 12, 3), (2, 64, 64, 4), (1, 90, 32, 2), (2, 3, 6, 3)])
    func equalsComposedBitForBit(_ sizes: (Int, Int, Int, Int)) {
        let (batch, time, embedding, heads) = sizes
        var generator = PhiloxGenerator(seed: 41)
        for dtype in [DType.float32, .float64] {
            var packed = Tensor.randomNormal([batch, time, 3 * embedding], using: &generator).converted(to: dtype)
            packed.requiresGrad = true
            var twin = packed.detached()
            twin.requiresGrad = true
            let label = "\(dtype), batch \(batch), time \(time), E \(embedding), heads \(heads)"

            let fused = packed.causalSelfAttention(heads: heads)
            let reference = composedCausalAttention(twin, heads: heads)
            #expect(fused.shape == [batch, time, embedding], "\(label)")
            #expect(fused.doubles.map(\.bitPattern) == reference.doubles.map(\.bitPattern), "\(label): values")
            let weights = Tensor.randomNormal([batch, time, embedding], using: &generator).converted(to: dtype)
            (fused * weights).sum().backward()
            (reference * weights).sum().backward()
            // `==`, not bit patterns: the composed path adds each block's gradient into zeros,
            // which turns a −0 into +0.
            #expect(packed.grad?.doubles == twin.grad?.doubles, "\(label): gradient")
            #expect(packed.grad?.shape == [batch, time, 3 * embedding])
        }
    }

    @Test("the first position attends only to itself, and a later key changes no earlier output")
    func causality() {
        var generator = PhiloxGenerator(seed: 5)
        let packed = Tensor.randomNormal([1, 6, 12], using: &generator)
        let output = packed.causalSelfAttention(heads: 2)
        // Position 0's output is its own value block.
        #expect(Array(output.scalars[0..<4]) == Array(packed.scalars[8..<12]))
        var changed = packed.scalars
        for i in (5 * 12)..<(6 * 12) { changed[i] += 1 }
        let later = Tensor(shape: [1, 6, 12], scalars: changed).causalSelfAttention(heads: 2)
        #expect(Array(later.scalars[0..<(5 * 4)]) == Array(output.scalars[0..<(5 * 4)]))
        #expect(Array(later.scalars[(5 * 4)...]) != Array(output.scalars[(5 * 4)...]))
    }

    @Test("under noGrad nothing is recorded")
    func noGradRecordsNothing() {
        var generator = PhiloxGenerator(seed: 8)
        var packed = Tensor.randomNormal([2, 4, 6], using: &generator)
        packed.requiresGrad = true
        let output = noGrad { packed.causalSelfAttention(heads: 1) }
        #expect(output.node == nil)
        #expect(packed.causalSelfAttention(heads: 1).node != nil)
    }
}

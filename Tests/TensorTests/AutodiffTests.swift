import Testing
@testable import Tensor

/// The PyTorch-style contract of differentiation: accumulation, zeroing, noGrad, detaching,
/// freeing the graph, and graphs of a million nodes.
@Suite("Autodiff behaviour")
struct AutodiffTests {
    @Test("gradients accumulate across backward calls until zeroGrad")
    func accumulation() {
        let x = Tensor(shape: [3], scalars: [1, 2, 3], requiresGrad: true)
        (x * x).sum().backward()
        #expect(x.grad?.scalars == [2, 4, 6])
        (x * 3).sum().backward()
        #expect(x.grad?.scalars == [5, 7, 9])
        x.zeroGrad()
        #expect(x.grad == nil)
        x.sum().backward()
        #expect(x.grad?.scalars == [1, 1, 1])
    }

    @Test("fan-out adds the contributions of every use")
    func fanOut() {
        let x = Tensor(2, requiresGrad: true)
        let y = x * x + x.exp() + x  // dy/dx = 2x + e^x + 1
        y.backward()
        let expected = 2 * 2 + Float(2).exponentiated + 1
        #expect(Swift.abs(x.grad!.item() - expected) < 1e-5)
    }

    @Test("backward with an explicit upstream gradient")
    func upstream() {
        let x = Tensor(shape: [2, 2], scalars: [1, 2, 3, 4], requiresGrad: true)
        let y = x * 2
        y.backward(Tensor(shape: [2, 2], scalars: [1, 0, 0, 10]))
        #expect(x.grad?.scalars == [2, 0, 0, 20])
    }

    @Test("noGrad records nothing, and results do not require gradients")
    func noGradScope() {
        let x = Tensor(shape: [2], scalars: [1, 2], requiresGrad: true)
        let y = noGrad { x * 2 }
        #expect(!y.requiresGrad)
        #expect(GradMode.isEnabled)
        noGrad { #expect(!GradMode.isEnabled) }
        let z = x * 2
        #expect(z.requiresGrad && !z.isLeaf)
    }

    @Test("detached tensors share values but stop gradients")
    func detaching() {
        let x = Tensor(shape: [2], scalars: [1, 2], requiresGrad: true)
        let d = x.detached()
        #expect(!d.requiresGrad && d.scalars == x.scalars)
        let y = (x * d).sum()  // d is a constant: dy/dx = d
        y.backward()
        #expect(x.grad?.scalars == [1, 2])
    }

    @Test("constants never receive gradients; only leaves hold grad")
    func leavesOnly() {
        let x = Tensor(shape: [2], scalars: [1, 2], requiresGrad: true)
        let c = Tensor(shape: [2], scalars: [5, 6])
        let h = x * c
        h.sum().backward()
        #expect(c.grad == nil)
        #expect(h.grad == nil)
        #expect(x.grad?.scalars == [5, 6])
    }

    @Test("a parameter updated in place stays the same leaf")
    func inPlaceUpdate() {
        var w = Tensor(shape: [2], scalars: [1, 1], requiresGrad: true)
        (w * w).sum().backward()
        noGrad { w.assign(w - w.grad! * 0.5) }
        #expect(w.scalars == [0, 0] && w.requiresGrad && w.isLeaf)
        w.zeroGrad()
        w.updateScalars { $0[0] = 3 }
        (w * w).sum().backward()
        #expect(w.grad?.scalars == [6, 0])
    }

    @Test("float64 leaves get float64 gradients through float32 computations")
    func dtypeOfGradients() {
        let x = Tensor(shape: [2], doubles: [1, 2], requiresGrad: true)
        (x.converted(to: .float32) * 3).sum().backward()
        #expect(x.grad?.dtype == .float64)
        #expect(x.grad?.doubles == [3, 3])
    }

    @Test("a chain of a million operations differentiates and frees without recursion")
    func millionNodeChain() {
        let x = Tensor(1, requiresGrad: true)
        var y = x
        for _ in 0..<1_000_000 { y = y * 1 }
        y.backward()
        #expect(x.grad?.item() == 1)
    }

    @Test("a million-node graph dropped without backward is released without recursion")
    func millionNodeChainDropped() {
        weak var firstNode: GradNode?
        do {
            let x = Tensor(1, requiresGrad: true)
            var y = x + 0
            firstNode = y.node
            for _ in 0..<1_000_000 { y = y + 0 }
            #expect(firstNode != nil)
        }
        #expect(firstNode == nil, "the graph leaked")
    }

    @Test("backward frees the recorded graph")
    func tapeFreed() {
        weak var intermediate: GradNode?
        let x = Tensor(shape: [3], scalars: [1, 2, 3], requiresGrad: true)
        var loss: Tensor
        do {
            let h = x.tanh() * 2
            intermediate = h.node
            loss = h.sum()
        }
        #expect(intermediate != nil)
        loss.backward()
        #expect(intermediate == nil, "backward must free the graph it walked")
        #expect(loss.node?.pullback == nil)
    }

    @Test("description shows shape, dtype and elements")
    func description() {
        let t = Tensor(shape: [2, 2], scalars: [1, 2.5, -3, 4])
        #expect(t.description == "Tensor(shape: [2, 2], float32, [[1., 2.5],\n [-3., 4.]])")
    }
}

extension Float {
    var exponentiated: Float { Tensor(self).exp().item() }
}

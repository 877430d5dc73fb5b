extension Tensor {
    /// Whether this tensor takes part in differentiation (a leaf created with `requiresGrad`,
    /// or the result of an operation on such tensors recorded outside ``noGrad(_:)``).
    ///
    /// Setting it to `true` on a tensor makes it a new leaf; setting it to `false` detaches it.
    public var requiresGrad: Bool {
        get { node != nil }
        set {
            if newValue {
                if node == nil { node = GradNode(leafShape: shape, dtype: dtype) }
            } else {
                node = nil
            }
        }
    }

    /// Whether this tensor is a leaf of the graph: created by the user, not by an operation.
    public var isLeaf: Bool { node?.isLeaf ?? true }

    /// The gradient accumulated by ``backward(_:)`` for a leaf that requires gradients;
    /// nil before any backward, after ``zeroGrad()``, and for non-leaf tensors.
    ///
    /// Setting it (as PyTorch's `p.grad = …`, for gradient clipping or hand-made gradients)
    /// requires a leaf that requires gradients and a value of its shape.
    public var grad: Tensor? {
        get { node?.grad }
        nonmutating set {
            guard let node, node.isLeaf else {
                fatalError("grad: only a leaf that requires gradients holds a gradient (shape \(shape))")
            }
            if let newValue {
                check(newValue.shape == shape, "grad: gradient shape \(newValue.shape) does not match the tensor's shape \(shape)")
                node.grad = newValue.detached().converted(to: dtype)
            } else {
                node.grad = nil
            }
        }
    }

    /// Identifies the leaf this tensor is (nil unless it is a leaf that requires gradients): the
    /// same for every copy of one parameter, never reused for another leaf. Optimisers use it to
    /// check that a module still holds the parameters they matched by position.
    package var leafIdentity: Int? {
        guard let node, node.isLeaf else { return nil }
        return node.sequence
    }

    /// Forgets the accumulated gradient (PyTorch's `zero_grad(set_to_none=True)`).
    public func zeroGrad() { node?.grad = nil }

    /// The same values, cut from the graph: requires no gradient, records nothing.
    public func detached() -> Tensor { Tensor(storage: storage, shape: shape) }

    /// Computes the gradient of this tensor with respect to every leaf it was computed from and
    /// adds it to each leaf's ``grad``.
    ///
    /// - Parameter upstream: the gradient of some scalar with respect to this tensor; omit it when
    ///   this tensor is itself a one-element tensor (the gradient is then 1).
    /// - Precondition: this tensor requires gradients, and its graph was not already freed by an
    ///   earlier `backward()` (the graph is freed once walked, as in PyTorch without
    ///   `retain_graph`).
    public func backward(_ upstream: Tensor? = nil) {
        guard let root = node else {
            fatalError(
                "backward(): tensor of shape \(shape) does not require gradients "
                    + "(no input had requiresGrad, or it was computed inside noGrad)")
        }
        let seed: Tensor
        if let upstream {
            check(
                upstream.shape == shape,
                "backward(_:): upstream gradient shape \(upstream.shape) does not match tensor shape \(shape)")
            seed = upstream.detached().converted(to: dtype)
        } else {
            check(
                scalarCount == 1,
                "backward(): tensor of shape \(shape) is not a scalar; pass the upstream gradient")
            seed = Tensor(storage: .repeating(1, count: 1, dtype: dtype), shape: shape)
        }
        noGrad { Autodiff.walk(from: root, seed: seed) }
    }
}

/// The reverse walk over a recorded graph.
enum Autodiff {
    /// Propagates `seed` from `root` to every leaf reachable from it, then frees the walked part
    /// of the graph. Iterative throughout, so million-node graphs do not exhaust the stack.
    static func walk(from root: GradNode, seed: Tensor) {
        if root.isLeaf {
            accumulate(seed, into: root)
            return
        }
        check(
            root.pullback != nil,
            "backward(): this graph was already freed by an earlier backward(); compute the result again")

        // Every node reachable from the root, newest first: outputs before their inputs.
        let mark = GradNode.nextWalkMark()
        var order: [GradNode] = []
        var stack: [GradNode] = [root]
        root.walkMark = mark
        while let node = stack.popLast() {
            order.append(node)
            for case let input? in node.inputs where input.walkMark != mark {
                input.walkMark = mark
                stack.append(input)
            }
        }
        order.sort { $0.sequence > $1.sequence }

        root.pendingGradient = seed
        for node in order {
            guard let upstream = node.pendingGradient else { continue }
            node.pendingGradient = nil
            if node.isLeaf {
                accumulate(upstream, into: node)
                continue
            }
            guard let pullback = node.pullback else {
                fatalError(
                    "backward(): part of this graph was already freed by an earlier backward(); "
                        + "compute the result again")
            }
            let inputs = node.inputs
            let gradients = pullback(upstream, inputs.map { $0 != nil })
            if let block = node.block, let input = inputs[0], let gradient = gradients[0] {
                // The block-gradient path (slice, select; see `BlockGradient`): the rule returned
                // the gradient of the block only. Rather than pad it with zeros to the input's shape
                // (O(input) per slice, so O(steps × sequence) when a loop selects every time step),
                // add it in place into the input's pending gradient at the block's position.
                var pending = input.pendingGradient ?? Tensor.zeros(input.shape, dtype: input.dtype)
                input.pendingGradient = nil  // so `pending` holds its storage alone
                pending.addBlock(gradient, block)
                input.pendingGradient = pending
                node.pullback = nil
                node.inputs = []
                continue
            }
            for (input, gradient) in zip(inputs, gradients) {
                guard let input, let gradient else { continue }
                check(
                    gradient.shape == input.shape,
                    "internal: gradient shape \(gradient.shape) for an input of shape \(input.shape)")
                if let existing = input.pendingGradient {
                    input.pendingGradient = existing + gradient
                } else {
                    input.pendingGradient = gradient
                }
            }
            // Free this step of the tape: its closure and its references to inputs.
            node.pullback = nil
            node.inputs = []
        }
    }

    private static func accumulate(_ gradient: Tensor, into leaf: GradNode) {
        let converted = gradient.detached().converted(to: leaf.dtype)
        if let existing = leaf.grad {
            leaf.grad = existing + converted
        } else {
            leaf.grad = converted
        }
    }
}

extension Tensor {
    /// Attaches `result` to the graph as the output of an operation on `inputs`, when recording is
    /// on and any input requires gradients; otherwise returns it unchanged.
    ///
    /// - Parameters:
    ///   - inputs: built only when recording is on (inside `noGrad` an operation then allocates
    ///     no array of its inputs).
    ///   - pullback: the operation's rule from ``Derivatives``, built only when the result is
    ///     recorded (so unrecorded calls save nothing for backward).
    @inline(__always)
    static func record(
        _ result: Tensor, inputs makeInputs: @autoclosure () -> [Tensor], block: BlockGradient? = nil,
        pullback: @autoclosure () -> Pullback
    ) -> Tensor {
        guard GradMode.isEnabled else { return result }
        let inputs = makeInputs()
        guard inputs.contains(where: { $0.node != nil }) else { return result }
        var output = result
        output.node = GradNode(
            shape: result.shape, dtype: result.dtype, inputs: inputs.map(\.node), pullback: pullback())
        output.node!.block = block
        return output
    }

    /// Adds `gradient` (the block's shape) into this tensor at `block`'s position, in place.
    mutating func addBlock(_ gradient: Tensor, _ block: BlockGradient) {
        func add<S: FloatScalar>(_ target: UnsafeMutablePointer<S>, _ source: [S]) {
            source.withUnsafeBufferPointer { g in
                let rowLength = block.count * block.inner
                for o in 0..<block.outer {
                    let destination = target + (o * block.size + block.start) * block.inner
                    let origin = g.baseAddress! + o * rowLength
                    for i in 0..<rowLength { destination[i] += origin[i] }
                }
            }
        }
        check(gradient.scalarCount == block.outer * block.count * block.inner, "internal: block gradient of shape \(gradient.shape)")
        switch dtype {
        case .float32:
            let values = gradient.scalars
            updateScalars { add($0.baseAddress!, values) }
        case .float64:
            let values = gradient.doubles
            updateDoubles { add($0.baseAddress!, values) }
        }
    }
}

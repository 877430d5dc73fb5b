import Synchronization

/// Maps the gradient of an operation's output to the gradients of its inputs. Every pullback is
/// built by a rule of ``Derivatives``.
///
/// `needsGradient[i]` says whether input `i` takes part in differentiation; the pullback may
/// return nil for the others (and should, to skip work such as a matrix product).
/// A pullback must capture only detached values (never a tensor with a `node`), so that dropping
/// a long graph never recurses through closures.
typealias Pullback = (_ upstream: Tensor, _ needsGradient: [Bool]) -> [Tensor?]

/// Where an operation's output lies inside its single input, for operations that read one
/// contiguous block along an axis (`slice`, `select`): their pullback returns the gradient of the
/// block only, and the reverse walk adds it into the input's gradient in place. Selecting every
/// time step of a sequence then costs O(sequence) in backward instead of O(steps × sequence).
struct BlockGradient {
    /// The input viewed as `[outer, size, inner]` around the sliced axis.
    let outer: Int
    let size: Int
    let inner: Int
    /// The block covers positions `start..<start + count` of that axis.
    let start: Int
    let count: Int
}

/// Creation order of nodes: an operation's output is always newer than its inputs, so walking
/// nodes from newest to oldest is a valid reverse topological order.
private let nodeSequence = Atomic<Int>(0)

/// One recorded value in the define-by-run graph: a leaf (a tensor created with
/// `requiresGrad: true`) or the output of an operation, with its inputs and pullback.
final class GradNode {
    let sequence: Int
    let isLeaf: Bool
    let shape: [Int]
    let dtype: DType
    /// Inputs' nodes, nil where an input does not require gradients. Emptied after backward.
    var inputs: [GradNode?]
    /// nil for leaves, and for operation nodes once backward has freed them.
    var pullback: Pullback?
    /// Leaves: the accumulated gradient, what `Tensor.grad` returns.
    var grad: Tensor?
    /// Operation nodes: the gradient gathered so far during one backward walk.
    var pendingGradient: Tensor?
    /// The id of the last backward walk that reached this node.
    var walkMark = 0
    /// Set for block-reading operations (see ``BlockGradient``).
    var block: BlockGradient?

    init(leafShape shape: [Int], dtype: DType) {
        sequence = nodeSequence.add(1, ordering: .relaxed).newValue
        isLeaf = true
        self.shape = shape
        self.dtype = dtype
        inputs = []
        pullback = nil
    }

    init(shape: [Int], dtype: DType, inputs: [GradNode?], pullback: @escaping Pullback) {
        sequence = nodeSequence.add(1, ordering: .relaxed).newValue
        isLeaf = false
        self.shape = shape
        self.dtype = dtype
        self.inputs = inputs
        self.pullback = pullback
    }

    /// Releases a long chain of nodes iteratively: a recursive release of a 1M-node chain would
    /// overflow the stack.
    deinit {
        guard !inputs.isEmpty else { return }
        var pending = inputs.compactMap { $0 }
        inputs = []
        while var node = pending.popLast() {
            if isKnownUniquelyReferenced(&node) {
                pending.append(contentsOf: node.inputs.compactMap { $0 })
                node.inputs = []
                node.pullback = nil
            }
        }
    }

    /// A fresh id for one backward walk.
    static func nextWalkMark() -> Int { nodeSequence.add(1, ordering: .relaxed).newValue }
}

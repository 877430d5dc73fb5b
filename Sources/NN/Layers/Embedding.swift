import Tensor

/// A lookup table mapping whole-number indices to learned vectors, like PyTorch's `nn.Embedding`:
/// one parameter `weight` of shape `[count, dimension]`, whose row `i` is the vector of index `i`.
///
/// The gradient of a lookup adds into the rows that were read, once per occurrence.
public final class Embedding: Layer {
    /// `[count, dimension]`: row `i` is the vector for index `i`.
    public var weight: Tensor
    public var isTraining = true

    /// The number of indices the table holds (valid indices are `0..<count`).
    public var count: Int { weight.shape[0] }
    /// The length of each vector.
    public var dimension: Int { weight.shape[1] }

    /// A table initialised as PyTorch's: every entry drawn from N(0, 1).
    public init(count: Int, dimension: Int, using generator: inout PhiloxGenerator) {
        check(count > 0 && dimension > 0, "Embedding: count and dimension must be positive, got \(count)×\(dimension)")
        weight = Tensor.randomNormal([count, dimension], using: &generator)
        weight.requiresGrad = true
    }

    /// A table with the given `weight` of shape `[count, dimension]`.
    public init(weight: Tensor) {
        check(weight.rank == 2, "Embedding: weight must be [count, dimension], got shape \(weight.shape)")
        self.weight = weight
        self.weight.requiresGrad = true
    }

    public func visitOwnParameters(_ body: (String, inout Tensor) -> Void) {
        body("weight", &weight)
    }

    public var children: [(name: String, module: any Module)] { [] }

    /// The vectors of `indices`, laid out in `shape` (whose element count is `indices.count`):
    /// the result is `shape + [dimension]`.
    public func callAsFunction(_ indices: [Int], shape: [Int]) -> Tensor {
        let elementCount = shape.reduce(1, *)
        check(
            shape.allSatisfy { $0 >= 0 } && elementCount == indices.count,
            "Embedding: shape \(shape) does not hold the \(indices.count) indices given")
        for index in indices {
            check(
                (0..<count).contains(index),
                "Embedding: index \(index) is out of range for a table of \(count) entries (weight shape \(weight.shape))")
        }
        return weight.indexSelect(axis: 0, indices: indices).reshaped(to: shape + [dimension])
    }

    /// The vectors of the whole numbers in `input` (any dtype, of any shape `[...]`): the result is
    /// `[..., dimension]`. No gradient flows to `input`.
    public func callAsFunction(_ input: Tensor) -> Tensor {
        let indices = input.doubles.map { value -> Int in
            check(
                value == value.rounded() && value >= 0 && value < Double(count),
                "Embedding: index \(value) is not a whole number in 0..<\(count) (input shape \(input.shape), weight shape \(weight.shape))")
            return Int(value)
        }
        return self(indices, shape: input.shape)
    }
}

import Tensor

/// Loss functions: static functions that take predictions and targets and return a differentiable
/// tensor, following PyTorch's `torch.nn.functional` definitions unless a doc says otherwise.
///
/// Every loss computes one value per element (or per sample) and then applies a ``Reduction``;
/// shapes must match as each doc states (nothing is broadcast silently), and a mismatch stops with
/// a message naming the loss and both shapes.
///
/// ```swift
/// let loss = Loss.meanSquaredError(model(x), y)
/// loss.backward()
/// ```
public enum Loss {
    /// How the per-element losses become the result (PyTorch's `reduction` argument).
    public enum Reduction: String, Sendable, Codable, CaseIterable {
        /// The mean of the per-element losses, a scalar (PyTorch's default).
        case mean
        /// The sum of the per-element losses, a scalar.
        case sum
        /// The per-element losses themselves.
        case none
    }

    /// Applies `reduction` to per-element losses.
    static func reduce(_ losses: Tensor, _ reduction: Reduction) -> Tensor {
        switch reduction {
        case .mean: return losses.mean()
        case .sum: return losses.sum()
        case .none: return losses
        }
    }

    /// A scalar of `tensor`'s dtype holding `value` exactly (the `Float` operators would round a
    /// float64 computation's constants to float32).
    static func constant(_ value: Double, like tensor: Tensor) -> Tensor {
        Tensor(scalar: value, dtype: tensor.dtype)
    }

    /// Stops unless `first` and `second` have the same shape.
    static func requireSameShape(
        _ loss: String, _ firstName: String, _ first: Tensor, _ secondName: String, _ second: Tensor
    ) {
        check(
            first.shape == second.shape,
            "\(loss): \(firstName) shape \(first.shape) does not match \(secondName) shape \(second.shape)")
    }
}

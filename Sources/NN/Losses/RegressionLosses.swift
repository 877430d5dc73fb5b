import Tensor

/// Point-prediction regression losses: squared error and Huber.
extension Loss {
    /// Squared error, `(prediction - target)²` per element, then reduced (PyTorch's
    /// `torch.nn.functional.mse_loss`).
    ///
    /// - Precondition: `prediction` and `target` have the same shape.
    public static func meanSquaredError(_ prediction: Tensor, _ target: Tensor, reduction: Reduction = .mean) -> Tensor {
        requireSameShape("meanSquaredError", "prediction", prediction, "target", target)
        return reduce((prediction - target).squared(), reduction)
    }

    /// The Huber loss (Huber 1964), PyTorch's `torch.nn.functional.huber_loss`: with
    /// `d = prediction - target`,
    ///
    ///     ½·d²               if |d| < delta
    ///     delta·(|d| - ½·delta)  otherwise
    ///
    /// per element, then reduced. Quadratic near zero, linear (slope `delta`) in the tails; equal
    /// to `delta` times PyTorch's `smooth_l1_loss(beta: delta)`.
    ///
    /// - Precondition: `prediction` and `target` have the same shape; `delta > 0`.
    public static func huber(
        _ prediction: Tensor, _ target: Tensor, delta: Double = 1, reduction: Reduction = .mean
    ) -> Tensor {
        requireSameShape("huber", "prediction", prediction, "target", target)
        check(delta > 0, "huber: delta must be positive, got \(delta)")
        let absoluteError = (prediction - target).abs()
        // Split |d| into its quadratic part min(|d|, delta) and the linear remainder beyond delta:
        // ½q² + delta·(|d| - q) is both branches at once, with a continuous derivative.
        let quadratic = absoluteError.minimum(constant(delta, like: absoluteError))
        let linear = absoluteError - quadratic
        let losses = constant(0.5, like: quadratic) * quadratic.squared() + constant(delta, like: linear) * linear
        return reduce(losses, reduction)
    }
}

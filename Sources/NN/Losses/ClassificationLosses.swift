import Tensor

/// Classification losses computed from logits: softmax cross-entropy and binary cross-entropy.
extension Loss {
    /// Softmax cross-entropy between unnormalised scores and class indices, PyTorch's
    /// `torch.nn.functional.cross_entropy` (without class weights or ignored indices).
    ///
    /// For a row of logits `x` with label `k` and `C` classes, with `ε = labelSmoothing`:
    ///
    ///     -Σ_c q_c · log softmax(x)_c,   q = (1 - ε)·onehot(k) + ε/C
    ///
    /// which is `-log softmax(x)_k` when `ε = 0` (Szegedy et al. 2016 for the smoothing). The
    /// result before reduction has shape `[N]`; `.mean` divides by `N`.
    ///
    /// - Parameters:
    ///   - logits: `[N, C]` scores.
    ///   - labels: `N` class indices in `0..<C`.
    ///   - labelSmoothing: `ε` in `[0, 1]`.
    /// - Precondition: shapes agree and every label is a valid class.
    public static func crossEntropy(
        logits: Tensor, labels: [Int], labelSmoothing: Double = 0, reduction: Reduction = .mean
    ) -> Tensor {
        check(
            logits.rank == 2 && logits.shape[0] == labels.count,
            "crossEntropy: logits shape \(logits.shape) does not match labels shape [\(labels.count)] (expected [\(labels.count), classes])")
        check(
            (0...1).contains(labelSmoothing), "crossEntropy: labelSmoothing \(labelSmoothing) is outside [0, 1]")
        let classes = logits.shape[1]
        for (row, label) in labels.enumerated() {
            check(
                label >= 0 && label < classes,
                "crossEntropy: label \(label) (row \(row)) is out of range for \(classes) classes")
        }
        var targetDistribution = Tensor.oneHot(labels, classes: classes, dtype: logits.dtype)
        if labelSmoothing > 0 {
            targetDistribution = constant(1 - labelSmoothing, like: logits) * targetDistribution
                + constant(labelSmoothing / Double(classes), like: logits)
        }
        let losses = -(targetDistribution * logits.logSoftmax(axis: 1)).sum(axis: 1)
        return reduce(losses, reduction)
    }

    /// Binary cross-entropy between logits `x` and targets `y` in `[0, 1]`, PyTorch's
    /// `torch.nn.functional.binary_cross_entropy_with_logits`:
    ///
    ///     -[p·y·log σ(x) + (1 - y)·log(1 - σ(x))]  =  (1 - y)·x + (1 + (p - 1)·y)·softplus(-x)
    ///
    /// per element, with `p = positiveWeight` (1 when nil). The right-hand form is the one
    /// computed: it never takes the log of a rounded probability, so large `|x|` stays finite.
    /// Differentiable in both `logits` and `targets`.
    ///
    /// - Parameter positiveWeight: weights of the positive class, broadcast against `targets`
    ///   (typically `[classes]` for targets `[N, classes]`).
    /// - Precondition: `logits` and `targets` have the same shape; `positiveWeight` broadcasts
    ///   to it.
    public static func binaryCrossEntropyWithLogits(
        _ logits: Tensor, _ targets: Tensor, positiveWeight: Tensor? = nil, reduction: Reduction = .mean
    ) -> Tensor {
        requireSameShape("binaryCrossEntropyWithLogits", "logits", logits, "targets", targets)
        let softplusOfNegative = (-logits).softplus()
        let one = constant(1, like: logits)
        let losses: Tensor
        if let positiveWeight {
            check(
                broadcasts(positiveWeight.shape, to: targets.shape),
                "binaryCrossEntropyWithLogits: positiveWeight shape \(positiveWeight.shape) does not broadcast to targets shape \(targets.shape)")
            let logWeight = one + (positiveWeight - one) * targets
            losses = (one - targets) * logits + logWeight * softplusOfNegative
        } else {
            losses = (one - targets) * logits + softplusOfNegative
        }
        return reduce(losses, reduction)
    }

    /// Whether `shape` broadcasts to `target` without changing it (NumPy rules).
    static func broadcasts(_ shape: [Int], to target: [Int]) -> Bool {
        guard shape.count <= target.count else { return false }
        return zip(shape.reversed(), target.reversed()).allSatisfy { $0 == $1 || $0 == 1 }
    }
}

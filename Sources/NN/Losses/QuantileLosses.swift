import Tensor

/// Losses for quantile forecasts: pinball (quantile) loss and the CRPS of a set of quantiles.
extension Loss {
    /// The pinball (quantile) loss of Koenker & Bassett (1978): for level `τ` and error
    /// `e = target - prediction`,
    ///
    ///     ρ_τ(e) = max(τ·e, (τ - 1)·e)
    ///
    /// per element and level, then reduced over all of them (`.none` keeps `[..., Q]`). Its
    /// minimiser over a distribution of targets is the `τ`-quantile.
    ///
    /// - Parameters:
    ///   - prediction: `[..., Q]`, one predicted quantile per level on the last axis.
    ///   - target: `[...]`, the observations.
    ///   - quantiles: the `Q` levels, each in (0, 1).
    /// - Precondition: shapes and levels as above.
    public static func pinball(
        _ prediction: Tensor, _ target: Tensor, quantiles: [Double], reduction: Reduction = .mean
    ) -> Tensor {
        reduce(pinballPerLevel("pinball", prediction, target, quantiles: quantiles), reduction)
    }

    /// The CRPS of a forecast given by quantiles, approximated by its quantile decomposition
    /// (Laio & Tamea 2007; Gneiting & Raftery 2007): the CRPS equals `2∫₀¹ ρ_τ(y - F⁻¹(τ)) dτ`,
    /// and this is the average over the given levels,
    ///
    ///     CRPS(ŷ, y) ≈ (1/Q)·Σ_q 2·ρ_τq(y - ŷ_q)
    ///
    /// per observation (`.none` gives shape `[...]`), then reduced. With evenly spaced levels
    /// `τ_q = (q - ½)/Q` it is the midpoint rule for the integral.
    ///
    /// - Parameters: as ``pinball(_:_:quantiles:reduction:)``.
    public static func quantileCRPS(
        _ prediction: Tensor, _ target: Tensor, quantiles: [Double], reduction: Reduction = .mean
    ) -> Tensor {
        let perLevel = pinballPerLevel("quantileCRPS", prediction, target, quantiles: quantiles)
        let perObservation = constant(2, like: perLevel) * perLevel.mean(axis: -1)
        return reduce(perObservation, reduction)
    }

    /// `ρ_τ(target - prediction)` with shape `[..., Q]`, after checking shapes and levels.
    static func pinballPerLevel(_ loss: String, _ prediction: Tensor, _ target: Tensor, quantiles: [Double]) -> Tensor {
        check(!quantiles.isEmpty, "\(loss): no quantile levels given")
        for level in quantiles {
            check(level > 0 && level < 1, "\(loss): quantile level \(level) is outside (0, 1)")
        }
        check(
            prediction.rank >= 1 && prediction.shape.last == quantiles.count
                && Array(prediction.shape.dropLast()) == target.shape,
            "\(loss): prediction shape \(prediction.shape) does not match target shape \(target.shape) with "
                + "\(quantiles.count) quantile levels (expected \(target.shape + [quantiles.count]))")
        let levels = Tensor(shape: [quantiles.count], doubles: quantiles).converted(to: prediction.dtype.promoted(with: target.dtype))
        let error = target.unsqueezed(axis: -1) - prediction
        // max(τe, (τ - 1)e) = τe + max(-e, 0).
        return levels * error + (-error).relu()
    }
}

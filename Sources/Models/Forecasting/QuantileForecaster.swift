import NN
import Tensor

/// The network families a forecaster can use.
public enum ForecasterKind: String, Sendable, Codable, CaseIterable {
    /// An MLP on the scaled context window.
    case mlp
    /// The same MLP, its output added to the window's last value: the network learns how the
    /// future departs from the naive forecast, which it reproduces with zero weights.
    case residual
    /// A GRU reading the scaled context one observation at a time; its last state feeds a linear
    /// head.
    case gru
    /// Calibrated by construction: the quantiles of a normal law around a weighted mixture of the
    /// window's own simple forecasts (naive with drift, seasonal naive for each period the window
    /// can hold, its median), each with the spread of its errors inside the window
    /// (``WindowCandidates``). The MLP reads only the candidates' in-window scores (log ratios to
    /// naive's; reading the window itself overfit a few training series) and sets the mixture's
    /// weights, a bounded shift of the location (±2 spreads) and a bounded factor on the spread
    /// (e^±1.5), per horizon step, on top of a prior that weighs each
    /// candidate by how well it did inside the window (score^−6, naive favoured among equals).
    /// With zero weights it is that prior mixture with normal quantiles of its spread.
    case calibrated
}

/// A network mapping scaled contexts `[B, context]` to forecast quantiles `[B, horizon, Q]`
/// (in the same scaled units).
public final class QuantileForecaster: Layer {
    /// The network family.
    public let kind: ForecasterKind
    /// Observations per context.
    public let context: Int
    /// Steps forecast.
    public let horizon: Int
    /// Quantile levels forecast.
    public let quantiles: [Double]
    /// Hidden width.
    public let hidden: Int
    /// The MLP, or the GRU.
    public let body: any Layer
    /// The GRU's output head (nil for the MLP, whose last layer is the head).
    public let head: Linear?
    public var isTraining = true

    /// A forecaster with freshly initialised weights.
    public init(kind: ForecasterKind, context: Int, horizon: Int, quantiles: [Double], hidden: Int,
                using generator: inout PhiloxGenerator) {
        self.kind = kind
        self.context = context
        self.horizon = horizon
        self.quantiles = quantiles
        self.hidden = hidden
        let outputs = horizon * quantiles.count
        switch kind {
        case .mlp, .residual:
            body = MLP(inputSize: context, hiddenSizes: [hidden, hidden], outputSize: outputs, activation: .relu, using: &generator)
            head = nil
        case .calibrated:
            precondition(context >= WindowCandidates.minimumContext(horizon: horizon),
                         "QuantileForecaster: the calibrated kind needs a context of at least \(WindowCandidates.minimumContext(horizon: horizon)) for horizon \(horizon), got \(context)")
            let mlp = MLP(inputSize: WindowCandidates.featureCount(context: context, horizon: horizon), hiddenSizes: [hidden, hidden],
                          outputSize: Self.calibratedOutputs(context: context, horizon: horizon), activation: .relu, using: &generator)
            // A zero last layer starts from the structural forecast itself.
            if let last = mlp.layers.layers.last as? Linear {
                last.weight = Tensor.zeros(last.weight.shape, dtype: last.weight.dtype)
                last.weight.requiresGrad = true
                last.bias = last.bias.map { Tensor.zeros($0.shape, dtype: $0.dtype) }
                last.bias?.requiresGrad = true
            }
            body = mlp
            head = nil
        case .gru:
            body = GRU(inputSize: 1, hiddenSize: hidden, layers: 1, using: &generator)
            head = Linear(inputSize: hidden, outputSize: outputs, using: &generator)
        }
    }

    public var children: [(name: String, module: any Module)] {
        var list: [(name: String, module: any Module)] = [("body", body)]
        if let head { list.append(("head", head)) }
        return list
    }

    /// `input` is `[B, context]`; the result `[B, horizon, Q]`.
    public func callAsFunction(_ input: Tensor) -> Tensor {
        check(input.rank == 2 && input.shape[1] == context,
                     "QuantileForecaster: input shape \(input.shape) is not [batch, \(context)]")
        let batch = input.shape[0]
        let flat: Tensor
        switch kind {
        case .mlp:
            flat = body(input)
        case .residual:
            let last = input.slice(axis: 1, start: context - 1, end: context)
            flat = last + body(input)
        case .gru:
            let states = body(input.reshaped(to: [batch, context, 1]))
            flat = head!(states.select(axis: 1, index: context - 1))
        case .calibrated:
            return calibratedForecast(input)
        }
        return flat.reshaped(to: [batch, horizon, quantiles.count])
    }
}

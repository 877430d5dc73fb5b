import Checkpoint
import NN
import Tensor

extension ArchitectureRegistry {
    /// The supervised models this library rebuilds: `mlp`, `quantile_forecaster` and
    /// `char_transformer`. Merge it with RL's `policies` for every kind (see
    /// ``ArchitectureRegistry``).
    public static let models = ArchitectureRegistry([.mlp, .quantileForecaster, .charTransformer])
}

extension ArchitectureFamily {
    /// `mlp`: `{"sizes": [in, hidden…, out], "activation": …}`.
    public static let mlp = ArchitectureFamily(
        kind: "mlp", configuration: MLP.Configuration.self,
        plan: { configuration, limits throws(BundleError) in
            guard configuration.sizes.count >= 2 else {
                throw .invalidArchitecture(kind: "mlp", reason: "sizes \(configuration.sizes) must hold an input and an output width")
            }
            try limits.requireDepth(configuration.sizes.count - 2, "the number of hidden layers", atLeast: 0, kind: "mlp")
            for (index, size) in configuration.sizes.enumerated() { try limits.requireWidth(size, "sizes[\(index)]", kind: "mlp") }
            var plan = ArchitecturePlan(kind: "mlp")
            try plan.addMLP("", sizes: configuration.sizes)
            return plan
        },
        build: { configuration in
            var generator = PhiloxGenerator(seed: 0)  // the weights are replaced by the entry's
            return MLP(inputSize: configuration.sizes[0], hiddenSizes: Array(configuration.sizes.dropFirst().dropLast()),
                       outputSize: configuration.sizes[configuration.sizes.count - 1], activation: configuration.activation,
                       using: &generator)
        })

    /// `quantile_forecaster`: `{"kind": "mlp"|"residual"|"gru"|"calibrated", "context", "horizon", "quantiles", "hidden"}`.
    public static let quantileForecaster = ArchitectureFamily(
        kind: "quantile_forecaster", configuration: QuantileForecaster.Configuration.self,
        plan: { configuration, limits throws(BundleError) in
            let kind = "quantile_forecaster"
            try limits.requireWidth(configuration.context, "context", kind: kind)
            try limits.requireWidth(configuration.horizon, "horizon", kind: kind)
            try limits.requireWidth(configuration.hidden, "hidden", kind: kind)
            try limits.requireWidth(configuration.quantiles.count, "the number of quantiles", kind: kind)
            guard configuration.quantiles.allSatisfy({ $0 > 0 && $0 < 1 }) else {
                throw .invalidArchitecture(kind: kind, reason: "quantile levels \(configuration.quantiles) must lie strictly between 0 and 1")
            }
            var plan = ArchitecturePlan(kind: kind)
            let outputs = try plan.product(configuration.horizon, configuration.quantiles.count)
            let hidden = configuration.hidden
            switch configuration.kind {
            case .mlp, .residual:
                try plan.addMLP("body.", sizes: [configuration.context, hidden, hidden, outputs])
            case .calibrated:
                let minimum = WindowCandidates.minimumContext(horizon: configuration.horizon)
                guard configuration.context >= minimum else {
                    throw .invalidArchitecture(kind: kind, reason: "the calibrated kind needs a context of at least \(minimum) for horizon \(configuration.horizon), got \(configuration.context)")
                }
                try plan.addMLP("body.", sizes: [WindowCandidates.featureCount(context: configuration.context, horizon: configuration.horizon), hidden, hidden,
                                                 QuantileForecaster.calibratedOutputs(context: configuration.context, horizon: configuration.horizon)])
            case .gru:
                let gates = try plan.product(3, hidden)
                try plan.add("body.weight_ih_l0", [gates, 1])
                try plan.add("body.weight_hh_l0", [gates, hidden])
                try plan.add("body.bias_ih_l0", [gates])
                try plan.add("body.bias_hh_l0", [gates])
                try plan.addLinear("head.", input: hidden, output: outputs)
            }
            return plan
        },
        build: { configuration in
            var generator = PhiloxGenerator(seed: 0)
            return QuantileForecaster(kind: configuration.kind, context: configuration.context, horizon: configuration.horizon,
                                      quantiles: configuration.quantiles, hidden: configuration.hidden, using: &generator)
        })

    /// `char_transformer`: ``CharTransformerConfig`` (the vocabulary itself is in the entry's metadata).
    public static let charTransformer = ArchitectureFamily(
        kind: "char_transformer", configuration: CharTransformerConfig.self,
        plan: { configuration, limits throws(BundleError) in
            let kind = "char_transformer"
            do { try configuration.validate() } catch { throw .invalidArchitecture(kind: kind, reason: "\(error)") }
            try limits.requireWidth(configuration.vocabularySize, "vocabularySize", kind: kind)
            try limits.requireWidth(configuration.context, "context", kind: kind)
            try limits.requireWidth(configuration.modelDimension, "modelDimension", kind: kind)
            try limits.requireWidth(configuration.feedForwardDimension, "feedForwardDimension", kind: kind)
            try limits.requireDepth(configuration.layers, "layers", kind: kind)
            let (vocabulary, width, feedForward) = (configuration.vocabularySize, configuration.modelDimension,
                                                    configuration.feedForwardDimension)
            var plan = ArchitecturePlan(kind: kind)
            try plan.add("tokens.weight", [vocabulary, width])
            try plan.add("positions.weight", [configuration.context, width])
            let projections = try plan.product(3, width)
            for block in 0..<configuration.layers {
                let prefix = "blocks.\(block)."
                try plan.add(prefix + "ln1.weight", [width])
                try plan.add(prefix + "ln1.bias", [width])
                try plan.add(prefix + "attention.in_proj_weight", [projections, width])
                try plan.add(prefix + "attention.in_proj_bias", [projections])
                try plan.addLinear(prefix + "attention.out_proj.", input: width, output: width)
                try plan.add(prefix + "ln2.weight", [width])
                try plan.add(prefix + "ln2.bias", [width])
                try plan.addLinear(prefix + "feedForward.0.", input: width, output: feedForward)
                try plan.addLinear(prefix + "feedForward.2.", input: feedForward, output: width)
            }
            try plan.add("norm.weight", [width])
            try plan.add("norm.bias", [width])
            try plan.addLinear("head.", input: width, output: vocabulary)
            return plan
        },
        build: { configuration in
            var generator = PhiloxGenerator(seed: 0)
            return CharTransformer(configuration, using: &generator)
        })
}

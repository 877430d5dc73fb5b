import Tensor

#if canImport(Glibc)
import Glibc
#endif

/// One epoch of a training run.
public struct EpochSummary: Sendable, Equatable {
    /// 1-based epoch number.
    public var epoch: Int
    /// Mean training loss over the epoch's batches (weighted by batch size).
    public var trainingLoss: Double
    /// Loss on the validation set after the epoch, when there is one.
    public var validationLoss: Double?
    /// Learning rate of the epoch's last step.
    public var learningRate: Float
}

/// What a training run did.
public struct TrainingReport: Sendable {
    /// Every epoch run, in order.
    public var epochs: [EpochSummary]
    /// Gradient steps taken.
    public var steps: Int
    /// The epoch with the lowest validation loss (whose parameters the model holds at the end).
    public var bestEpoch: Int?
    /// That lowest validation loss.
    public var bestValidationLoss: Double?
    /// Whether early stopping ended the run before `epochs`.
    public var stoppedEarly: Bool
    /// Wall-clock seconds.
    public var seconds: Double
}

/// A supervised training loop: seeded split, shuffled mini-batches, optional clipping and
/// schedule, validation after each epoch, early stopping that restores the best parameters,
/// metrics as JSON lines and a progress bar.
public struct Trainer {
    /// The run's settings.
    public var config: TrainingConfig
    /// Where per-step and per-epoch metrics go.
    public var metrics: MetricsLog
    /// Whether to draw a progress bar (only ever on a terminal).
    public var showsProgress: Bool
    /// Log every this many steps (epochs are always logged).
    public var logEvery: Int

    /// A trainer; `config` is validated by ``fit(_:optimizer:data:loss:)``.
    public init(config: TrainingConfig, metrics: MetricsLog = .discard, showsProgress: Bool = true, logEvery: Int = 10) {
        self.config = config
        self.metrics = metrics
        self.showsProgress = showsProgress
        self.logEvery = Swift.max(1, logEvery)
    }

    /// Trains `model` on `data`. `loss(inputs, targets)` runs the model and returns a scalar loss.
    /// With a validation split, the model ends holding the parameters of its best epoch.
    public func fit<O: Optimizer>(
        _ model: any Module, optimizer: inout O, data: SupervisedDataset,
        loss: (_ inputs: Tensor, _ targets: Tensor) -> Tensor
    ) throws(TrainingError) -> TrainingReport {
        try config.validate()
        guard data.count > 0 else { throw .invalidData("the dataset is empty") }
        let clock = ContinuousClock()
        let start = clock.now
        var splitGenerator = PhiloxGenerator(seed: config.seed, stream: 1)
        let (training, validation) = data.split(validationFraction: config.validationFraction, using: &splitGenerator)
        var shuffle: PhiloxGenerator? = PhiloxGenerator(seed: config.seed, stream: 2)
        let batchesPerEpoch = (training.count + config.batchSize - 1) / config.batchSize
        var progress = ProgressBar(total: batchesPerEpoch * config.epochs, enabled: showsProgress)

        var report = TrainingReport(epochs: [], steps: 0, bestEpoch: nil, bestValidationLoss: nil, stoppedEarly: false, seconds: 0)
        var best: StateDict?
        var epochsWithoutImprovement = 0
        for epoch in 1...config.epochs {
            model.train()
            var lossSum = 0.0
            var seen = 0
            var rate = optimizer.learningRate
            for batch in training.batches(size: config.batchSize, shuffledBy: &shuffle) {
                if let schedule = config.schedule { optimizer.learningRate = schedule.value(at: report.steps) }
                rate = optimizer.learningRate
                model.zeroGrad()
                let value = loss(batch.inputs, batch.targets)
                check(value.scalarCount == 1, "Trainer: the loss must be a scalar, got shape \(value.shape)")
                let scalar = value.item()
                guard scalar.isFinite else { throw .divergence(step: report.steps, loss: scalar) }
                value.backward()
                if let limit = config.gradientClipNorm { model.clipGradientNorm(maxNorm: limit) }
                optimizer.step(model)
                report.steps += 1
                let size = batch.inputs.shape[0]
                lossSum += Double(scalar) * Double(size)
                seen += size
                if report.steps % logEvery == 0 {
                    metrics.record(step: report.steps, epoch: epoch, ["losses/train": Double(scalar), "charts/learning_rate": Double(rate)])
                }
                progress.update(done: report.steps, status: "epoch \(epoch)/\(config.epochs) loss \(Self.format(Double(scalar)))")
            }
            var summary = EpochSummary(epoch: epoch, trainingLoss: lossSum / Double(Swift.max(seen, 1)), validationLoss: nil, learningRate: rate)
            if let validation {
                summary.validationLoss = Self.evaluate(model, validation, batchSize: config.batchSize, loss: loss)
            }
            report.epochs.append(summary)
            if let validationLoss = summary.validationLoss {
                metrics.record(step: report.steps, epoch: epoch, ["losses/train_epoch": summary.trainingLoss, "losses/validation": validationLoss])
            } else {
                metrics.record(step: report.steps, epoch: epoch, ["losses/train_epoch": summary.trainingLoss])
            }
            if let validationLoss = summary.validationLoss {
                if report.bestValidationLoss.map({ validationLoss < $0 - config.minimumImprovement }) ?? true {
                    report.bestValidationLoss = validationLoss
                    report.bestEpoch = epoch
                    best = model.stateDict()
                    epochsWithoutImprovement = 0
                } else {
                    epochsWithoutImprovement += 1
                    if let patience = config.patience, epochsWithoutImprovement >= patience {
                        report.stoppedEarly = true
                        break
                    }
                }
            }
        }
        progress.finish()
        if let best {
            // The state dict came from this very model, so it always fits.
            try? model.load(stateDict: best)
        }
        model.eval()
        let elapsed = clock.now - start
        report.seconds = elapsed.seconds
        return report
    }

    /// The mean loss over `data` in evaluation mode, without recording gradients.
    public static func evaluate(
        _ model: any Module, _ data: SupervisedDataset, batchSize: Int, loss: (Tensor, Tensor) -> Tensor
    ) -> Double {
        model.eval()
        defer { model.train() }
        var none: PhiloxGenerator? = nil
        var total = 0.0
        for batch in data.batches(size: batchSize, shuffledBy: &none) {
            total += noGrad { Double(loss(batch.inputs, batch.targets).item()) } * Double(batch.inputs.shape[0])
        }
        return total / Double(Swift.max(data.count, 1))
    }

    static func format(_ value: Double) -> String {
        let scaled = (value * 1e4).rounded() / 1e4
        return "\(scaled)"
    }
}


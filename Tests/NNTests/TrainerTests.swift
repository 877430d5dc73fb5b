import Synchronization
import Testing
import Tensor
@testable import NN

/// Collects metric lines from the trainer.
final class LineCollector: Sendable {
    let lines = Mutex<[String]>([])
    var log: MetricsLog { MetricsLog { line in self.lines.withLock { $0.append(line) } } }
    var all: [String] { lines.withLock { $0 } }
}

@Suite("Supervised training loop")
struct TrainerTests {
    /// y = 3x₀ − 2x₁ + 0.5 + small noise.
    static func regression(count: Int = 256, seed: UInt64 = 1) throws -> SupervisedDataset {
        var g = PhiloxGenerator(seed: seed)
        let x = Tensor.randomNormal([count, 2], using: &g)
        let noise = Tensor.randomNormal([count, 1], standardDeviation: 0.01, using: &g)
        let y = x.matmul(Tensor(shape: [2, 1], scalars: [3, -2])) + 0.5 + noise
        return try SupervisedDataset(inputs: x, targets: y)
    }

    static func run(seed: UInt64 = 0, config: TrainingConfig, metrics: MetricsLog = .discard) throws -> (Linear, TrainingReport) {
        var g = PhiloxGenerator(seed: seed)
        let model = Linear(inputSize: 2, outputSize: 1, using: &g)
        var optimizer = Adam(learningRate: 0.05)
        let report = try Trainer(config: config, metrics: metrics, showsProgress: false)
            .fit(model, optimizer: &optimizer, data: regression()) { x, y in (model(x) - y).squared().mean() }
        return (model, report)
    }

    @Test("a linear regression is learned; validation loss falls")
    func learns() throws {
        var config = TrainingConfig()
        config.epochs = 60
        config.batchSize = 32
        config.patience = nil
        let (model, report) = try Self.run(config: config)
        #expect(report.epochs.count == 60 && report.steps == 60 * 8)
        #expect(report.epochs.last!.validationLoss! < 1e-3, "\(report.epochs.last!)")
        #expect(report.epochs.first!.validationLoss! > 10 * report.epochs.last!.validationLoss!)
        #expect(Swift.abs(model.weight.scalars[0] - 3) < 0.05 && Swift.abs(model.weight.scalars[1] + 2) < 0.05)
        #expect(Swift.abs(model.bias!.scalars[0] - 0.5) < 0.05)
    }

    @Test("the same seed and config give the same run, bit for bit")
    func reproducible() throws {
        var config = TrainingConfig()
        config.epochs = 5
        config.schedule = .cosine(base: 0.05, minimum: 0.001, steps: 40)
        config.gradientClipNorm = 1
        let first = try Self.run(config: config)
        let second = try Self.run(config: config)
        #expect(first.1.epochs == second.1.epochs)
        #expect(first.0.weight.scalars == second.0.weight.scalars)
        config.seed = 1
        let other = try Self.run(config: config)
        #expect(other.1.epochs != first.1.epochs)
    }

    @Test("early stopping ends the run and leaves the best epoch's parameters")
    func earlyStopping() throws {
        // Targets are pure noise: validation cannot keep improving.
        var g = PhiloxGenerator(seed: 3)
        let x = Tensor.randomNormal([200, 4], using: &g)
        let y = Tensor.randomNormal([200, 1], using: &g)
        let data = try SupervisedDataset(inputs: x, targets: y)
        let model = MLP(inputSize: 4, hiddenSizes: [64], outputSize: 1, using: &g)
        var optimizer = Adam(learningRate: 0.01)
        var config = TrainingConfig()
        config.epochs = 200
        config.patience = 3
        config.validationFraction = 0.25
        let report = try Trainer(config: config, showsProgress: false)
            .fit(model, optimizer: &optimizer, data: data) { x, y in (model(x) - y).squared().mean() }
        #expect(report.stoppedEarly)
        #expect(report.epochs.count == report.bestEpoch! + 3)
        // The model holds the best epoch's parameters: its validation loss is the best one.
        var split = PhiloxGenerator(seed: config.seed, stream: 1)
        let validation = data.split(validationFraction: 0.25, using: &split).validation!
        let loss = Trainer.evaluate(model, validation, batchSize: 64) { x, y in (model(x) - y).squared().mean() }
        #expect(Swift.abs(loss - report.bestValidationLoss!) < 1e-9)
    }

    @Test("metrics are JSON lines with step, epoch and named losses")
    func metrics() throws {
        let collector = LineCollector()
        var config = TrainingConfig()
        config.epochs = 2
        config.batchSize = 64
        _ = try Self.run(config: config, metrics: collector.log)
        let lines = collector.all
        #expect(lines.contains { $0.hasPrefix("{\"step\": 4, \"epoch\": 1, \"losses/train_epoch\": ") && $0.contains("\"losses/validation\": ") })
        #expect(lines.allSatisfy { $0.hasPrefix("{") && $0.hasSuffix("}") })
        #expect(MetricsLog.number(.nan) == "null")
        #expect(MetricsLog.escape("a\"b") == "a\\\"b")
    }

    @Test("invalid configs and data are refused with the field named")
    func validation() throws {
        var config = TrainingConfig()
        config.batchSize = 0
        #expect(throws: TrainingError.invalidConfig("batchSize must be positive, got 0")) { try config.validate() }
        config = TrainingConfig()
        config.validationFraction = 1
        #expect(throws: TrainingError.invalidConfig("validationFraction must lie in [0, 1), got 1.0")) { try config.validate() }
        #expect(throws: TrainingError.self) { try SupervisedDataset(inputs: Tensor.zeros([3, 2]), targets: Tensor.zeros([4, 1])) }
        #expect(throws: TrainingError.self) { try SupervisedDataset(inputs: Tensor([Float.nan]), targets: Tensor([1])) }
    }

    @Test("a diverging run stops with the step named")
    func divergence() throws {
        var g = PhiloxGenerator(seed: 0)
        let model = Linear(inputSize: 2, outputSize: 1, using: &g)
        var optimizer = SGD(learningRate: 1e6)
        var config = TrainingConfig()
        config.validationFraction = 0
        do {
            _ = try Trainer(config: config, showsProgress: false)
                .fit(model, optimizer: &optimizer, data: Self.regression()) { x, y in (model(x) - y).pow(4).mean() }
            Issue.record("expected divergence")
        } catch let error as TrainingError {
            guard case .divergence = error else { Issue.record("unexpected \(error)"); return }
        }
    }

    @Test("the progress line shows the bar, the share done and the status")
    func progressLine() {
        let bar = ProgressBar(total: 200, enabled: false)
        #expect(bar.line(done: 50, status: "loss 0.1") == "[=======>                    ]  25% 50/200 loss 0.1")
        #expect(bar.line(done: 200, status: "") == "[============================] 100% 200/200 ")
    }
}

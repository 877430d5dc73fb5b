import NN
import Tensor

#if canImport(Glibc)
import Glibc
#endif

/// Settings of a character-model training run.
public struct CharTrainingConfig: Sendable, Codable, Equatable {
    /// Gradient steps.
    public var steps = 1500
    /// Windows per step.
    public var batchSize = 32
    /// Peak learning rate (Adam), reached after a linear warm-up and annealed by a cosine.
    public var learningRate: Float = 3e-3
    /// Warm-up steps.
    public var warmupSteps = 100
    /// Global gradient-norm limit.
    public var gradientClipNorm = 1.0
    /// Share of the text, at its end, held out for validation.
    public var validationFraction = 0.1
    /// Evaluate (and log) every this many steps.
    public var evaluateEvery = 250
    /// Seed of initialisation, window sampling and text sampling.
    public var seed: UInt64 = 0

    /// The defaults.
    public init() {}

    /// Checks every field, naming the first that is wrong.
    public func validate() throws(LanguageModelError) {
        guard steps > 0, batchSize > 0, evaluateEvery > 0, warmupSteps >= 0 else {
            throw .invalidConfig("steps, batchSize and evaluateEvery must be positive and warmupSteps ≥ 0")
        }
        guard learningRate > 0, learningRate.isFinite else { throw .invalidConfig("learningRate must be positive, got \(learningRate)") }
        guard gradientClipNorm > 0 else { throw .invalidConfig("gradientClipNorm must be positive, got \(gradientClipNorm)") }
        guard validationFraction > 0, validationFraction < 0.5 else {
            throw .invalidConfig("validationFraction must lie in (0, 0.5), got \(validationFraction)")
        }
    }
}

/// What training a character model achieved.
public struct CharTrainingReport: Sendable, Codable, Equatable {
    /// Mean validation cross-entropy (nats per character) before training.
    public var initialValidationLoss: Double
    /// The same after training.
    public var validationLoss: Double
    /// Cross-entropy of the validation text under the training text's character frequencies:
    /// what a model that ignores context achieves.
    public var unigramLoss: Double
    /// Training loss of the last step.
    public var finalTrainingLoss: Double
    /// Steps taken.
    public var steps: Int
    /// Wall-clock seconds of training.
    public var seconds: Double
}

/// Training, evaluation and sampling of a ``CharTransformer`` on a text.
public enum CharLanguageModel {
    /// Trains on the first part of `text`, validates on the rest; logs `losses/train`,
    /// `losses/validation` and `charts/learning_rate` as JSON lines.
    public static func train(
        _ model: CharTransformer, vocabulary: Vocabulary, text: String, config: CharTrainingConfig,
        metrics: MetricsLog = .discard, showsProgress: Bool = false
    ) throws(LanguageModelError) -> CharTrainingReport {
        try config.validate()
        let ids = try vocabulary.encode(text)
        let context = model.config.context
        let split = ids.count - Int(Double(ids.count) * config.validationFraction)
        let training = Array(ids[..<split])
        let validation = Array(ids[split...])
        guard training.count > context + 1, validation.count > context + 1 else {
            throw .invalidText("\(ids.count) characters are too few for context \(context)")
        }
        var sampler = PhiloxGenerator(seed: config.seed, stream: 20)
        var adam = Adam(learningRate: config.learningRate)
        let schedule = LearningRateSchedule.warmup(
            steps: Swift.max(config.warmupSteps, 1),
            then: .cosine(base: config.learningRate, minimum: config.learningRate / 10, steps: Swift.max(config.steps - config.warmupSteps, 1)))
        let initial = validationLoss(model, validation)
        var progress = ProgressBar(total: config.steps, enabled: showsProgress)
        let clock = ContinuousClock()
        let start = clock.now
        var last = 0.0
        // The loop evaluates after its last step, so the final validation loss is already known.
        var finalValidationLoss = initial
        for step in 0..<config.steps {
            let (inputs, targets) = batch(training, size: config.batchSize, context: context, using: &sampler)
            adam.learningRate = schedule.value(at: step)
            model.train()
            model.zeroGrad()
            let loss = model.loss(inputs, targets: targets)
            last = Double(loss.item())
            guard last.isFinite else { throw .invalidConfig("training diverged at step \(step) (loss \(last)); lower the learning rate") }
            loss.backward()
            model.clipGradientNorm(maxNorm: config.gradientClipNorm)
            adam.step(model)
            if (step + 1) % config.evaluateEvery == 0 || step + 1 == config.steps {
                let value = validationLoss(model, validation)
                finalValidationLoss = value
                metrics.record(step: step + 1, ["losses/train": last, "losses/validation": value, "charts/learning_rate": Double(adam.learningRate)])
            }
            progress.update(done: step + 1, status: "loss \(Double(Int(last * 1000)) / 1000)")
        }
        progress.finish()
        let elapsed = clock.now - start
        return CharTrainingReport(
            initialValidationLoss: initial, validationLoss: finalValidationLoss,
            unigramLoss: unigramLoss(training: training, validation: validation, vocabularySize: vocabulary.count),
            finalTrainingLoss: last, steps: config.steps,
            seconds: elapsed.seconds)
    }

    /// `size` random windows: inputs and the next-character targets, `[size, context]` each.
    static func batch(_ ids: [Int], size: Int, context: Int, using generator: inout PhiloxGenerator) -> (Tensor, Tensor) {
        var inputs: [Float] = []
        var targets: [Float] = []
        inputs.reserveCapacity(size * context)
        targets.reserveCapacity(size * context)
        for _ in 0..<size {
            let start = generator.nextInt(below: ids.count - context)
            for offset in 0..<context {
                inputs.append(Float(ids[start + offset]))
                targets.append(Float(ids[start + offset + 1]))
            }
        }
        return (Tensor(shape: [size, context], scalars: inputs), Tensor(shape: [size, context], scalars: targets))
    }

    /// Mean cross-entropy over the whole validation text in consecutive windows (deterministic).
    public static func validationLoss(_ model: CharTransformer, _ ids: [Int]) -> Double {
        let context = model.config.context
        let windows = (ids.count - 1) / context
        guard windows > 0 else { return .nan }
        model.eval()
        defer { model.train() }
        var total = 0.0
        var chunk = 0
        while chunk < windows {
            let count = Swift.min(32, windows - chunk)
            var inputs: [Float] = []
            var targets: [Float] = []
            for w in chunk..<(chunk + count) {
                let start = w * context
                inputs += ids[start..<(start + context)].map(Float.init)
                targets += ids[(start + 1)...(start + context)].map(Float.init)
            }
            let loss = noGrad {
                model.loss(Tensor(shape: [count, context], scalars: inputs), targets: Tensor(shape: [count, context], scalars: targets)).item()
            }
            total += Double(loss) * Double(count)
            chunk += count
        }
        return total / Double(windows)
    }

    /// Cross-entropy of `validation` under add-one-smoothed character frequencies of `training`.
    public static func unigramLoss(training: [Int], validation: [Int], vocabularySize: Int) -> Double {
        var counts = [Double](repeating: 1, count: vocabularySize)
        for id in training { counts[id] += 1 }
        let total = counts.reduce(0, +)
        var loss = 0.0
        for id in validation { loss -= log(counts[id] / total) }
        return loss / Double(validation.count)
    }

    /// Continues `prompt` by `length` characters, sampling each from the model's distribution at
    /// `temperature` (near 0: the most likely character).
    public static func sample(
        _ model: CharTransformer, vocabulary: Vocabulary, prompt: String, length: Int, temperature: Double = 0.8,
        using generator: inout PhiloxGenerator
    ) throws(LanguageModelError) -> String {
        check(temperature >= 0, "sample: temperature \(temperature) is negative")
        var ids = try vocabulary.encode(prompt)
        guard !ids.isEmpty else { throw .invalidText("the prompt is empty") }
        model.eval()
        defer { model.train() }
        for _ in 0..<length {
            let window = Array(ids.suffix(model.config.context))
            let logits = noGrad { () -> Tensor in
                let all = model(Tensor(shape: [1, window.count], scalars: window.map(Float.init)))
                return all.select(axis: 1, index: window.count - 1)
            }
            if temperature < 1e-6 {
                ids.append(logits.argmax())
            } else {
                ids.append(Tensor.categorical(logits: logits / Float(temperature), using: &generator)[0])
            }
        }
        return vocabulary.decode(ids)
    }
}

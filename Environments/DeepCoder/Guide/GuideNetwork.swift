import NN
import Tensor

/// The trainable form of ``GuideWeights``: per-example Linear+ReLU layers, a mean over each
/// task's examples, and a Linear head giving one logit per ``GuideAttributes`` entry, trained with
/// binary cross-entropy on generated tasks (DeepCoder, Balog et al. 2017, section 4.3).
public final class GuideNetwork: Module {
    /// The per-example layers (each followed by ReLU).
    public let encoder: [Linear]
    /// The pooled encoding to logits.
    public let head: Linear
    public var isTraining = true

    /// A network with `hiddenSizes` per-example layers, PyTorch's default initialisation.
    public init(hiddenSizes: [Int], using generator: inout PhiloxGenerator) {
        precondition(!hiddenSizes.isEmpty && hiddenSizes.allSatisfy { $0 > 0 }, "GuideNetwork: hidden sizes \(hiddenSizes)")
        var layers: [Linear] = []
        var width = GuideFeatures.count
        for size in hiddenSizes {
            layers.append(Linear(inputSize: width, outputSize: size, using: &generator))
            width = size
        }
        encoder = layers
        head = Linear(inputSize: width, outputSize: GuideAttributes.count, using: &generator)
    }

    public var children: [(name: String, module: any Module)] {
        encoder.enumerated().map { ("encoder.\($0.offset)", $0.element as any Module) } + [("head", head)]
    }

    /// Logits `[tasks, attributes]` from the features of every example, `[examples, features]`,
    /// and the pooling matrix `[tasks, examples]` whose row for a task holds 1/n at its n examples.
    public func logits(features: Tensor, pooling: Tensor) -> Tensor {
        var x = features
        for layer in encoder { x = layer(x).relu() }
        return head(pooling.matmul(x))
    }

    /// The weights, for inference and saving.
    public var weights: GuideWeights {
        func dense(_ layer: Linear) -> GuideWeights.Dense {
            GuideWeights.Dense(inputSize: layer.inputSize, outputSize: layer.outputSize, weight: layer.weight.scalars,
                               bias: layer.bias?.scalars ?? [Float](repeating: 0, count: layer.outputSize))
        }
        return GuideWeights(encoder: encoder.map(dense), head: dense(head))
    }
}

/// Trains a guide on generated tasks (none from the evaluation seeds).
public enum GuideTraining {
    /// Every setting of a training run.
    public struct Configuration: Sendable, Hashable, Codable {
        /// Training tasks, an even mix of ``lengths``.
        public var taskCount = 48_000
        /// The lengths of the training tasks' programs.
        public var lengths = [1, 2, 3, 4, 5]
        /// Seed of the task generator and of the initialisation (keep it apart from evaluation seeds).
        public var seed: UInt64 = 1_000_003
        /// Passes over the tasks.
        public var epochs = 12
        /// Tasks per step.
        public var batchSize = 128
        /// Widths of the per-example layers.
        public var hiddenSizes = [96, 96]
        /// Adam's learning rate.
        public var learningRate: Float = 2e-3

        public init() {}
    }

    /// What training reports after each epoch.
    public struct EpochReport: Sendable {
        public var epoch: Int
        public var loss: Double
    }

    /// A trained guide.
    public static func train(_ configuration: Configuration, progress: (EpochReport) -> Void = { _ in }) -> GuideWeights {
        let perLength = max(1, configuration.taskCount / max(1, configuration.lengths.count))
        let tasks = DSLTaskGenerator.tasks(lengths: configuration.lengths, perLength: perLength, seed: configuration.seed)
        let features = tasks.map { task in task.visible.map(GuideFeatures.features(of:)) }
        let labels = tasks.map { GuideAttributes.labels(of: $0.solution!) }
        var generator = PhiloxGenerator(seed: configuration.seed, stream: 1)
        let network = GuideNetwork(hiddenSizes: configuration.hiddenSizes, using: &generator)
        var adam = Adam(learningRate: configuration.learningRate)
        for epoch in 0..<configuration.epochs {
            let order = generator.permutation(tasks.count)
            var total = 0.0
            var batches = 0
            for start in stride(from: 0, to: order.count, by: configuration.batchSize) {
                let batch = Array(order[start..<min(start + configuration.batchSize, order.count)])
                let (x, pooling) = batchTensors(batch.map { features[$0] })
                let y = Tensor(shape: [batch.count, GuideAttributes.count], scalars: batch.flatMap { labels[$0] })
                network.zeroGrad()
                let loss = Loss.binaryCrossEntropyWithLogits(network.logits(features: x, pooling: pooling), y)
                loss.backward()
                adam.step(network)
                total += Double(loss.item())
                batches += 1
            }
            progress(EpochReport(epoch: epoch + 1, loss: total / Double(max(1, batches))))
        }
        return network.weights
    }

    /// The features of every example of `tasks` stacked, and the matrix that averages each task's.
    static func batchTensors(_ tasks: [[[Float]]]) -> (features: Tensor, pooling: Tensor) {
        let exampleCount = tasks.reduce(0) { $0 + $1.count }
        var flat: [Float] = []
        flat.reserveCapacity(exampleCount * GuideFeatures.count)
        var pooling = [Float](repeating: 0, count: tasks.count * exampleCount)
        var row = 0
        for (taskIndex, examples) in tasks.enumerated() {
            for example in examples {
                flat += example
                pooling[taskIndex * exampleCount + row] = 1 / Float(examples.count)
                row += 1
            }
        }
        return (Tensor(shape: [exampleCount, GuideFeatures.count], scalars: flat),
                Tensor(shape: [tasks.count, exampleCount], scalars: pooling))
    }
}

import Foundation
import Testing
import Tensor
import TestSupport
@testable import NN

/// A module with exactly the two parameters of the golden trajectories.
final class TwoParameters: Module {
    var weight: Tensor
    var bias: Tensor
    var isTraining = true
    var children: [(name: String, module: any Module)] { [] }

    init(weight: [Double], bias: [Double], dtype: DType) {
        self.weight = Tensor(shape: [3, 4], doubles: weight).converted(to: dtype)
        self.bias = Tensor(shape: [5], doubles: bias).converted(to: dtype)
        self.weight.requiresGrad = true
        self.bias.requiresGrad = true
    }

    func visitOwnParameters(_ body: (String, inout Tensor) -> Void) {
        body("weight", &weight)
        body("bias", &bias)
    }
}

/// PyTorch's optimiser trajectories (scripts/golden/nn_optim_golden.py).
struct OptimizerGolden: Decodable {
    struct Pair: Decodable { var weight: [Double]; var bias: [Double] }
    struct Options: Decodable {
        var lr: Double
        var momentum: Double?
        var dampening: Double?
        var weight_decay: Double?
        var nesterov: Bool?
        var betas: [Double]?
        var eps: Double?
        var alpha: Double?
        var centered: Bool?
    }
    struct Case: Decodable, CustomTestStringConvertible {
        var optimizer: String
        var options: Options
        var trajectory: [Pair]
        var testDescription: String { "\(optimizer) lr \(options.lr) momentum \(options.momentum ?? 0) decay \(options.weight_decay ?? 0)" }
    }
    struct Clipping: Decodable { var max_norm: Double; var norm: Double; var weight_grad: [Double]; var bias_grad: [Double] }

    var weight: [Double]
    var bias: [Double]
    var gradients: [Pair]
    var cases: [Case]
    var clipping: [Clipping]

    static let shared: OptimizerGolden = {
        let url = Bundle.module.url(forResource: "optim_golden", withExtension: "json", subdirectory: "Resources")!
        return try! JSONDecoder().decode(OptimizerGolden.self, from: Data(contentsOf: url))
    }()
}

@Suite("Optimizers")
struct OptimizerTests {
    static func makeOptimizer(_ c: OptimizerGolden.Case) -> any Optimizer {
        let o = c.options
        let decay = Float(o.weight_decay ?? 0)
        switch c.optimizer {
        case "sgd":
            return SGD(learningRate: Float(o.lr), momentum: Float(o.momentum ?? 0), dampening: Float(o.dampening ?? 0),
                       weightDecay: decay, nesterov: o.nesterov ?? false)
        case "adam":
            let betas = o.betas ?? [0.9, 0.999]
            return Adam(learningRate: Float(o.lr), beta1: Float(betas[0]), beta2: Float(betas[1]), epsilon: Float(o.eps ?? 1e-8), weightDecay: decay)
        case "adamw":
            return Adam.adamW(learningRate: Float(o.lr), epsilon: Float(o.eps ?? 1e-8), weightDecay: Float(o.weight_decay ?? 1e-2))
        default:
            return RMSProp(learningRate: Float(o.lr), alpha: Float(o.alpha ?? 0.99), epsilon: Float(o.eps ?? 1e-8),
                           weightDecay: decay, momentum: Float(o.momentum ?? 0), centered: o.centered ?? false)
        }
    }

    static func run(_ c: OptimizerGolden.Case, dtype: DType, relative: Double, absolute: Double) {
        let golden = OptimizerGolden.shared
        let model = TwoParameters(weight: golden.weight, bias: golden.bias, dtype: dtype)
        var optimizer = makeOptimizer(c)
        for (step, (gradient, expected)) in zip(golden.gradients, c.trajectory).enumerated() {
            model.weight.grad = Tensor(shape: [3, 4], doubles: gradient.weight)
            model.bias.grad = Tensor(shape: [5], doubles: gradient.bias)
            optimizer.step(model)
            expectClose(model.weight, shape: [3, 4], expected.weight, relative: relative, absolute: absolute, "\(c.testDescription) step \(step + 1) weight")
            expectClose(model.bias, shape: [5], expected.bias, relative: relative, absolute: absolute, "\(c.testDescription) step \(step + 1) bias")
        }
    }

    @Test("float64 trajectories equal PyTorch's", arguments: OptimizerGolden.shared.cases)
    func float64(_ c: OptimizerGolden.Case) {
        // Hyperparameters pass through Float, so compare at Float's resolution of them.
        Self.run(c, dtype: .float64, relative: 1e-6, absolute: 1e-7)
    }

    @Test("float32 trajectories follow PyTorch's", arguments: OptimizerGolden.shared.cases)
    func float32(_ c: OptimizerGolden.Case) {
        Self.run(c, dtype: .float32, relative: 1e-5, absolute: 1e-5)
    }

    @Test("global-norm clipping equals torch.nn.utils.clip_grad_norm_", arguments: OptimizerGolden.shared.clipping.indices)
    func clipping(_ index: Int) {
        let golden = OptimizerGolden.shared
        let expected = golden.clipping[index]
        let model = TwoParameters(weight: golden.weight, bias: golden.bias, dtype: .float64)
        model.weight.grad = Tensor(shape: [3, 4], doubles: golden.gradients[0].weight)
        model.bias.grad = Tensor(shape: [5], doubles: golden.gradients[0].bias)
        let norm = model.clipGradientNorm(maxNorm: expected.max_norm)
        #expect(Swift.abs(norm - expected.norm) < 1e-12)
        expectClose(model.weight.grad!, shape: [3, 4], expected.weight_grad, relative: 1e-12, absolute: 1e-14, "weight grad")
        expectClose(model.bias.grad!, shape: [5], expected.bias_grad, relative: 1e-12, absolute: 1e-14, "bias grad")
    }

    @Test("parameters without a gradient are left alone and get no state")
    func skipsMissingGradients() {
        let golden = OptimizerGolden.shared
        let model = TwoParameters(weight: golden.weight, bias: golden.bias, dtype: .float32)
        let before = model.bias.scalars
        model.weight.grad = Tensor.ones([3, 4])
        var adam = Adam()
        adam.step(model)
        #expect(model.bias.scalars == before)
        #expect(adam.stateDict().keys == ["weight.step", "weight.exp_avg", "weight.exp_avg_sq"])
    }

    /// Trains an MLP on a fixed regression for `steps` steps with a fresh or restored optimiser.
    static func train(_ model: MLP, _ optimizer: inout some Optimizer, steps: Int, schedule: LearningRateSchedule, offset: Int) {
        var generator = PhiloxGenerator(seed: 77)
        let x = Tensor.randomNormal([32, 3], using: &generator)
        let y = (x * 2).sum(axis: 1, keepDims: true).tanh()
        for step in 0..<steps {
            optimizer.learningRate = schedule.value(at: offset + step)
            model.zeroGrad()
            (model(x) - y).squared().mean().backward()
            model.clipGradientNorm(maxNorm: 1)
            optimizer.step(model)
        }
    }

    @Test("saving model and optimiser state resumes training bit for bit", arguments: ["adam", "sgd", "rmsprop"])
    func resume(_ kind: String) throws {
        func make() -> any Optimizer {
            switch kind {
            case "adam": return Adam.adamW(learningRate: 0.01)
            case "sgd": return SGD(learningRate: 0.05, momentum: 0.9, nesterov: true)
            default: return RMSProp(learningRate: 0.005, momentum: 0.5, centered: true)
            }
        }
        let schedule = LearningRateSchedule.warmup(steps: 5, then: .cosine(base: 0.01, minimum: 0.001, steps: 30))
        var generator = PhiloxGenerator(seed: 5)
        let model = MLP(inputSize: 3, hiddenSizes: [8], outputSize: 1, activation: .tanh, using: &generator)
        var optimizer = make()
        Self.train(model, &optimizer, steps: 10, schedule: schedule, offset: 0)
        let savedModel = model.stateDict()
        let savedOptimizer = optimizer.stateDict()
        Self.train(model, &optimizer, steps: 10, schedule: schedule, offset: 10)

        var other = PhiloxGenerator(seed: 99)
        let restored = MLP(inputSize: 3, hiddenSizes: [8], outputSize: 1, activation: .tanh, using: &other)
        try restored.load(stateDict: savedModel)
        var restoredOptimizer = make()
        try restoredOptimizer.load(stateDict: savedOptimizer, for: restored)
        Self.train(restored, &restoredOptimizer, steps: 10, schedule: schedule, offset: 10)
        #expect(restored.stateDict().map(\.value.scalars) == model.stateDict().map(\.value.scalars))
    }

    @Test("optimiser state that does not fit the model is refused with the key named")
    func badState() {
        var generator = PhiloxGenerator(seed: 5)
        let model = MLP(inputSize: 3, hiddenSizes: [4], outputSize: 1, using: &generator)
        var adam = Adam()
        var dict = StateDict()
        dict["layers.0.weight.step"] = Tensor(scalar: 3, dtype: .float64)
        dict["layers.0.weight.exp_avg"] = Tensor.zeros([2, 2])
        #expect(throws: OptimizerStateError(reason: "layers.0.weight.exp_avg has shape [2, 2], the parameter has [4, 3]")) {
            try adam.load(stateDict: dict, for: model)
        }
        dict = StateDict()
        dict["nonsense"] = Tensor.zeros([1])
        #expect(throws: OptimizerStateError(reason: "unexpected key nonsense")) { try adam.load(stateDict: dict, for: model) }
    }

    @Test("schedules: constant, linear, cosine and warm-up")
    func schedules() throws {
        #expect(LearningRateSchedule.constant(0.1).value(at: 1000) == 0.1)
        let linear = LearningRateSchedule.linear(start: 1, end: 0, steps: 4)
        #expect((0...5).map(linear.value(at:)) == [1, 0.75, 0.5, 0.25, 0, 0])
        let cosine = LearningRateSchedule.cosine(base: 1, minimum: 0, steps: 4)
        let cosineValues = (0...5).map(cosine.value(at:))
        #expect(cosineValues[0] == 1 && Swift.abs(cosineValues[2] - 0.5) < 1e-6 && cosineValues[4] == 0 && cosineValues[5] == 0)
        #expect(Swift.abs(cosineValues[1] - Float((1 + Foundation.cos(Double.pi / 4)) / 2)) < 1e-6)
        let warm = LearningRateSchedule.warmup(steps: 4, then: .constant(0.4))
        #expect((0...5).map(warm.value(at:)) == [0.1, 0.2, 0.3, 0.4, 0.4, 0.4])
        #expect(throws: ScheduleError.self) { try LearningRateSchedule.cosine(base: 0.1, minimum: 0.2, steps: 3).validate() }
        let decoded = try JSONDecoder().decode(LearningRateSchedule.self, from: JSONEncoder().encode(warm))
        #expect(decoded == warm)
    }
}

@Suite("Vector square root")
struct VectorSquareRootTests {
    @Test("within 2e-7 relative of the exact root from 1e-30 to 1e30, and exact at 0")
    func accuracy() {
        var worst: Float = 0
        var x: Float = 1e-30
        while x < 1e30 {
            let lanes = SIMD8<Float>(x, x * 1.1, x * 1.3, x * 1.7, x * 2.3, x * 3.1, x * 5.9, x * 7.7)
            let roots = vectorSquareRoot(lanes)
            for lane in 0..<8 {
                let exact = lanes[lane].squareRoot()
                worst = Swift.max(worst, Swift.abs(roots[lane] - exact) / exact)
            }
            x *= 9.7
        }
        #expect(worst < 2e-7, "worst relative error \(worst)")
        #expect(vectorSquareRoot(SIMD8<Float>(repeating: 0)) == SIMD8<Float>(repeating: 0))
    }
}

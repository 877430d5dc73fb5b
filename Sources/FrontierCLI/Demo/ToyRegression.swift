import Tensor

#if canImport(Glibc)
import Glibc
#endif

/// The demo's model and data: an MLP 1→h→h→1 with tanh, fitted by full-batch SGD with momentum
/// to y = sin(3x) + x²/2 on x ∈ [-2, 2], checked on held-out points between the training ones.
struct ToyRegression {
    var parameters: [Tensor]
    var velocities: [Tensor]
    let inputs: Tensor
    let targets: Tensor
    let validationInputs: Tensor
    let validationTargets: Tensor

    /// What a training run achieved.
    struct Report {
        var initialLoss: Float
        var finalLoss: Float
        var validationLoss: Float
        var stepsPerSecond: Double
    }

    static func target(_ x: Double) -> Double { sin(3 * x) + 0.5 * x * x }

    init(hidden: Int, seed: UInt64) {
        var generator = PhiloxGenerator(seed: seed)
        func layer(_ fanIn: Int, _ fanOut: Int) -> [Tensor] {
            // Glorot-uniform weights, zero biases.
            let bound = (6.0 / Double(fanIn + fanOut)).squareRoot()
            return [Tensor.randomUniform([fanIn, fanOut], low: -bound, high: bound, using: &generator),
                    Tensor.zeros([1, fanOut])]
        }
        parameters = (layer(1, hidden) + layer(hidden, hidden) + layer(hidden, 1)).map {
            var p = $0
            p.requiresGrad = true
            return p
        }
        velocities = parameters.map { $0.zerosLike() }
        let xs = (0..<128).map { -2 + 4 * Double($0) / 127 }
        let held = (0..<64).map { -2 + 4 * (Double($0) + 0.5) / 64 }
        inputs = Tensor(shape: [xs.count, 1], doubles: xs).converted(to: .float32)
        targets = Tensor(shape: [xs.count, 1], doubles: xs.map(Self.target)).converted(to: .float32)
        validationInputs = Tensor(shape: [held.count, 1], doubles: held).converted(to: .float32)
        validationTargets = Tensor(shape: [held.count, 1], doubles: held.map(Self.target)).converted(to: .float32)
    }

    func predict(_ x: Tensor) -> Tensor {
        let h1 = (x.matmul(parameters[0]) + parameters[1]).tanh()
        let h2 = (h1.matmul(parameters[2]) + parameters[3]).tanh()
        return h2.matmul(parameters[4]) + parameters[5]
    }

    func loss(_ x: Tensor, _ y: Tensor) -> Tensor { (predict(x) - y).squared().mean() }

    /// Runs `steps` steps; calls `log` at the first step, every tenth of the run and the last.
    mutating func train(steps: Int, learningRate: Float, momentum: Float = 0.9, log: (Int, Float) -> Void) -> Report {
        var first: Float = .nan
        var last: Float = .nan
        let clock = ContinuousClock()
        let start = clock.now
        let every = Swift.max(1, steps / 10)
        for step in 1...steps {
            let loss = self.loss(inputs, targets)
            for p in parameters { p.zeroGrad() }
            loss.backward()
            noGrad {
                for i in parameters.indices {
                    velocities[i] = velocities[i] * momentum + parameters[i].grad!
                    parameters[i].assign(parameters[i] - velocities[i] * learningRate)
                }
            }
            last = loss.item()
            if step == 1 { first = last }
            if step == 1 || step % every == 0 || step == steps { log(step, last) }
        }
        let elapsed = clock.now - start
        let seconds = elapsed.seconds
        let validation = noGrad { loss(validationInputs, validationTargets).item() }
        return Report(initialLoss: first, finalLoss: last, validationLoss: validation,
                      stepsPerSecond: Double(steps) / Swift.max(seconds, 1e-9))
    }
}

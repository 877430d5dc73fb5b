import Testing
import Tensor

/// One gradient check: named inputs (shapes, and a domain) and the function under test.
public struct GradientCase: Sendable, CustomTestStringConvertible {
    public enum Domain: Sendable {
        /// Standard normal values.
        case normal
        /// Uniform in [0.5, 2]: for log, sqrt, pow and division.
        case positive
    }

    public var name: String
    public var shapes: [[Int]]
    public var domain: Domain = .normal
    public var function: @Sendable ([Tensor]) -> Tensor

    public var testDescription: String { name }

    public init(_ name: String, _ shapes: [[Int]], _ domain: Domain = .normal, _ function: @escaping @Sendable ([Tensor]) -> Tensor) {
        self.name = name
        self.shapes = shapes
        self.domain = domain
        self.function = function
    }

    /// Deterministic float64 inputs for this case.
    public func makeInputs(seed: UInt64) -> [Tensor] {
        var generator = PhiloxGenerator(seed: seed)
        return shapes.map { shape in
            switch domain {
            case .normal: return Tensor.randomNormal(shape, dtype: .float64, using: &generator)
            case .positive: return Tensor.randomUniform(shape, low: 0.5, high: 2, dtype: .float64, using: &generator)
            }
        }
    }
}

/// Checks `backward()` against central finite differences in float64 (inputs made by the case): the scalar is
/// Σ f(inputs)·w with fixed random weights w, so every output element matters differently.
public func checkGradients(
    _ gradientCase: GradientCase, seed: UInt64 = 7, epsilon: Double = 1e-6,
    relative: Double = 1e-5, absolute: Double = 1e-7, sourceLocation: SourceLocation = #_sourceLocation
) {
    checkGradients(name: gradientCase.name, inputs: gradientCase.makeInputs(seed: seed), function: gradientCase.function,
                   seed: seed, epsilon: epsilon, relative: relative, absolute: absolute, sourceLocation: sourceLocation)
}

private func checkGradients(
    name: String, inputs: [Tensor], function: @Sendable ([Tensor]) -> Tensor, seed: UInt64,
    epsilon: Double, relative: Double, absolute: Double, sourceLocation: SourceLocation
) {
    let leaves = inputs.map { input -> Tensor in
        var leaf = input
        leaf.requiresGrad = true
        return leaf
    }
    let output = function(leaves)
    #expect(output.dtype == .float64, "\(name): output dtype \(output.dtype)", sourceLocation: sourceLocation)
    var weightGenerator = PhiloxGenerator(seed: seed, stream: 1)
    let weights = Tensor.randomUniform(output.shape, low: 0.5, high: 1.5, dtype: .float64, using: &weightGenerator)
    (output * weights).sum().backward()

    func objective(_ values: [Tensor]) -> Double {
        noGrad { (function(values) * weights).sum().doubleItem() }
    }
    for (index, input) in inputs.enumerated() {
        let analytic = leaves[index].grad?.doubles ?? [Double](repeating: 0, count: input.scalarCount)
        #expect(leaves[index].grad?.shape ?? input.shape == input.shape, "\(name): gradient shape", sourceLocation: sourceLocation)
        var numeric = [Double](repeating: 0, count: input.scalarCount)
        for element in 0..<input.scalarCount {
            var values = inputs
            var plus = input.doubles
            plus[element] += epsilon
            values[index] = Tensor(shape: input.shape, doubles: plus)
            let up = objective(values)
            var minus = input.doubles
            minus[element] -= epsilon
            values[index] = Tensor(shape: input.shape, doubles: minus)
            let down = objective(values)
            numeric[element] = (up - down) / (2 * epsilon)
        }
        if let bad = firstMismatch(analytic, numeric, relative: relative, absolute: absolute) {
            Issue.record(
                "\(name): input \(index) element \(bad): backward gives \(analytic[bad]), finite differences \(numeric[bad])",
                sourceLocation: sourceLocation)
        }
    }
}

/// Checks `backward()` against central finite differences for explicit float64 inputs.
public func checkGradients(
    _ name: String, inputs: [Tensor], seed: UInt64 = 7, epsilon: Double = 1e-6,
    relative: Double = 1e-5, absolute: Double = 1e-7, sourceLocation: SourceLocation = #_sourceLocation,
    _ function: @escaping @Sendable ([Tensor]) -> Tensor
) {
    let fixed = inputs.map { $0.detached().converted(to: .float64) }
    checkGradients(name: name, inputs: fixed, function: function, seed: seed, epsilon: epsilon,
                   relative: relative, absolute: absolute, sourceLocation: sourceLocation)
}

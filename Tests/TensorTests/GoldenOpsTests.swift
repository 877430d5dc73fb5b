import Testing
@testable import Tensor
import TestSupport

/// Forward values of every operation against NumPy, in float32 and in float64.
@Suite("Golden values from NumPy")
struct GoldenOpsTests {
    static let cases = GoldenFile.shared.cases

    @Test("float32 matches NumPy", arguments: cases)
    func float32(_ golden: GoldenFile.Case) {
        let result = Self.evaluate(golden, dtype: .float32)
        #expect(result.dtype == .float32)
        expectClose(result, shape: golden.output.shape, golden.output.data, relative: 2e-5, absolute: 2e-6, golden.name)
    }

    @Test("float64 matches NumPy", arguments: cases)
    func float64(_ golden: GoldenFile.Case) {
        let result = Self.evaluate(golden, dtype: .float64)
        #expect(result.dtype == .float64)
        expectClose(result, shape: golden.output.shape, golden.output.data, relative: 1e-11, absolute: 1e-12, golden.name)
    }

    /// Runs the case's operation through the public API.
    static func evaluate(_ golden: GoldenFile.Case, dtype: DType) -> Tensor {
        let inputs = golden.inputs.map { $0.tensor(dtype) }
        let p = golden.params
        let keep = p.keep_dims ?? false
        switch golden.op {
        case "add": return inputs[0] + inputs[1]
        case "sub": return inputs[0] - inputs[1]
        case "mul": return inputs[0] * inputs[1]
        case "div": return inputs[0] / inputs[1]
        case "minimum": return inputs[0].minimum(inputs[1])
        case "maximum": return inputs[0].maximum(inputs[1])
        case "pow": return inputs[0].pow(inputs[1])
        case "neg": return -inputs[0]
        case "exp": return inputs[0].exp()
        case "log": return inputs[0].log()
        case "sqrt": return inputs[0].sqrt()
        case "abs": return inputs[0].abs()
        case "relu": return inputs[0].relu()
        case "leaky_relu": return inputs[0].leakyRelu(negativeSlope: p.slope!)
        case "gelu": return inputs[0].gelu()
        case "gelu_tanh": return inputs[0].gelu(approximate: .tanh)
        case "tanh": return inputs[0].tanh()
        case "sigmoid": return inputs[0].sigmoid()
        case "softplus": return inputs[0].softplus()
        case "clamp": return inputs[0].clamped(min: p.min!, max: p.max!)
        case "where": return Tensor.where(inputs[0], inputs[1], inputs[2])
        case "greater": return inputs[0].greater(inputs[1])
        case "less": return inputs[0].less(inputs[1])
        case "equal": return inputs[0].equal(inputs[1])
        case "sum": return inputs[0].sum(axes: p.axes, keepDims: keep)
        case "mean": return inputs[0].mean(axes: p.axes, keepDims: keep)
        case "max": return inputs[0].max(axes: p.axes, keepDims: keep)
        case "min": return inputs[0].min(axes: p.axes, keepDims: keep)
        case "variance": return inputs[0].variance(axes: p.axes, keepDims: keep, unbiased: p.unbiased ?? false)
        case "logsumexp": return inputs[0].logSumExp(axes: p.axes, keepDims: keep)
        case "argmax": return inputs[0].argmax(axis: p.axis!, keepDims: keep)
        case "softmax": return inputs[0].softmax(axis: p.axis!)
        case "log_softmax": return inputs[0].logSoftmax(axis: p.axis!)
        case "transpose": return inputs[0].transposed()
        case "permute": return inputs[0].permuted(p.perm!)
        case "concatenate": return Tensor.concatenate(inputs, axis: p.axis!)
        case "stack": return Tensor.stack(inputs, axis: p.axis!)
        case "index_select": return inputs[0].indexSelect(axis: p.axis!, indices: p.indices!)
        case "gather": return inputs[0].gather(axis: p.axis!, indices: inputs[1])
        case "one_hot": return Tensor.oneHot(p.indices!, classes: p.classes!, dtype: dtype)
        case "slice":
            var result = inputs[0]
            for (axis, range) in p.ranges!.enumerated() {
                result = result.slice(axis: axis, start: range[0], end: range[1], step: range[2])
            }
            return result
        case "matmul": return inputs[0].matmul(inputs[1])
        case "linspace": return Tensor.linspace(p.start!, p.end!, count: p.count!, dtype: dtype)
        case "arange": return Tensor.arange(p.start!, p.end!, step: p.step!, dtype: dtype)
        case "eye": return Tensor.eye(p.n!, dtype: dtype)
        default:
            Issue.record("golden case \(golden.name) uses op \(golden.op), which this test does not know")
            return Tensor(0)
        }
    }

    @Test("every golden operation is exercised")
    func coverage() {
        let ops = Set(Self.cases.map(\.op))
        #expect(ops.count >= 45, "only \(ops.count) operations in golden.json")
    }
}

@Suite("matmul(transposed:)")
struct TransposedProductTests {
    @Test("equals matmul with a materialised transpose", arguments: [[3, 4], [2, 3, 4], [4], [70, 60]])
    func agrees(_ leftShape: [Int]) {
        var g = PhiloxGenerator(seed: 3)
        let a = Tensor.randomNormal(leftShape, using: &g)
        let b = Tensor.randomNormal([5, leftShape.last!], using: &g)
        let direct = a.matmul(transposed: b)
        let reference = a.matmul(b.transposed())
        expectClose(direct, shape: reference.shape, reference.doubles, relative: 1e-5, absolute: 1e-5, "\(leftShape)")
    }
}

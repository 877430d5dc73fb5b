import Testing
import Tensor
import TestSupport

/// Every differentiable operation, checked against finite differences in float64, with
/// broadcasting shapes wherever the operation broadcasts.
@Suite("Gradients match finite differences")
struct GradientTests {
    static let arithmeticCases: [GradientCase] = [
        GradientCase("add same shape", [[3, 4], [3, 4]]) { $0[0] + $0[1] },
        GradientCase("add row broadcast", [[3, 4], [4]]) { $0[0] + $0[1] },
        GradientCase("add both broadcast", [[2, 1, 4], [3, 1]]) { $0[0] + $0[1] },
        GradientCase("add scalar tensor", [[5], []]) { $0[0] + $0[1] },
        GradientCase("add number", [[2, 3]]) { $0[0] + 3 },
        GradientCase("sub broadcast", [[3, 1], [2, 1, 4]]) { $0[0] - $0[1] },
        GradientCase("number minus", [[2, 3]]) { 2 - $0[0] },
        GradientCase("mul broadcast", [[2, 3, 1], [1, 1, 4]]) { $0[0] * $0[1] },
        GradientCase("mul same input twice", [[4]]) { $0[0] * $0[0] },
        GradientCase("div broadcast", [[3, 4], [4]], .positive) { $0[0] / $0[1] },
        GradientCase("number over", [[2, 3]], .positive) { 1 / $0[0] },
        GradientCase("negate", [[2, 3]]) { -$0[0] },
        GradientCase("minimum broadcast", [[3, 4], [4]]) { $0[0].minimum($0[1]) },
        GradientCase("maximum broadcast", [[3, 1], [3, 4]]) { $0[0].maximum($0[1]) },
        GradientCase("pow tensor exponent", [[3, 4], [4]], .positive) { $0[0].pow($0[1]) },
        GradientCase("pow constant", [[2, 3]], .positive) { $0[0].pow(2.5) },
        GradientCase("squared", [[2, 3]]) { $0[0].squared() },
        GradientCase("compound assignment", [[3], [3]]) {
            var x = $0[0]
            x *= $0[1]
            x += $0[1]
            x -= $0[0]
            x /= $0[1] + 3
            return x
        },
    ]

    static let unaryCases: [GradientCase] = [
        GradientCase("exp", [[2, 3, 4]]) { $0[0].exp() },
        GradientCase("log", [[2, 3, 4]], .positive) { $0[0].log() },
        GradientCase("sqrt", [[2, 3, 4]], .positive) { $0[0].sqrt() },
        GradientCase("abs", [[2, 3, 4]]) { $0[0].abs() },
        GradientCase("relu", [[2, 3, 4]]) { $0[0].relu() },
        GradientCase("leakyRelu", [[2, 3, 4]]) { $0[0].leakyRelu(negativeSlope: 0.1) },
        GradientCase("gelu", [[2, 3, 4]]) { $0[0].gelu() },
        GradientCase("gelu tanh", [[2, 3, 4]]) { $0[0].gelu(approximate: .tanh) },
        GradientCase("tanh", [[2, 3, 4]]) { $0[0].tanh() },
        GradientCase("sigmoid", [[2, 3, 4]]) { $0[0].sigmoid() },
        GradientCase("softplus", [[2, 3, 4]]) { $0[0].softplus() },
        GradientCase("clamped", [[2, 3, 4]]) { $0[0].clamped(min: -0.5, max: 0.7) },
    ]

    static let reductionsCases: [GradientCase] = [
        GradientCase("sum all", [[2, 3, 4]]) { $0[0].sum() },
        GradientCase("sum axes 0,2 keepDims", [[2, 3, 4]]) { $0[0].sum(axes: [0, 2], keepDims: true) },
        GradientCase("sum axis -1", [[2, 3, 4]]) { $0[0].sum(axis: -1) },
        GradientCase("mean all", [[2, 3, 4]]) { $0[0].mean() },
        GradientCase("mean axis 1", [[2, 3, 4]]) { $0[0].mean(axis: 1) },
        GradientCase("max all", [[2, 3, 4]]) { $0[0].max() },
        GradientCase("max axis 1", [[2, 3, 4]]) { $0[0].max(axis: 1) },
        GradientCase("min axes 0,1 keepDims", [[2, 3, 4]]) { $0[0].min(axes: [0, 1], keepDims: true) },
        GradientCase("variance axis 1", [[2, 3, 4]]) { $0[0].variance(axis: 1) },
        GradientCase("variance unbiased all", [[2, 3, 4]]) { $0[0].variance(unbiased: true) },
        GradientCase("logSumExp axis -1", [[2, 3, 4]]) { $0[0].logSumExp(axis: -1) },
        GradientCase("logSumExp all", [[2, 3, 4]]) { $0[0].logSumExp() },
        GradientCase("softmax axis 0", [[3, 5]]) { $0[0].softmax(axis: 0) },
        GradientCase("softmax axis -1", [[2, 3, 4]]) { $0[0].softmax() },
        GradientCase("softmax middle axis", [[2, 3, 4]]) { $0[0].softmax(axis: 1) },
        GradientCase("logSoftmax axis 1", [[2, 3, 4]]) { $0[0].logSoftmax(axis: 1) },
        GradientCase("logSoftmax last", [[4, 6]]) { $0[0].logSoftmax() },
    ]

    static let shapesCases: [GradientCase] = [
        GradientCase("reshaped", [[2, 3, 4]]) { $0[0].reshaped(to: [4, -1]) * $0[0].reshaped(to: [4, 6]) },
        GradientCase("transposed", [[3, 4]]) { $0[0].transposed() },
        GradientCase("transposed axes", [[2, 3, 4]]) { $0[0].transposed(0, 2) },
        GradientCase("permuted", [[2, 3, 4]]) { $0[0].permuted([2, 0, 1]) },
        GradientCase("expanded", [[3, 1]]) { $0[0].expanded(to: [2, 3, 4]) },
        GradientCase("squeezed and unsqueezed", [[3, 1, 4]]) { $0[0].squeezed(axis: 1).unsqueezed(axis: 0) },
        GradientCase("concatenate axis 1", [[2, 3], [2, 1], [2, 2]]) { Tensor.concatenate($0, axis: 1) },
        GradientCase("concatenate axis 0", [[1, 3, 2], [2, 3, 2]]) { Tensor.concatenate($0, axis: 0) },
        GradientCase("stack axis 1", [[2, 3], [2, 3], [2, 3]]) { Tensor.stack($0, axis: 1) },
        GradientCase("slice with step", [[5, 4]]) { $0[0].slice(axis: 0, start: 1, end: 5, step: 2) },
        GradientCase("slice negative bounds", [[3, 6]]) { $0[0].slice(axis: 1, start: -4, end: -1) },
        GradientCase("select", [[3, 4]]) { $0[0].select(axis: 1, index: 2) },
        GradientCase("subscript", [[3, 4]]) { $0[0][1] + $0[0][0..<2].sum(axis: 0) },
        GradientCase("indexSelect with repeats", [[4, 3]]) { $0[0].indexSelect(axis: 0, indices: [2, 0, 2, 3]) },
        GradientCase("gather axis 1", [[3, 4]]) { $0[0].gather(axis: 1, indices: Tensor(shape: [3, 2], scalars: [0, 3, 1, 1, 2, 0])) },
        GradientCase("where broadcast", [[3, 4], [4]]) {
            Tensor.where(Tensor(shape: [3, 1], scalars: [1, 0, 1]), $0[0], $0[1])
        },
        GradientCase("flattened", [[2, 3]]) { $0[0].flattened() },
    ]

    static let productsCases: [GradientCase] = [
        GradientCase("dot", [[5], [5]]) { $0[0].matmul($0[1]) },
        GradientCase("matrix vector", [[3, 4], [4]]) { $0[0].matmul($0[1]) },
        GradientCase("vector matrix", [[4], [4, 3]]) { $0[0].matmul($0[1]) },
        GradientCase("matrix matrix", [[3, 4], [4, 5]]) { $0[0].matmul($0[1]) },
        GradientCase("batched", [[2, 3, 4], [2, 4, 5]]) { $0[0].matmul($0[1]) },
        GradientCase("batch times matrix", [[2, 3, 4], [4, 5]]) { $0[0].matmul($0[1]) },
        GradientCase("matrix times batch", [[3, 4], [2, 4, 5]]) { $0[0].matmul($0[1]) },
        GradientCase("broadcast batches", [[2, 1, 2, 3], [3, 3, 2]]) { $0[0].matmul($0[1]) },
        GradientCase("matrix times transposed", [[3, 4], [5, 4]]) { $0[0].matmul(transposed: $0[1]) },
        GradientCase("batch times transposed", [[2, 3, 4], [5, 4]]) { $0[0].matmul(transposed: $0[1]) },
        GradientCase("vector times transposed", [[4], [5, 4]]) { $0[0].matmul(transposed: $0[1]) },
        GradientCase("BLAS-sized transposed", [[40, 50], [60, 50]]) { $0[0].matmul(transposed: $0[1]).tanh() },
        GradientCase("BLAS-sized", [[40, 50], [50, 60]]) { $0[0].matmul($0[1]).tanh() },
        GradientCase("mixed dtypes promote", [[3, 4]]) { $0[0].matmul(Tensor.ones([4, 2]).converted(to: .float32)) },
    ]

    static let compositesCases: [GradientCase] = [
        GradientCase("two-layer MLP", [[6, 4], [4, 8], [8], [8, 3]]) {
            ((($0[0].matmul($0[1]) + $0[2]).tanh()).matmul($0[3])).logSoftmax().mean()
        },
        GradientCase("cross entropy", [[5, 4]]) {
            -$0[0].logSoftmax().gather(axis: 1, indices: Tensor(shape: [5, 1], scalars: [0, 3, 2, 1, 3])).mean()
        },
        GradientCase("layerNormalized last axis", [[3, 6]]) { $0[0].layerNormalized(epsilon: 1e-5) },
        GradientCase("layerNormalized two axes", [[2, 3, 4]]) { $0[0].layerNormalized(trailingAxes: 2, epsilon: 1e-3) },
        GradientCase("layer-norm-like", [[3, 6]]) {
            let centred = $0[0] - $0[0].mean(axis: -1, keepDims: true)
            return centred / ($0[0].variance(axis: -1, keepDims: true) + 1e-5).sqrt()
        },
    ]

    @Test("arithmetic", arguments: arithmeticCases) func arithmetic(_ c: GradientCase) { checkGradients(c) }
    @Test("unary functions", arguments: unaryCases) func unary(_ c: GradientCase) { checkGradients(c) }
    @Test("reductions", arguments: reductionsCases) func reductions(_ c: GradientCase) { checkGradients(c) }
    @Test("shape operations", arguments: shapesCases) func shapes(_ c: GradientCase) { checkGradients(c) }
    @Test("matrix products", arguments: productsCases) func products(_ c: GradientCase) { checkGradients(c) }
    @Test("composites", arguments: compositesCases) func composites(_ c: GradientCase) { checkGradients(c) }
}

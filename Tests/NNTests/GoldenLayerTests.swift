import Foundation
import Testing
import Tensor
import TestSupport
@testable import NN

/// PyTorch's outputs and gradients for the sequence and attention layers
/// (scripts/golden/nn_layers_golden.py).
struct LayerGolden: Decodable {
    struct Array: Decodable {
        var name: String
        var shape: [Int]
        var data: [Double]
        /// Outputs only: the fixed weights w of the objective Σ sum(output·w).
        var weight: [Double]?

        func tensor(_ dtype: DType) -> Tensor { Tensor(shape: shape, doubles: data).converted(to: dtype) }
    }

    struct Case: Decodable, CustomTestStringConvertible {
        var name: String
        var layer: String
        var config: [String: Double]
        var parameters: [Array]
        var inputs: [Array]
        var outputs: [Array]
        var gradients: [Array]
        var testDescription: String { name }

        func size(_ key: String) -> Int { Int(config[key]!) }
    }

    var torch: String
    var cases: [Case]

    /// Loaded once from the test bundle's resources.
    static let shared: LayerGolden = {
        guard let url = Bundle.module.url(forResource: "layers_golden", withExtension: "json", subdirectory: "Resources") else {
            fatalError("layers_golden.json is missing from the test resources")
        }
        do {
            return try JSONDecoder().decode(LayerGolden.self, from: Data(contentsOf: url))
        } catch {
            fatalError("layers_golden.json does not decode: \(error)")
        }
    }()
}

/// Helpers for the layer tests.
enum LayerTestSupport {
    /// Makes every parameter of `module` a fresh leaf of `dtype` (same values).
    static func convert(_ module: any Module, to dtype: DType) {
        module.visitParameters { _, parameter in
            parameter = parameter.detached().converted(to: dtype)
            parameter.requiresGrad = true
        }
    }

    /// Puts `tensors` in place of the module's parameters, in ``Module/namedParameters`` order,
    /// keeping their graph: a finite-difference check can then differentiate through the module.
    static func substitute(_ tensors: [Tensor], into module: any Module) {
        var index = 0
        module.visitParameters { name, parameter in
            precondition(tensors[index].shape == parameter.shape, "substitute: \(name) is \(parameter.shape), given \(tensors[index].shape)")
            parameter = tensors[index]
            index += 1
        }
        precondition(index == tensors.count, "substitute: \(tensors.count) tensors for \(index) parameters")
    }

    /// What an exit test's child process wrote to standard error.
    static func message(_ result: ExitTest.Result?) -> String {
        String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
    }

    /// The scalar Σ sum(output·w) for fixed weights `w` of each output's shape.
    static func objective(_ outputs: [Tensor], weights: [Tensor]) -> Tensor {
        zip(outputs, weights).map { ($0 * $1).sum() }.reduce(Tensor(scalar: 0, dtype: outputs[0].dtype), +)
    }
}

/// Each layer, loaded with PyTorch's parameters, reproduces PyTorch's state-dict keys and shapes,
/// outputs, and gradients of a weighted sum of its outputs with respect to inputs and parameters.
@Suite("Layers match PyTorch")
struct GoldenLayerTests {
    static let names = [
        "embedding", "layer_norm", "gru_cell", "gru_2_layers", "causal_self_attention", "transformer_block",
        "positional_embedding",
    ]

    @Test("the golden file holds exactly the cases tested here")
    func coverage() {
        #expect(LayerGolden.shared.cases.map(\.name) == Self.names)
    }

    @Test("float64: keys, shapes, outputs and gradients match tightly", arguments: names)
    func float64(_ name: String) throws {
        try check(name, dtype: .float64, relative: 1e-9, absolute: 1e-12)
    }

    @Test("float32: outputs and gradients match loosely", arguments: names)
    func float32(_ name: String) throws {
        try check(name, dtype: .float32, relative: 1e-4, absolute: 1e-5)
    }

    func check(_ name: String, dtype: DType, relative: Double, absolute: Double) throws {
        let golden = try #require(LayerGolden.shared.cases.first { $0.name == name })
        let (module, forward) = Self.make(golden)
        LayerTestSupport.convert(module, to: dtype)

        // The state dict lines up with PyTorch's, key for key, in order.
        let state = module.stateDict()
        #expect(state.keys == golden.parameters.map(\.name), "\(name): state-dict keys")
        #expect(state.map(\.value.shape) == golden.parameters.map(\.shape), "\(name): state-dict shapes")
        try module.load(stateDict: StateDict(golden.parameters.map { ($0.name, $0.tensor(.float64)) }))
        #expect(module.parameters.allSatisfy { $0.dtype == dtype && $0.requiresGrad })

        let differentiable = Set(golden.gradients.map(\.name))
        let inputs = golden.inputs.map { input -> Tensor in
            var tensor = input.tensor(dtype)
            tensor.requiresGrad = differentiable.contains(input.name)
            return tensor
        }
        let outputs = forward(inputs)
        #expect(outputs.count == golden.outputs.count)
        for (output, expected) in zip(outputs, golden.outputs) {
            #expect(output.dtype == dtype)
            expectClose(output, shape: expected.shape, expected.data, relative: relative, absolute: absolute, "\(name) \(expected.name)")
        }
        let weights = golden.outputs.map { Tensor(shape: $0.shape, doubles: $0.weight!).converted(to: dtype) }
        LayerTestSupport.objective(outputs, weights: weights).backward()

        let parameters = Dictionary(uniqueKeysWithValues: module.namedParameters.map { ($0.name, $0.parameter) })
        for expected in golden.gradients {
            let source = parameters[expected.name] ?? golden.inputs.firstIndex { $0.name == expected.name }.map { inputs[$0] }
            let gradient = try #require(source?.grad, "\(name): no gradient for \(expected.name)")
            expectClose(gradient, shape: expected.shape, expected.data, relative: relative, absolute: absolute,
                        "\(name) ∂/∂\(expected.name)")
        }
    }

    /// The Frontier layer a case describes (parameters to be loaded) and how to run it on the
    /// case's inputs, in order.
    static func make(_ golden: LayerGolden.Case) -> (any Module, ([Tensor]) -> [Tensor]) {
        var generator = PhiloxGenerator(seed: 1)
        switch golden.layer {
        case "Embedding":
            let layer = Embedding(count: golden.size("count"), dimension: golden.size("dimension"), using: &generator)
            return (layer, { [layer($0[0])] })
        case "LayerNorm":
            let layer = LayerNorm(features: golden.size("features"), epsilon: golden.config["epsilon"]!)
            return (layer, { [layer($0[0])] })
        case "GRUCell":
            let layer = GRUCell(inputSize: golden.size("inputSize"), hiddenSize: golden.size("hiddenSize"), using: &generator)
            return (layer, { [layer($0[0], hidden: $0[1])] })
        case "GRU":
            let layer = GRU(inputSize: golden.size("inputSize"), hiddenSize: golden.size("hiddenSize"),
                            layers: golden.size("layers"), using: &generator)
            return (layer, { inputs in
                let (output, hidden) = layer(inputs[0], hidden: inputs[1])
                return [output, hidden]
            })
        case "CausalSelfAttention":
            let layer = CausalSelfAttention(modelDimension: golden.size("modelDimension"), heads: golden.size("heads"), using: &generator)
            return (layer, { [layer($0[0])] })
        case "TransformerBlock":
            let layer = TransformerBlock(
                modelDimension: golden.size("modelDimension"), heads: golden.size("heads"),
                feedForwardDimension: golden.size("feedForwardDimension"), using: &generator)
            return (layer, { [layer($0[0])] })
        case "PositionalEmbedding":
            let layer = PositionalEmbedding(maxLength: golden.size("maxLength"), dimension: golden.size("dimension"), using: &generator)
            return (layer, { [layer($0[0])] })
        default:
            fatalError("no Frontier layer for golden case \(golden.name) (\(golden.layer))")
        }
    }
}

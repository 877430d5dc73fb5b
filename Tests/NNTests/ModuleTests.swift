import Testing
import Tensor
@testable import NN

/// Parameters by dotted name, modes, and strict state-dict loading.
@Suite("Module")
struct ModuleTests {
    func makeMLP(seed: UInt64 = 0) -> MLP {
        var generator = PhiloxGenerator(seed: seed)
        return MLP(inputSize: 3, hiddenSizes: [5, 4], outputSize: 2, activation: .tanh, using: &generator)
    }

    @Test("parameters are named as a PyTorch nn.Sequential names them, in a stable order")
    func names() {
        let mlp = makeMLP()
        #expect(mlp.namedParameters.map(\.name) == [
            "layers.0.weight", "layers.0.bias", "layers.2.weight", "layers.2.bias", "layers.4.weight", "layers.4.bias",
        ])
        #expect(mlp.namedParameters.map(\.parameter.shape) == [[5, 3], [5], [4, 5], [4], [2, 4], [2]])
        #expect(mlp.parameterCount == 5 * 3 + 5 + 4 * 5 + 4 + 2 * 4 + 2)
        #expect(mlp.parameters.allSatisfy { $0.requiresGrad && $0.isLeaf })
    }

    @Test("forward and backward reach every parameter; zeroGrad clears them")
    func gradients() {
        let mlp = makeMLP()
        mlp(Tensor.ones([7, 3])).sum().backward()
        #expect(mlp.parameters.allSatisfy { $0.grad != nil })
        mlp.zeroGrad()
        #expect(mlp.parameters.allSatisfy { $0.grad == nil })
    }

    @Test("a state dict round-trips into another module and reproduces its outputs")
    func roundTrip() throws {
        let source = makeMLP(seed: 1)
        let target = makeMLP(seed: 2)
        let input = Tensor(shape: [2, 3], scalars: [0.1, -0.2, 0.3, 1, 2, -3])
        #expect(source(input).scalars != target(input).scalars)
        try target.load(stateDict: source.stateDict())
        #expect(source(input).scalars == target(input).scalars)
        #expect(target.parameters.allSatisfy { $0.requiresGrad && $0.isLeaf })
    }

    @Test("strict loading names missing, unexpected and mis-shaped keys, and changes nothing")
    func strictErrors() {
        let mlp = makeMLP()
        let before = mlp.stateDict()
        var dict = mlp.stateDict()
        dict["layers.0.bias"] = nil
        dict["layers.9.weight"] = Tensor.zeros([1])
        dict["layers.2.weight"] = Tensor.zeros([5, 4])
        #expect(throws: StateDictError(
            missing: ["layers.0.bias"], unexpected: ["layers.9.weight"],
            misshaped: [.init(key: "layers.2.weight", expected: [4, 5], actual: [5, 4])])) {
            try mlp.load(stateDict: dict)
        }
        #expect(mlp.stateDict().map(\.value.scalars) == before.map(\.value.scalars))
        do {
            try mlp.load(stateDict: dict)
        } catch {
            #expect(error.description.contains("missing keys: layers.0.bias"))
            #expect(error.description.contains("layers.2.weight has shape [5, 4], the module expects [4, 5]"))
        }
    }

    @Test("non-strict loading ignores missing and unexpected keys but never a wrong shape")
    func lenient() throws {
        let mlp = makeMLP()
        var dict = StateDict()
        dict["layers.4.bias"] = Tensor(shape: [2], scalars: [7, 8])
        dict["extra"] = Tensor.zeros([3])
        try mlp.load(stateDict: dict, strict: false)
        #expect(mlp.layers.layers[4].namedParameters.last?.parameter.scalars == [7, 8])
        dict["layers.4.bias"] = Tensor.zeros([3])
        #expect(throws: StateDictError.self) { try mlp.load(stateDict: dict, strict: false) }
    }

    @Test("train and eval propagate to every descendant; dropout is the identity in eval")
    func modes() {
        var generator = PhiloxGenerator(seed: 4)
        let dropout = Dropout(probability: 0.5, generator: PhiloxGenerator(seed: 9))
        let model = Sequential([Linear(inputSize: 4, outputSize: 4, using: &generator), dropout])
        model.eval()
        #expect(!model.isTraining && !dropout.isTraining)
        let x = Tensor.ones([2, 4])
        #expect(model(x).scalars == model(x).scalars)
        model.train()
        #expect(dropout.isTraining)
        let dropped = dropout(Tensor.ones([10_000]))
        let zeros = dropped.scalars.filter { $0 == 0 }.count
        #expect(abs(zeros - 5000) < 250)
        #expect(dropped.scalars.allSatisfy { $0 == 0 || $0 == 2 })
    }
}

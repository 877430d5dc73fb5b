import NN
import Tensor

/// A module that is only parameters with gradients already set: what an optimiser step sees.
final class ParameterBlock: Module {
    var tensors: [Tensor]
    var isTraining = true
    var children: [(name: String, module: any Module)] { [] }

    init(count: Int, size: Int, using generator: inout PhiloxGenerator) {
        tensors = (0..<count).map { _ in
            var t = Tensor.randomNormal([size], using: &generator)
            t.requiresGrad = true
            return t
        }
        for t in tensors { t.grad = Tensor.randomNormal([size], using: &generator) }
    }

    func visitOwnParameters(_ body: (String, inout Tensor) -> Void) {
        for index in tensors.indices { body(String(index), &tensors[index]) }
    }
}

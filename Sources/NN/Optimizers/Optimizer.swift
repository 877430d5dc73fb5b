import Tensor

/// Updates a module's parameters from their gradients.
///
/// Optimisers are per-parameter update rules with state keyed by the parameter's dotted name
/// (as mlx-swift and PyTorch's `state_dict` do), so their state can be saved beside the model's
/// and training resumed exactly. Parameters without a gradient are left alone, as in PyTorch.
public protocol Optimizer {
    /// The learning rate the next ``step(_:)`` uses (schedules set it before each step).
    var learningRate: Float { get set }

    /// Applies one update to every parameter of `module` that has a gradient.
    mutating func step(_ module: any Module)

    /// The optimiser's state: per-parameter buffers named `<parameter>.<buffer>`, and counters.
    func stateDict() -> StateDict

    /// Restores state saved by ``stateDict()``; throws when it does not fit `module`.
    mutating func load(stateDict: StateDict, for module: any Module) throws(OptimizerStateError)
}

/// Why optimiser state could not be restored.
public struct OptimizerStateError: Error, Equatable, CustomStringConvertible {
    /// What is wrong, naming the key.
    public var reason: String
    public var description: String { "optimizer state does not fit the model: \(reason)" }
}

/// The per-parameter buffers an optimiser keeps, by buffer name (`exp_avg`, `momentum_buffer`, …),
/// each of its parameter's shape and dtype.
struct ParameterState {
    var buffers: [String: Tensor] = [:]
    /// Updates applied to this parameter (PyTorch keeps `step` per parameter too).
    var step = 0
}

/// The per-parameter states of an optimiser, by parameter name, in the order parameters were
/// first seen.
///
/// Steps do not look states up by name: the module's parameters are matched by position against
/// the layout of the last step (the same leaf tensors in the same places), and the dotted names
/// are built again only when that layout changes.
struct ParameterStates {
    /// Parameter names in the order they were first seen, and their states.
    private(set) var order: [String] = []
    private var slots: [ParameterState] = []
    private var slotByName: [String: Int] = [:]
    /// The parameters of the module last stepped, in visit order: each one's leaf, name and slot
    /// (nil until it first has a gradient).
    private var layout: [(leaf: Int?, name: String, slot: Int?)] = []

    init() {}

    /// States restored from a checkpoint, in `order`.
    init(states: [String: ParameterState], order: [String]) {
        for name in order {
            guard let state = states[name] else { continue }
            slotByName[name] = slots.count
            self.order.append(name)
            slots.append(state)
        }
    }

    /// The state of the parameter named `name`, if it has one.
    subscript(name: String) -> ParameterState? { slotByName[name].map { slots[$0] } }

    /// Calls `update` for every parameter of `module` that has a gradient, with the parameter, its
    /// gradient and its state (its step already counted). The state is taken out of the store for
    /// the call, so its buffers are uniquely held and update in place.
    mutating func forEachGradient(
        in module: any Module, _ update: (_ parameter: inout Tensor, _ gradient: Tensor, _ state: inout ParameterState) -> Void
    ) {
        if !layoutMatches(module) { rebuildLayout(module) }
        var position = 0
        module.forEachParameter { parameter in
            defer { position += 1 }
            guard let gradient = parameter.grad else { return }
            let slot = layout[position].slot ?? addSlot(at: position)
            var state = slots[slot]
            slots[slot] = ParameterState()
            state.step += 1
            update(&parameter, gradient, &state)
            slots[slot] = state
        }
    }

    /// Whether `module` holds the same leaves, in the same order, as when the layout was built.
    private func layoutMatches(_ module: any Module) -> Bool {
        var position = 0
        var matches = true
        module.forEachParameter { parameter in
            if position >= layout.count || layout[position].leaf != parameter.leafIdentity { matches = false }
            position += 1
        }
        return matches && position == layout.count
    }

    private mutating func rebuildLayout(_ module: any Module) {
        var layout: [(leaf: Int?, name: String, slot: Int?)] = []
        module.visitParameters { name, parameter in layout.append((parameter.leafIdentity, name, slotByName[name])) }
        self.layout = layout
    }

    /// A fresh state for the parameter at `position` of the layout.
    private mutating func addSlot(at position: Int) -> Int {
        let name = layout[position].name
        if let existing = slotByName[name] {
            layout[position].slot = existing
            return existing
        }
        let slot = slots.count
        slots.append(ParameterState())
        slotByName[name] = slot
        order.append(name)
        layout[position].slot = slot
        return slot
    }
}

extension Optimizer {
    /// Saves per-parameter state as `<parameter>.<buffer>` plus `<parameter>.step`.
    static func saveStates(_ parameterStates: ParameterStates) -> StateDict {
        var dict = StateDict()
        for name in parameterStates.order {
            guard let state = parameterStates[name] else { continue }
            dict[name + ".step"] = Tensor(scalar: Double(state.step), dtype: .float64)
            for key in state.buffers.keys.sorted() { dict[name + "." + key] = state.buffers[key]! }
        }
        return dict
    }

    /// Reads back what ``saveStates(_:order:)`` wrote, checking every buffer's shape against
    /// `module`'s parameters and that every key belongs to one.
    static func loadStates(
        _ dict: StateDict, for module: any Module, bufferNames: [String]
    ) throws(OptimizerStateError) -> ParameterStates {
        var states: [String: ParameterState] = [:]
        var known = Set<String>()
        let parameters = module.namedParameters
        for (name, parameter) in parameters {
            guard let stepTensor = dict[name + ".step"] else { continue }
            known.insert(name + ".step")
            let step = stepTensor.doubleItem()
            guard step >= 0, step == step.rounded(), step < 1e15 else {
                throw OptimizerStateError(reason: "\(name).step is \(step), not a step count")
            }
            var state = ParameterState(step: Int(step))
            for buffer in bufferNames {
                guard let value = dict[name + "." + buffer] else { continue }
                known.insert(name + "." + buffer)
                guard value.shape == parameter.shape else {
                    throw OptimizerStateError(reason: "\(name).\(buffer) has shape \(value.shape), the parameter has \(parameter.shape)")
                }
                guard value.allFinite else { throw OptimizerStateError(reason: "\(name).\(buffer) holds NaN or infinity") }
                state.buffers[buffer] = value.converted(to: parameter.dtype)
            }
            states[name] = state
        }
        if let stray = dict.keys.first(where: { !known.contains($0) }) {
            throw OptimizerStateError(reason: "unexpected key \(stray)")
        }
        return ParameterStates(states: states, order: parameters.map(\.name).filter { states[$0] != nil })
    }
}

import Tensor

/// A building block of a network that owns named parameters and child modules, like PyTorch's
/// `nn.Module`. Modules are classes: a model is one object that layers, optimisers and
/// checkpoints all refer to.
///
/// Parameters are visited explicitly, not found by reflection: each module lists its own
/// parameters and children in a fixed order, and the dotted names (`layers.0.weight`) that
/// ``stateDict()`` and optimisers use are built from that.
public protocol Module: AnyObject {
    /// Calls `body` with each of this module's own parameters (not its children's), in a fixed
    /// order, by name; `body` may update the parameter in place.
    func visitOwnParameters(_ body: (_ name: String, _ parameter: inout Tensor) -> Void)

    /// This module's children, in a fixed order, with the names their parameters are prefixed by.
    var children: [(name: String, module: any Module)] { get }

    /// Whether the module is in training mode (dropout active) or evaluation mode.
    var isTraining: Bool { get set }
}

/// A module that maps one tensor to another.
public protocol Layer: Module {
    /// Applies the layer.
    func callAsFunction(_ input: Tensor) -> Tensor
}

extension Module {
    /// A module without parameters of its own lists none.
    public func visitOwnParameters(_ body: (_ name: String, _ parameter: inout Tensor) -> Void) {}

    /// Calls `body` with every parameter of this module and its descendants, by dotted name,
    /// depth first in declaration order; `body` may update each one in place.
    public func visitParameters(_ body: (_ name: String, _ parameter: inout Tensor) -> Void) {
        visitParameters(prefix: "", body)
    }

    private func visitParameters(prefix: String, _ body: (String, inout Tensor) -> Void) {
        visitOwnParameters { name, parameter in body(prefix + name, &parameter) }
        for (name, child) in children {
            child.visitParameters(prefix: prefix + name + ".", body)
        }
    }

    /// Calls `body` with every parameter of this module and its descendants in the order of
    /// ``visitParameters(_:)``, without building their names: for the per-step loops (zeroing,
    /// clipping) that do not need them.
    public func forEachParameter(_ body: (_ parameter: inout Tensor) -> Void) {
        visitOwnParameters { _, parameter in body(&parameter) }
        for (_, child) in children { child.forEachParameter(body) }
    }

    /// Every parameter with its dotted name, in a stable order.
    public var namedParameters: [(name: String, parameter: Tensor)] {
        var result: [(name: String, parameter: Tensor)] = []
        visitParameters { name, parameter in result.append((name, parameter)) }
        return result
    }

    /// Every parameter, in the order of ``namedParameters``.
    public var parameters: [Tensor] {
        var result: [Tensor] = []
        forEachParameter { result.append($0) }
        return result
    }

    /// The number of scalar parameters.
    public var parameterCount: Int {
        var count = 0
        forEachParameter { count += $0.scalarCount }
        return count
    }

    /// Forgets every parameter's accumulated gradient.
    public func zeroGrad() { forEachParameter { $0.zeroGrad() } }

    /// Puts this module and its descendants in training mode.
    public func train() { setTraining(true) }

    /// Puts this module and its descendants in evaluation mode (dropout off).
    public func eval() { setTraining(false) }

    private func setTraining(_ training: Bool) {
        isTraining = training
        for (_, child) in children { child.setTraining(training) }
    }

    /// The parameters by dotted name, detached from the graph (PyTorch's `state_dict()`).
    public func stateDict() -> StateDict {
        StateDict(namedParameters.map { ($0.name, $0.parameter.detached()) })
    }

    /// Replaces the parameters with those of `stateDict`, keeping each parameter's identity (so
    /// an optimiser holding state for it still applies).
    ///
    /// - Parameter strict: when true (the default, as in PyTorch), keys missing from the dict and
    ///   keys the module does not have are errors; when false they are ignored. A key with the
    ///   wrong shape is always an error. Nothing is changed unless every check passes.
    public func load(stateDict: StateDict, strict: Bool = true) throws(StateDictError) {
        let expected = namedParameters
        let expectedNames = Set(expected.map(\.name))
        var missing: [String] = []
        var misshaped: [StateDictError.Misshaped] = []
        for (name, parameter) in expected {
            guard let value = stateDict[name] else {
                missing.append(name)
                continue
            }
            if value.shape != parameter.shape {
                misshaped.append(.init(key: name, expected: parameter.shape, actual: value.shape))
            }
        }
        let unexpected = stateDict.keys.filter { !expectedNames.contains($0) }
        if !misshaped.isEmpty || (strict && (!missing.isEmpty || !unexpected.isEmpty)) {
            throw StateDictError(missing: strict ? missing : [], unexpected: strict ? unexpected : [], misshaped: misshaped)
        }
        visitParameters { name, parameter in
            if let value = stateDict[name] { parameter.assign(value) }
        }
    }
}

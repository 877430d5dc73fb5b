import NN
import Tensor

/// The parameters a network will hold, predicted from its description alone: every state-dict
/// key with its shape, in the order the built module lists them, and their total. Building a plan
/// allocates nothing the size of the network, and every size is checked as it is added (positive,
/// products and the total without overflow), so a registry can compare a plan with limits and with
/// a bundle entry's parameters before it constructs anything.
public struct ArchitecturePlan: Sendable, Equatable {
    /// One predicted parameter.
    public struct Parameter: Sendable, Equatable {
        /// The state-dict key, e.g. `actor.layers.0.weight`.
        public var key: String
        /// Its shape.
        public var shape: [Int]
    }

    /// The architecture kind, named in errors.
    public let kind: String
    /// The parameters, in the module's order.
    public private(set) var parameters: [Parameter] = []
    /// The number of scalars over all parameters.
    public private(set) var parameterCount = 0

    /// An empty plan for a network of `kind`.
    public init(kind: String) { self.kind = kind }

    /// Adds `key` with `shape`; throws when a size is not positive or the sizes overflow.
    public mutating func add(_ key: String, _ shape: [Int]) throws(BundleError) {
        var count = 1
        for size in shape {
            guard size > 0 else {
                throw .invalidArchitecture(kind: kind, reason: "\(key) would have shape \(shape); every size must be positive")
            }
            count = try product(count, size)
        }
        let (total, overflow) = parameterCount.addingReportingOverflow(count)
        guard !overflow else { throw .invalidArchitecture(kind: kind, reason: "the parameter count overflows") }
        parameters.append(Parameter(key: key, shape: shape))
        parameterCount = total
    }

    /// Adds a ``Linear`` layer `input → output` under `prefix` (`prefix + "weight"` `[output, input]`,
    /// then `prefix + "bias"` `[output]`).
    public mutating func addLinear(_ prefix: String, input: Int, output: Int) throws(BundleError) {
        try add(prefix + "weight", [output, input])
        try add(prefix + "bias", [output])
    }

    /// Adds an ``MLP`` with layer widths `sizes` under `prefix`: its linear layers sit at the even
    /// positions of its `layers` stack (`layers.0`, `layers.2`, …), activations between them.
    public mutating func addMLP(_ prefix: String, sizes: [Int]) throws(BundleError) {
        for (index, (input, output)) in zip(sizes, sizes.dropFirst()).enumerated() {
            try addLinear("\(prefix)layers.\(2 * index).", input: input, output: output)
        }
    }

    /// `a × b`, or an error naming the kind when it overflows.
    public func product(_ a: Int, _ b: Int) throws(BundleError) -> Int {
        let (result, overflow) = a.multipliedReportingOverflow(by: b)
        guard !overflow else { throw .invalidArchitecture(kind: kind, reason: "the sizes \(a) × \(b) overflow") }
        return result
    }

    /// Throws unless `parameters` hold exactly the planned keys and shapes; `entry` names the
    /// bundle entry in the error. The count is compared first: it is the cheaper message to read
    /// when an architecture was edited.
    public func verify(_ parameters: StateDict, entry: String) throws(BundleError) {
        var stored = 0
        for (_, tensor) in parameters {
            let (sum, overflow) = stored.addingReportingOverflow(tensor.scalarCount)
            stored = overflow ? Int.max : sum
        }
        guard stored == parameterCount else {
            throw .invalidEntry(entry: entry, reason: "the architecture needs \(parameterCount) parameters, the entry stores \(stored)")
        }
        var problems: [String] = []
        let planned = Set(self.parameters.map(\.key))
        for parameter in self.parameters {
            guard let tensor = parameters[parameter.key] else {
                problems.append("missing \(parameter.key)")
                continue
            }
            if tensor.shape != parameter.shape {
                problems.append("\(parameter.key) has shape \(tensor.shape), the architecture needs \(parameter.shape)")
            }
        }
        for key in parameters.keys where !planned.contains(key) { problems.append("unexpected \(key)") }
        guard problems.isEmpty else {
            // A stranger's entry may hold thousands of keys: name the first few.
            let shown = problems.prefix(8).joined(separator: "; ") + (problems.count > 8 ? "; and \(problems.count - 8) more" : "")
            throw .invalidEntry(entry: entry, reason: "the parameters do not match the architecture: " + shown)
        }
    }
}

/// The attributes the guide predicts for a task (DeepCoder's "attributes": which functions and
/// lambdas the program uses): the 15 functions, then the 19 lambdas, in declaration order.
public enum GuideAttributes {
    /// 34: functions then lambdas.
    public static let count = DSLFunction.allCases.count + DSLLambda.allCases.count

    /// The index of a function's attribute.
    public static func index(of function: DSLFunction) -> Int { DSLFunction.allCases.firstIndex(of: function)! }

    /// The index of a lambda's attribute.
    public static func index(of lambda: DSLLambda) -> Int {
        DSLFunction.allCases.count + DSLLambda.allCases.firstIndex(of: lambda)!
    }

    /// 1 for each attribute `program` uses, 0 for the others.
    public static func labels(of program: DSLProgram) -> [Float] {
        var labels = [Float](repeating: 0, count: count)
        for statement in program.statements {
            labels[index(of: statement.function)] = 1
            if let lambda = statement.lambda { labels[index(of: lambda)] = 1 }
        }
        return labels
    }
}

/// The fixed-size numbers the guide reads from one example: an encoding of the first two inputs
/// and the output (type, length, the first ten values, summary statistics), and relations between
/// the output and each input that the DSL's functions leave behind (same length, sub-multiset,
/// prefix, suffix, sorted or reversed copy, element-wise images under each `int -> int` lambda,
/// running folds under each `int -> int -> int` lambda, filters, and integer outputs that are an
/// element, the sum, a count, an extreme or an end of an input). Values are scaled by 1/256.
public enum GuideFeatures {
    static let valuesShown = 10
    static let slotSize = 3 + 1 + 1 + 2 * valuesShown + 8
    static let relationSize = 38
    /// Numbers per example.
    public static let count = 3 * slotSize + 2 * relationSize + 5

    private static let unaryLambdas = DSLLambda.all(of: .unary)
    private static let predicates = DSLLambda.all(of: .predicate)
    private static let binaryLambdas = DSLLambda.all(of: .binary)

    /// The features of one example of a task whose inputs have `example.inputs`' types.
    public static func features(of example: DSLExample) -> [Float] {
        var result: [Float] = []
        result.reserveCapacity(count)
        let inputs = Array(example.inputs.prefix(2))
        for slot in 0..<2 { encode(slot < inputs.count ? inputs[slot] : nil, into: &result) }
        encode(example.output, into: &result)
        for slot in 0..<2 { relate(example.output, slot < inputs.count ? inputs[slot] : nil, into: &result) }
        // Element-wise images of the two inputs under each binary lambda (ZIPWITH).
        if inputs.count == 2, case .list(let xs) = inputs[0], case .list(let ys) = inputs[1], case .list(let out) = example.output,
           out.count == min(xs.count, ys.count), !out.isEmpty {
            for lambda in binaryLambdas {
                result.append(fraction(out.indices) { lambda.apply(xs[$0], ys[$0]) == out[$0] })
            }
        } else {
            result += [Float](repeating: 0, count: binaryLambdas.count)
        }
        precondition(result.count == count, "GuideFeatures: \(result.count) features, expected \(count)")
        return result
    }

    private static func encode(_ value: DSLValue?, into result: inout [Float]) {
        switch value {
        case nil:
            result += [1, 0, 0]
            result += [Float](repeating: 0, count: slotSize - 3)
        case .int(let x)?:
            result += [0, 1, 0, scaled(x)]
            result += [Float](repeating: 0, count: slotSize - 4)
        case .list(let xs)?:
            result += [0, 0, 1, 0, Float(xs.count) / Float(valuesShown)]
            for i in 0..<valuesShown { result.append(i < xs.count ? scaled(xs[i]) : 0) }
            for i in 0..<valuesShown { result.append(i < xs.count ? 1 : 0) }
            guard !xs.isEmpty else {
                result += [Float](repeating: 0, count: 8)
                return
            }
            let sum = xs.reduce(0, &+)
            result += [scaled(xs.min()!), scaled(xs.max()!), scaled(sum) / Float(xs.count),
                       xs == xs.sorted() ? 1 : 0, xs == xs.sorted(by: >) ? 1 : 0,
                       fraction(xs.indices) { xs[$0] & 1 == 0 }, fraction(xs.indices) { xs[$0] > 0 },
                       fraction(xs.indices) { xs[$0] < 0 }]
        }
    }

    private static func relate(_ output: DSLValue, _ input: DSLValue?, into result: inout [Float]) {
        var relation = [Float](repeating: 0, count: relationSize)
        switch (output, input) {
        case (.list(let out), .list(let xs)?):
            relation[0] = out.count == xs.count ? 1 : 0
            relation[1] = out.count < xs.count ? 1 : 0
            relation[2] = out.count > xs.count ? 1 : 0
            relation[3] = isSubMultiset(out, of: xs) ? 1 : 0
            relation[4] = out.count <= xs.count && Array(xs.prefix(out.count)) == out ? 1 : 0
            relation[5] = out.count <= xs.count && Array(xs.suffix(out.count)) == out ? 1 : 0
            relation[6] = out == xs.sorted() ? 1 : 0
            relation[7] = out == xs.reversed() ? 1 : 0
            if out.count == xs.count, !out.isEmpty {
                for (offset, lambda) in unaryLambdas.enumerated() {
                    relation[8 + offset] = fraction(out.indices) { lambda.apply(xs[$0]) == out[$0] }
                }
                for (offset, lambda) in binaryLambdas.enumerated() {
                    relation[18 + offset] = fraction(out.indices.dropFirst()) { lambda.apply(out[$0 - 1], xs[$0]) == out[$0] }
                }
                relation[23] = out[0] == xs[0] ? 1 : 0
            }
            if isSubsequence(out, of: xs) {
                for (offset, predicate) in predicates.enumerated() {
                    relation[24 + offset] = out.allSatisfy { predicate.holds(for: $0) } ? 1 : 0
                }
            }
        case (.int(let y), .list(let xs)?):
            relation[28] = xs.contains(y) ? 1 : 0
            relation[29] = xs.reduce(0, &+) == y ? 1 : 0
            for (offset, predicate) in predicates.enumerated() {
                relation[30 + offset] = xs.reduce(0) { $0 + (predicate.holds(for: $1) ? 1 : 0) } == y ? 1 : 0
            }
            relation[34] = xs.min() == y ? 1 : 0
            relation[35] = xs.max() == y ? 1 : 0
            relation[36] = xs.first == y || xs.last == y ? 1 : 0
        case (.list(let out), .int(let n)?):
            relation[37] = out.count == n ? 1 : 0
        default:
            break
        }
        result += relation
    }

    private static func scaled(_ x: Int) -> Float { Float(max(-4096, min(4096, x))) / 256 }

    private static func fraction<C: Collection>(_ indices: C, _ holds: (C.Element) -> Bool) -> Float {
        indices.isEmpty ? 0 : Float(indices.reduce(0) { $0 + (holds($1) ? 1 : 0) }) / Float(indices.count)
    }

    private static func isSubMultiset(_ small: [Int], of large: [Int]) -> Bool {
        guard small.count <= large.count else { return false }
        var counts: [Int: Int] = [:]
        for x in large { counts[x, default: 0] += 1 }
        for x in small {
            guard let c = counts[x], c > 0 else { return false }
            counts[x] = c - 1
        }
        return true
    }

    private static func isSubsequence(_ small: [Int], of large: [Int]) -> Bool {
        var index = large.startIndex
        for x in small {
            guard let found = large[index...].firstIndex(of: x) else { return false }
            index = found + 1
        }
        return true
    }
}

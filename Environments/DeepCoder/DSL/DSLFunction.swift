/// The functions of the list DSL (DeepCoder, Balog et al. 2017, appendix F), with the argument
/// order and meaning of ../shared/specs/list-dsl.md.
public enum DSLFunction: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case head = "HEAD"
    case last = "LAST"
    case take = "TAKE"
    case drop = "DROP"
    case access = "ACCESS"
    case minimum = "MINIMUM"
    case maximum = "MAXIMUM"
    case reverse = "REVERSE"
    case sort = "SORT"
    case sum = "SUM"
    case map = "MAP"
    case filter = "FILTER"
    case count = "COUNT"
    case zipWith = "ZIPWITH"
    case scanl1 = "SCANL1"

    /// The name as the text form writes it.
    public var description: String { rawValue }

    /// The kind of lambda the function takes first, or nil for a first-order function.
    public var lambdaKind: DSLLambdaKind? {
        switch self {
        case .map: .unary
        case .filter, .count: .predicate
        case .zipWith, .scanl1: .binary
        default: nil
        }
    }

    /// The types of the variable arguments, in the order they are written (after the lambda).
    public var argumentTypes: [DSLType] {
        switch self {
        case .take, .drop, .access: [.int, .list]
        case .zipWith: [.list, .list]
        default: [.list]
        }
    }

    /// The type of the result.
    public var resultType: DSLType {
        switch self {
        case .head, .last, .access, .minimum, .maximum, .sum, .count: .int
        default: .list
        }
    }

    /// Applies the function to arguments of ``argumentTypes`` (and a lambda of ``lambdaKind``).
    /// Returns nil where the result is undefined: HEAD, LAST, MINIMUM, MAXIMUM of an empty list,
    /// ACCESS out of range, and arithmetic beyond 64 bits. The result's range is not checked here.
    ///
    /// - Precondition: the arguments and lambda have the function's types (a parsed program's
    ///   statements always do).
    public func apply(_ lambda: DSLLambda?, _ arguments: [DSLValue]) -> DSLValue? {
        apply(lambda, arguments[0], arguments.count > 1 ? arguments[1] : nil)
    }

    /// ``apply(_:_:)`` with the arguments apart (no array to allocate), for the solvers' inner loop.
    @inline(__always)
    func apply(_ lambda: DSLLambda?, _ first: DSLValue, _ second: DSLValue?) -> DSLValue? {
        switch self {
        case .head:
            let xs = first.listValue
            return xs.first.map(DSLValue.int)
        case .last:
            let xs = first.listValue
            return xs.last.map(DSLValue.int)
        case .take:
            let n = first.intValue, xs = second!.listValue
            return .list(n <= 0 ? [] : Array(xs.prefix(n)))
        case .drop:
            let n = first.intValue, xs = second!.listValue
            return .list(n <= 0 ? xs : Array(xs.dropFirst(n)))
        case .access:
            let n = first.intValue, xs = second!.listValue
            return n >= 0 && n < xs.count ? .int(xs[n]) : nil
        case .minimum:
            return first.listValue.min().map(DSLValue.int)
        case .maximum:
            return first.listValue.max().map(DSLValue.int)
        case .reverse:
            return .list(first.listValue.reversed())
        case .sort:
            return .list(first.listValue.sorted())
        case .sum:
            var total = 0
            for x in first.listValue {
                let (next, overflow) = total.addingReportingOverflow(x)
                if overflow { return nil }
                total = next
            }
            return .int(total)
        case .map:
            let f = lambda!
            let xs = first.listValue
            var result = [Int]()
            result.reserveCapacity(xs.count)
            for x in xs {
                guard let y = f.apply(x) else { return nil }
                result.append(y)
            }
            return .list(result)
        case .filter:
            let p = lambda!
            return .list(first.listValue.filter { p.holds(for: $0) })
        case .count:
            let p = lambda!
            var total = 0
            for x in first.listValue where p.holds(for: x) { total += 1 }
            return .int(total)
        case .zipWith:
            let f = lambda!
            let xs = first.listValue, ys = second!.listValue
            let count = Swift.min(xs.count, ys.count)
            var result = [Int]()
            result.reserveCapacity(count)
            for i in 0..<count {
                guard let z = f.apply(xs[i], ys[i]) else { return nil }
                result.append(z)
            }
            return .list(result)
        case .scanl1:
            let f = lambda!
            let xs = first.listValue
            guard var running = xs.first else { return .list([]) }
            var result = [Int]()
            result.reserveCapacity(xs.count)
            result.append(running)
            for x in xs.dropFirst() {
                guard let next = f.apply(running, x) else { return nil }
                running = next
                result.append(running)
            }
            return .list(result)
        }
    }

    /// Elementary steps one application costs: one per element of each list argument (SORT's
    /// comparisons counted as n·⌈log₂ n⌉), plus one.
    public func stepCost(_ arguments: [DSLValue]) -> Int {
        var cost = 1
        for argument in arguments {
            let n = argument.elementCount
            cost += self == .sort ? n * Swift.max(1, Int.bitWidth - n.leadingZeroBitCount) : n
        }
        return cost
    }
}

extension DSLValue {
    /// The integer of an `.int` value (a type-checked argument).
    @inline(__always)
    var intValue: Int {
        if case .int(let value) = self { return value }
        preconditionFailure("expected an int, got a list")
    }

    /// The elements of a `.list` value (a type-checked argument).
    @inline(__always)
    var listValue: [Int] {
        if case .list(let values) = self { return values }
        preconditionFailure("expected a list, got an int")
    }
}

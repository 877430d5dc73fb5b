/// What a lambda maps: one integer to an integer, one integer to a truth value, or two integers
/// to an integer.
public enum DSLLambdaKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// `int -> int`, taken by MAP.
    case unary
    /// `int -> bool`, taken by FILTER and COUNT.
    case predicate
    /// `int -> int -> int`, taken by ZIPWITH and SCANL1.
    case binary
}

/// The lambdas of the list DSL (DeepCoder, Balog et al. 2017, appendix F), with the text forms of
/// ../shared/specs/list-dsl.md. Division rounds toward negative infinity and `%` is the
/// mathematical modulo; arithmetic that overflows 64 bits gives nil (an undefined result).
public enum DSLLambda: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case plusOne = "(+1)"
    case minusOne = "(-1)"
    case timesTwo = "(*2)"
    case divideByTwo = "(/2)"
    case negate = "(*(-1))"
    case square = "(**2)"
    case timesThree = "(*3)"
    case divideByThree = "(/3)"
    case timesFour = "(*4)"
    case divideByFour = "(/4)"
    case isPositive = "(>0)"
    case isNegative = "(<0)"
    case isEven = "(%2==0)"
    case isOdd = "(%2==1)"
    case add = "(+)"
    case subtract = "(-)"
    case multiply = "(*)"
    case minimum = "MIN"
    case maximum = "MAX"

    /// The lambda as the text form writes it.
    public var description: String { rawValue }

    /// What the lambda maps.
    public var kind: DSLLambdaKind {
        switch self {
        case .plusOne, .minusOne, .timesTwo, .divideByTwo, .negate, .square, .timesThree, .divideByThree, .timesFour,
             .divideByFour:
            .unary
        case .isPositive, .isNegative, .isEven, .isOdd: .predicate
        case .add, .subtract, .multiply, .minimum, .maximum: .binary
        }
    }

    /// The lambdas of one kind, in declaration order.
    public static func all(of kind: DSLLambdaKind) -> [DSLLambda] { allCases.filter { $0.kind == kind } }

    /// Applies an `int -> int` lambda; nil when the result overflows 64 bits.
    @inline(__always)
    public func apply(_ x: Int) -> Int? {
        switch self {
        case .plusOne: return checked(x.addingReportingOverflow(1))
        case .minusOne: return checked(x.subtractingReportingOverflow(1))
        case .timesTwo: return checked(x.multipliedReportingOverflow(by: 2))
        case .divideByTwo: return Self.floorDivide(x, 2)
        case .negate: return checked(x.multipliedReportingOverflow(by: -1))
        case .square: return checked(x.multipliedReportingOverflow(by: x))
        case .timesThree: return checked(x.multipliedReportingOverflow(by: 3))
        case .divideByThree: return Self.floorDivide(x, 3)
        case .timesFour: return checked(x.multipliedReportingOverflow(by: 4))
        case .divideByFour: return Self.floorDivide(x, 4)
        default: preconditionFailure("\(self) is not an int -> int lambda")
        }
    }

    /// Applies an `int -> bool` lambda.
    @inline(__always)
    public func holds(for x: Int) -> Bool {
        switch self {
        case .isPositive: return x > 0
        case .isNegative: return x < 0
        case .isEven: return x & 1 == 0
        case .isOdd: return x & 1 == 1
        default: preconditionFailure("\(self) is not an int -> bool lambda")
        }
    }

    /// Applies an `int -> int -> int` lambda to `(x, y)`; `(-)` is `x - y`. Nil on overflow.
    @inline(__always)
    public func apply(_ x: Int, _ y: Int) -> Int? {
        switch self {
        case .add: return checked(x.addingReportingOverflow(y))
        case .subtract: return checked(x.subtractingReportingOverflow(y))
        case .multiply: return checked(x.multipliedReportingOverflow(by: y))
        case .minimum: return Swift.min(x, y)
        case .maximum: return Swift.max(x, y)
        default: preconditionFailure("\(self) is not an int -> int -> int lambda")
        }
    }

    /// `⌊x / d⌋` for a positive divisor (Swift's `/` rounds toward zero).
    @inline(__always)
    static func floorDivide(_ x: Int, _ divisor: Int) -> Int {
        let quotient = x / divisor
        return (x % divisor != 0 && x < 0) ? quotient - 1 : quotient
    }
}

@inline(__always)
private func checked(_ result: (partialValue: Int, overflow: Bool)) -> Int? {
    result.overflow ? nil : result.partialValue
}

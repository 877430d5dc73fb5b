/// The values of a search's variables on every visible example, in one block allocated once:
/// variable `v` on example `e` holds up to `stride` integers at `((v · examples) + e) · stride`,
/// with its length apart (1 for an integer). No function of the DSL makes a list longer than its
/// longest argument, so `stride`, the longest list among the examples' inputs and outputs, is
/// enough for every statement.
///
/// ``apply(_:_:_:_:into:)`` follows ``DSLFunction/apply(_:_:)`` and the spec's range rule
/// exactly (a test compares the two on random values); the solvers still check every program
/// they return with the interpreter.
struct SearchValues: ~Copyable {
    let exampleCount: Int
    let stride: Int
    private let variableCount: Int
    private let elements: UnsafeMutablePointer<Int>
    private let lengths: UnsafeMutablePointer<Int>
    /// Where the targets (the examples' outputs) live: one slot past the last variable.
    private let targetSlot: Int

    /// A block for `variableCount` variables whose first ones are the examples' inputs.
    /// - Precondition: every example has the same number of inputs.
    init(examples: [DSLExample], variableCount: Int) {
        exampleCount = examples.count
        var longest = 1
        for example in examples {
            for value in example.inputs + [example.output] { longest = Swift.max(longest, value.elementCount) }
        }
        stride = longest
        self.variableCount = variableCount
        targetSlot = variableCount
        let slots = (variableCount + 1) * Swift.max(1, examples.count)
        elements = .allocate(capacity: slots * stride)
        elements.initialize(repeating: 0, count: slots * stride)
        lengths = .allocate(capacity: slots)
        lengths.initialize(repeating: 0, count: slots)
        for (e, example) in examples.enumerated() {
            for (v, input) in example.inputs.enumerated() where v < variableCount { store(input, variable: v, example: e) }
            store(example.output, variable: targetSlot, example: e)
        }
    }

    deinit {
        elements.deallocate()
        lengths.deallocate()
    }

    private func store(_ value: DSLValue, variable: Int, example: Int) {
        let slot = variable * exampleCount + example
        switch value {
        case .int(let x):
            elements[slot * stride] = x
            lengths[slot] = 1
        case .list(let xs):
            for (i, x) in xs.enumerated() { elements[slot * stride + i] = x }
            lengths[slot] = xs.count
        }
    }

    /// The value of `variable` on `example`, of type `type` (for tests).
    func value(_ variable: Int, example: Int, type: DSLType) -> DSLValue {
        let slot = variable * exampleCount + example
        switch type {
        case .int: return .int(elements[slot * stride])
        case .list: return .list(Array(UnsafeBufferPointer(start: elements + slot * stride, count: lengths[slot])))
        }
    }

    /// Whether two variables of the same type hold the same values on every example.
    @inline(__always)
    func equal(_ a: Int, _ b: Int) -> Bool {
        for e in 0..<exampleCount where !slotsEqual(a * exampleCount + e, b * exampleCount + e) { return false }
        return true
    }

    /// Whether `variable` (of the outputs' type) holds every example's output.
    @inline(__always)
    func equalsTarget(_ variable: Int) -> Bool { equal(variable, targetSlot) }

    @inline(__always)
    private func slotsEqual(_ a: Int, _ b: Int) -> Bool {
        let count = lengths[a]
        guard count == lengths[b] else { return false }
        let x = elements + a * stride, y = elements + b * stride
        for i in 0..<count where x[i] != y[i] { return false }
        return true
    }

    /// Writes `function` (with `lambda`) of `first` and `second` (-1: none) into `target` on every
    /// example. Returns false when a result is undefined or lies outside the spec's range on some
    /// example (the statement is then cut).
    func apply(_ function: DSLFunction, _ lambda: DSLLambda?, _ first: Int, _ second: Int, into target: Int) -> Bool {
        applyOnEveryExample(function, lambda, first, second, into: target, matchingTarget: false)
    }

    /// ``apply(_:_:_:_:into:)`` for a program's last statement: whether the result equals every
    /// example's output, stopping at the first example where it does not.
    func applyMatchesTarget(_ function: DSLFunction, _ lambda: DSLLambda?, _ first: Int, _ second: Int, into target: Int) -> Bool {
        applyOnEveryExample(function, lambda, first, second, into: target, matchingTarget: true)
    }

    /// The loop behind both: inlined, so each caller gets its own copy without the flag's test.
    @inline(__always)
    private func applyOnEveryExample(_ function: DSLFunction, _ lambda: DSLLambda?, _ first: Int, _ second: Int,
                                     into target: Int, matchingTarget: Bool) -> Bool {
        precondition(target < variableCount, "SearchValues: variable \(target) beyond the \(variableCount) allotted")
        for e in 0..<exampleCount {
            let a = first * exampleCount + e
            let t = target * exampleCount + e
            let out = elements + t * stride
            guard let count = applyOnce(function, lambda, a, second < 0 ? -1 : second * exampleCount + e, out) else { return false }
            lengths[t] = count
            // Checked before the range: a mismatch is the common way out of the last statement.
            // Targets may lie outside the range; a match must not.
            if matchingTarget { guard slotsEqual(t, targetSlot * exampleCount + e) else { return false } }
            for i in 0..<count where out[i] < -256 || out[i] > 255 { return false }
        }
        return true
    }

    /// One example: writes the result at `out` and returns its length (1 for an integer), or nil
    /// when undefined.
    @inline(__always)
    private func applyOnce(_ function: DSLFunction, _ lambda: DSLLambda?, _ a: Int, _ b: Int,
                           _ out: UnsafeMutablePointer<Int>) -> Int? {
        let x = elements + a * stride, n = lengths[a]
        switch function {
        case .head:
            guard n > 0 else { return nil }
            out[0] = x[0]
            return 1
        case .last:
            guard n > 0 else { return nil }
            out[0] = x[n - 1]
            return 1
        case .take, .drop, .access:
            let k = x[0]
            let ys = elements + b * stride, m = lengths[b]
            switch function {
            case .take:
                let count = k <= 0 ? 0 : Swift.min(k, m)
                for i in 0..<count { out[i] = ys[i] }
                return count
            case .drop:
                let skip = k <= 0 ? 0 : Swift.min(k, m)
                for i in skip..<m { out[i - skip] = ys[i] }
                return m - skip
            default:
                guard k >= 0 && k < m else { return nil }
                out[0] = ys[k]
                return 1
            }
        case .minimum:
            guard n > 0 else { return nil }
            var best = x[0]
            for i in 1..<n where x[i] < best { best = x[i] }
            out[0] = best
            return 1
        case .maximum:
            guard n > 0 else { return nil }
            var best = x[0]
            for i in 1..<n where x[i] > best { best = x[i] }
            out[0] = best
            return 1
        case .reverse:
            for i in 0..<n { out[i] = x[n - 1 - i] }
            return n
        case .sort:
            // Insertion sort: lists are short.
            for i in 0..<n {
                let value = x[i]
                var j = i
                while j > 0 && out[j - 1] > value {
                    out[j] = out[j - 1]
                    j -= 1
                }
                out[j] = value
            }
            return n
        case .sum:
            var total = 0
            for i in 0..<n {
                let (next, overflow) = total.addingReportingOverflow(x[i])
                if overflow { return nil }
                total = next
            }
            out[0] = total
            return 1
        case .map:
            let f = lambda!
            for i in 0..<n {
                guard let y = f.apply(x[i]) else { return nil }
                out[i] = y
            }
            return n
        case .filter:
            let p = lambda!
            var count = 0
            for i in 0..<n where p.holds(for: x[i]) {
                out[count] = x[i]
                count += 1
            }
            return count
        case .count:
            let p = lambda!
            var count = 0
            for i in 0..<n where p.holds(for: x[i]) { count += 1 }
            out[0] = count
            return 1
        case .zipWith:
            let f = lambda!
            let ys = elements + b * stride
            let count = Swift.min(n, lengths[b])
            for i in 0..<count {
                guard let z = f.apply(x[i], ys[i]) else { return nil }
                out[i] = z
            }
            return count
        case .scanl1:
            let f = lambda!
            guard n > 0 else { return 0 }
            var running = x[0]
            out[0] = running
            for i in 1..<n {
                guard let next = f.apply(running, x[i]) else { return nil }
                running = next
                out[i] = running
            }
            return n
        }
    }
}

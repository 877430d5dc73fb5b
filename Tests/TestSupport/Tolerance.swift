import Testing
import Tensor

/// Element-wise closeness: |actual - expected| <= absolute + relative·|expected|, with NaN
/// matching NaN and infinities matching exactly. Returns the first failing index, or nil.
public func firstMismatch(_ actual: [Double], _ expected: [Double], relative: Double, absolute: Double) -> Int? {
    guard actual.count == expected.count else { return 0 }
    for (i, (a, e)) in zip(actual, expected).enumerated() {
        if a.isNaN && e.isNaN { continue }
        if e.isInfinite || a.isInfinite {
            if a != e { return i }
            continue
        }
        if Swift.abs(a - e) > absolute + relative * Swift.abs(e) { return i }
    }
    return nil
}

/// Expects `actual` to have `shape` and values close to `expected`.
public func expectClose(
    _ actual: Tensor, shape: [Int], _ expected: [Double], relative: Double, absolute: Double,
    _ context: String = "", sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(actual.shape == shape, "\(context): shape \(actual.shape), expected \(shape)", sourceLocation: sourceLocation)
    let values = actual.doubles
    if let index = firstMismatch(values, expected, relative: relative, absolute: absolute) {
        let got = index < values.count ? values[index] : .nan
        let want = index < expected.count ? expected[index] : .nan
        Issue.record("\(context): element \(index) is \(got), expected \(want) (\(values.count) vs \(expected.count) elements)", sourceLocation: sourceLocation)
    }
}

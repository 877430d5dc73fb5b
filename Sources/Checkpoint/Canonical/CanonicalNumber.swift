/// How the canonical JSON form writes a number: ECMAScript's `Number::toString` (ECMA-262
/// §6.1.6.1.20, the form RFC 8785 uses), from the shortest decimal digits that read back to the
/// same double.
///
/// With `s` those digits (`k` of them, no leading or trailing zeros) and `n` such that the value
/// is `s × 10^(n−k)`:
/// `k ≤ n ≤ 21` → `s` then `n−k` zeros (`100`); `0 < n ≤ 21` → a point after `n` digits (`2.5`);
/// `−6 < n ≤ 0` → `0.`, `−n` zeros, `s` (`0.001`); otherwise an exponent `e+`/`e-` after the first
/// digit (`1e+21`, `1.5e-7`). Zero (of either sign) is `0`; negatives take a `-`.
enum CanonicalNumber {
    /// The canonical text of a finite `value`.
    static func text(_ value: Double) -> String {
        if value == 0 { return "0" }
        if value < 0 { return "-" + text(-value) }
        let (digits, n) = shortestDigits(value)
        let k = digits.count
        if k <= n && n <= 21 { return digits + String(repeating: "0", count: n - k) }
        if 0 < n && n <= 21 { return String(digits.prefix(n)) + "." + String(digits.dropFirst(n)) }
        if -6 < n && n <= 0 { return "0." + String(repeating: "0", count: -n) + digits }
        let exponent = n - 1
        let mantissa = k == 1 ? digits : String(digits.prefix(1)) + "." + String(digits.dropFirst())
        return mantissa + "e" + (exponent >= 0 ? "+" : "-") + String(abs(exponent))
    }

    /// The shortest round-trip digits of a positive finite `value` and the position `n` of the
    /// decimal point relative to them. Swift's `description` is the shortest round-trip form (and
    /// the closest to the exact value among equally short ones, as Python's `repr` is); it is
    /// `digits[.digits][e±digits]`, which is taken apart here.
    static func shortestDigits(_ value: Double) -> (digits: String, pointPosition: Int) {
        let description = value.description
        let parts = description.split(separator: "e", maxSplits: 1)
        // `description` of a finite double always has this form; exponents are at most 3 digits.
        let exponent = parts.count == 2 ? Int(parts[1]) ?? 0 : 0
        let mantissa = parts[0].split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = String(mantissa[0])
        let fraction = mantissa.count == 2 ? String(mantissa[1]) : ""
        let all = whole + fraction
        let leadingZeros = all.prefix { $0 == "0" }.count
        var digits = String(all.dropFirst(leadingZeros))
        while digits.hasSuffix("0") { digits.removeLast() }
        return (digits, whole.count + exponent - leadingZeros)
    }
}

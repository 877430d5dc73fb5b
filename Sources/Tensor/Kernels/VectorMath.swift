import CFrontierSystem

/// Vectorised single-precision exp, tanh and sigmoid.
///
/// Written with portable `SIMD8<Float>` arithmetic only (no rounding or conversion intrinsics that
/// could turn into library calls), so it vectorises at any target CPU level. The polynomials are
/// Cephes' `expf` and `tanhf` (S. L. Moshier); accuracy is within a few ulp of the C library.
enum VectorMath {
    typealias Vector = SIMD8<Float>
    typealias Bits = SIMD8<Int32>

    /// `a·b + c`, fused (one rounding) where the build targets a CPU with FMA, two operations
    /// otherwise. The choice is made when compiling: without FMA in the target, `addingProduct`
    /// would become a call to the C library's `fmaf` per lane, far slower than multiply-add.
    @inline(__always)
    static func multiplyAdd(_ a: Vector, _ b: Vector, _ c: Vector) -> Vector {
        FRONTIER_TARGET_HAS_FMA != 0 ? c.addingProduct(a, b) : a * b + c
    }

    /// The inputs whose e^x is a normal float reached by one power-of-two scale: below
    /// `normalUpper` the exponent n stays ≤ 127, above `normalLower` it stays ≥ −126.
    static let normalUpper: Float = 88.3
    static let normalLower: Float = -87.3

    /// exp of 8 lanes. Overflow gives +inf, underflow gives subnormals then 0, NaN stays NaN.
    ///
    /// Nearly every vector has all its lanes in the normal range and takes `expNormal`, which
    /// skips the clamping, the two-step scale and the fix-ups; about twice as fast on one core.
    /// NaN fails both comparisons, so it takes the full-range path.
    @inline(__always)
    static func exp(_ x: Vector) -> Vector {
        if allLanes((x .>= normalLower) .& (x .<= normalUpper)) { return expNormal(x) }
        return expFullRange(x)
    }

    /// Whether every lane of `mask` is set. The standard library's `all(_:)` reduces through a
    /// generic lane reduction (`SIMD.max()` in perf's profile) that the optimiser leaves as a
    /// call, a tenth of exp's time; halving the lanes twice with `&` stays in registers.
    @inline(__always)
    static func allLanes(_ mask: SIMDMask<Bits>) -> Bool {
        let lanes = unsafeBitCast(mask, to: Bits.self)  // −1 where set, 0 where clear
        let four = lanes.lowHalf & lanes.highHalf
        let two = four.lowHalf & four.highHalf
        return two[0] & two[1] == -1
    }

    /// exp of 8 lanes whose results are all normal floats (see `normalLower`, `normalUpper`).
    @inline(__always)
    static func expNormal(_ x: Vector) -> Vector {
        let roundingMagic = Vector(repeating: 12582912)  // 1.5·2²³: adding it rounds to an integer in the low bits
        let shifted = multiplyAdd(x, Vector(repeating: 1.44269504088896341), roundingMagic)
        let n = shifted - roundingMagic
        let nBits = unsafeBitCast(shifted, to: Bits.self) &- 0x4B40_0000
        // r = x - n·ln2 in two parts for accuracy (Cody-Waite).
        var r = multiplyAdd(n, Vector(repeating: -0.693359375), x)
        r = multiplyAdd(n, Vector(repeating: 2.12194440e-4), r)
        var p = Vector(repeating: 1.9875691500e-4)
        p = multiplyAdd(p, r, Vector(repeating: 1.3981999507e-3))
        p = multiplyAdd(p, r, Vector(repeating: 8.3334519073e-3))
        p = multiplyAdd(p, r, Vector(repeating: 4.1665795894e-2))
        p = multiplyAdd(p, r, Vector(repeating: 1.6666665459e-1))
        p = multiplyAdd(p, r, Vector(repeating: 5.0000001201e-1))
        p = multiplyAdd(p, r * r, r + 1)
        return p * unsafeBitCast((nBits &+ 127) &<< 23, to: Vector.self)
    }

    /// exp of 8 lanes over the whole float range, with overflow, subnormals and NaN.
    @inline(__always)
    static func expFullRange(_ x: Vector) -> Vector {
        let log2e: Float = 1.44269504088896341
        let roundingMagic: Float = 12582912  // 1.5·2²³: adding it rounds to an integer in the low bits
        let upper: Float = 88.72283905206835
        let lower: Float = -103.972077083991796
        // Lanes beyond the range (and NaN) take their results from the replacements at the end,
        // so they are computed at 0 instead of at the bound: at the lower bound the scaling would
        // make subnormals, and x86 finishes each such multiplication in a microcode assist of
        // about a hundred cycles (attention's masked scores, all −∞, made exp ten times slower).
        // Masked replacement, not `clamped`: the generic pointwise min/max are not inlined.
        var v = x
        v.replace(with: 0, where: (x .> upper) .| (x .< lower) .| (x .!= x))
        let shifted = v * log2e + roundingMagic
        let n = shifted - roundingMagic
        let nBits = unsafeBitCast(shifted, to: Bits.self) &- 0x4B40_0000
        // r = v - n·ln2 in two parts for accuracy (Cody-Waite).
        var r = v - n * 0.693359375
        r = r - n * -2.12194440e-4
        let r2 = r * r
        var p: Vector = Vector(repeating: 1.9875691500e-4)
        p = p * r + 1.3981999507e-3
        p = p * r + 8.3334519073e-3
        p = p * r + 4.1665795894e-2
        p = p * r + 1.6666665459e-1
        p = p * r + 5.0000001201e-1
        p = p * r2 + r + 1
        // Scale by 2^n in two steps so that n down to -150 yields correct subnormals.
        let half = nBits &>> 1
        let rest = nBits &- half
        let scaleA = unsafeBitCast((half &+ 127) &<< 23, to: Vector.self)
        let scaleB = unsafeBitCast((rest &+ 127) &<< 23, to: Vector.self)
        var result = p * scaleA * scaleB
        result.replace(with: .infinity, where: x .> upper)
        result.replace(with: 0, where: x .< lower)
        result.replace(with: x, where: x .!= x)
        return result
    }

    /// tanh of 8 lanes.
    @inline(__always)
    static func tanh(_ x: Vector) -> Vector {
        let magnitude = unsafeBitCast(unsafeBitCast(x, to: Bits.self) & 0x7FFF_FFFF, to: Vector.self)
        // Small |x|: odd polynomial (Cephes tanhf), accurate where 1 - 2/(e^2x + 1) cancels.
        let z = x * x
        var p: Vector = Vector(repeating: -5.70498872745e-3)
        p = p * z + 2.06390887954e-2
        p = p * z - 5.37397155531e-2
        p = p * z + 1.33314422036e-1
        p = p * z - 3.33332819422e-1
        let small = p * z * x + x
        // Large |x|: 1 - 2/(e^{2|x|} + 1), with the sign of x put back.
        let large = 1 - 2 / (exp(magnitude + magnitude) + 1)
        let signBit = unsafeBitCast(x, to: Bits.self) & Bits(repeating: Int32(bitPattern: 0x8000_0000))
        let signedLarge = unsafeBitCast(unsafeBitCast(large, to: Bits.self) | signBit, to: Vector.self)
        var result = signedLarge
        result.replace(with: small, where: magnitude .< 0.625)
        result.replace(with: x, where: x .!= x)
        return result
    }

    /// erf of 8 lanes, within 1.5e-7 absolute (Abramowitz & Stegun 7.1.26). The absolute bound
    /// is what GELU needs: it multiplies erf by x/2, so its relative error stays at float precision.
    @inline(__always)
    static func erf(_ x: Vector) -> Vector { erfAndGaussian(x).erf }

    /// erf(x) and e^(−x²) (which erf computes anyway; GELU's derivative reuses it).
    @inline(__always)
    static func erfAndGaussian(_ x: Vector) -> (erf: Vector, gaussian: Vector) {
        let magnitude = unsafeBitCast(unsafeBitCast(x, to: Bits.self) & 0x7FFF_FFFF, to: Vector.self)
        let t = 1 / (1 + 0.3275911 * magnitude)
        var p: Vector = Vector(repeating: 1.061405429)
        p = p * t - 1.453152027
        p = p * t + 1.421413741
        p = p * t - 0.284496736
        p = p * t + 0.254829592
        let gaussian = exp(-magnitude * magnitude)
        let positive = 1 - p * t * gaussian
        let signBit = unsafeBitCast(x, to: Bits.self) & Bits(repeating: Int32(bitPattern: 0x8000_0000))
        var result = unsafeBitCast(unsafeBitCast(positive, to: Bits.self) | signBit, to: Vector.self)
        result.replace(with: x, where: x .!= x)
        return (result, gaussian)
    }

    /// x·Φ(x), the exact GELU, of 8 lanes.
    @inline(__always)
    static func gelu(_ x: Vector) -> Vector { 0.5 * x * (1 + erf(x * 0.7071067811865476)) }

    /// g·(Φ(x) + x·φ(x)), GELU's derivative times the upstream gradient, of 8 lanes.
    @inline(__always)
    static func geluDerivative(_ g: Vector, _ x: Vector) -> Vector {
        // erf(x/√2) computes e^(−x²/2), which is φ(x)·√(2π): one exponential for both terms.
        let (erf, gaussian) = erfAndGaussian(x * 0.7071067811865476)
        let cdf = 0.5 * (1 + erf)
        let pdf = 0.3989422804014327 * gaussian
        return g * (cdf + x * pdf)
    }

    static func gelu(_ input: UnsafeBufferPointer<Float>, _ out: UnsafeMutablePointer<Float>) {
        forEachVector(input, out) { gelu($0) }
    }

    /// `out[i] = geluDerivative(g[i], x[i])`.
    static func geluDerivative(_ g: UnsafePointer<Float>, _ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, count: Int) {
        let whole = count / 8 * 8
        var i = 0
        while i < whole {
            let gv = UnsafeRawPointer(g + i).loadUnaligned(as: Vector.self)
            let xv = UnsafeRawPointer(x + i).loadUnaligned(as: Vector.self)
            UnsafeMutableRawPointer(out + i).storeBytes(of: geluDerivative(gv, xv), as: Vector.self)
            i += 8
        }
        if whole < count {
            var gv = Vector()
            var xv = Vector()
            for j in 0..<(count - whole) {
                gv[j] = g[whole + j]
                xv[j] = x[whole + j]
            }
            let result = geluDerivative(gv, xv)
            for j in 0..<(count - whole) { out[whole + j] = result[j] }
        }
    }

    /// 1 / (1 + e^-x) of 8 lanes.
    @inline(__always)
    static func sigmoid(_ x: Vector) -> Vector { 1 / (1 + exp(-x)) }

    static func exp(_ input: UnsafeBufferPointer<Float>, _ out: UnsafeMutablePointer<Float>) {
        forEachVector(input, out) { exp($0) }
    }

    static func tanh(_ input: UnsafeBufferPointer<Float>, _ out: UnsafeMutablePointer<Float>) {
        forEachVector(input, out) { tanh($0) }
    }

    static func sigmoid(_ input: UnsafeBufferPointer<Float>, _ out: UnsafeMutablePointer<Float>) {
        forEachVector(input, out) { sigmoid($0) }
    }

    /// Applies `f` 8 lanes at a time; the tail is padded into one last vector.
    @inline(__always)
    static func forEachVector(
        _ input: UnsafeBufferPointer<Float>, _ out: UnsafeMutablePointer<Float>, _ f: (Vector) -> Vector
    ) {
        guard let base = input.baseAddress else { return }
        let count = input.count
        let whole = count / 8 * 8
        var i = 0
        while i < whole {
            let v = UnsafeRawPointer(base + i).loadUnaligned(as: Vector.self)
            UnsafeMutableRawPointer(out + i).storeBytes(of: f(v), as: Vector.self)
            i += 8
        }
        if whole < count {
            var tail = Vector()
            for j in 0..<(count - whole) { tail[j] = base[whole + j] }
            let result = f(tail)
            for j in 0..<(count - whole) { out[whole + j] = result[j] }
        }
    }
}

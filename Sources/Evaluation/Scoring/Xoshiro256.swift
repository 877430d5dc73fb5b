import Foundation

/// SplitMix64 (Steele, Lea & Flood 2014): a tiny generator used to expand one 64-bit seed into
/// the state of ``Xoshiro256``, as its authors recommend.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator starting from `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// xoshiro256** (Blackman & Vigna 2018): a fast, portable, seedable generator, so a simulation
/// prints the same numbers on every machine. Also the normal, gamma and beta draws the
/// simulation needs, each written out so the stream does not depend on the standard library.
public struct Xoshiro256: RandomNumberGenerator, Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    /// A generator whose state is four SplitMix64 outputs from `seed` (never all zero).
    public init(seed: UInt64) {
        var mixer = SplitMix64(seed: seed)
        state = (mixer.next(), mixer.next(), mixer.next(), mixer.next())
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = rotate(state.1 &* 5, 7) &* 9
        let shifted = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= shifted
        state.3 = rotate(state.3, 45)
        return result
    }

    /// A uniform double in [0, 1) with 53 random bits.
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A standard normal draw (Box–Muller; one of the pair is dropped to keep the state simple).
    public mutating func nextNormal() -> Double {
        // 1 − u lies in (0, 1], so the logarithm is finite.
        let radius = (-2 * log(1 - nextUnit())).squareRoot()
        return radius * cos(2 * Double.pi * nextUnit())
    }

    /// A Gamma(shape, 1) draw (Marsaglia & Tsang 2000; shapes below 1 boosted by U^(1/shape));
    /// NaN for a shape that is not a positive finite number, which ``nextBeta(_:_:)`` turns into ½.
    public mutating func nextGamma(shape: Double) -> Double {
        guard shape > 0, shape.isFinite else { return .nan }
        if shape < 1 {
            return nextGamma(shape: shape + 1) * pow(1 - nextUnit(), 1 / shape)
        }
        let d = shape - 1.0 / 3.0
        let c = 1 / (9 * d).squareRoot()
        while true {
            let x = nextNormal()
            let v = 1 + c * x
            if v <= 0 { continue }
            let cube = v * v * v
            let u = 1 - nextUnit()
            if log(u) < 0.5 * x * x + d - d * cube + d * log(cube) { return d * cube }
        }
    }

    /// A Beta(a, b) draw, as G_a / (G_a + G_b).
    public mutating func nextBeta(_ a: Double, _ b: Double) -> Double {
        let x = nextGamma(shape: a)
        let y = nextGamma(shape: b)
        return x + y > 0 ? x / (x + y) : 0.5
    }

    private func rotate(_ value: UInt64, _ count: UInt64) -> UInt64 {
        (value << count) | (value >> (64 - count))
    }
}

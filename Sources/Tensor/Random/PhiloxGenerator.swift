#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A counter-based random number generator: Philox4x64-10 (Salmon et al., "Parallel random
/// numbers: as easy as 1, 2, 3", SC 2011), the generator NumPy exposes as `numpy.random.Philox`.
///
/// The same key and counter give the same numbers on every machine and build: the generator is
/// pure integer arithmetic. Independent streams come from different keys (`seed`, `stream`), so
/// parallel workers never share state. Its raw 64-bit output matches NumPy's `Philox(key=...,
/// counter=...)` `random_raw()` exactly (pinned by golden tests).
public struct PhiloxGenerator: RandomNumberGenerator, Sendable {
    /// The 256-bit counter as four 64-bit words, least significant first.
    public private(set) var counter: SIMD4<UInt64>
    /// The 128-bit key.
    public let key: SIMD2<UInt64>
    private var buffer = SIMD4<UInt64>()
    private var bufferPosition = 4
    /// The second normal of the last Box-Muller pair, kept for the next call.
    private var spareNormal: Double?

    /// A generator for `seed`; different `stream`s give independent sequences for one seed.
    public init(seed: UInt64, stream: UInt64 = 0) {
        self.init(key: SIMD2(seed, stream), counter: SIMD4(repeating: 0))
    }

    /// A generator with an explicit key and counter, as NumPy's `Philox(key=, counter=)`.
    public init(key: SIMD2<UInt64>, counter: SIMD4<UInt64>) {
        self.key = key
        self.counter = counter
    }

    /// The next 64 random bits. Like NumPy, each block of four outputs is produced after
    /// incrementing the counter.
    public mutating func next() -> UInt64 {
        if bufferPosition == 4 {
            incrementCounter()
            buffer = PhiloxGenerator.block(counter: counter, key: key)
            bufferPosition = 0
        }
        defer { bufferPosition += 1 }
        return buffer[bufferPosition]
    }

    private mutating func incrementCounter() {
        for word in 0..<4 {
            counter[word] &+= 1
            if counter[word] != 0 { break }
        }
    }

    /// Ten Philox rounds over one counter value.
    static func block(counter: SIMD4<UInt64>, key: SIMD2<UInt64>) -> SIMD4<UInt64> {
        let multiplier0: UInt64 = 0xD2E7_470E_E14C_6C93
        let multiplier1: UInt64 = 0xCA5A_8263_9512_1157
        let weyl0: UInt64 = 0x9E37_79B9_7F4A_7C15
        let weyl1: UInt64 = 0xBB67_AE85_84CA_A73B
        // Four scalar words rather than a SIMD4 rebuilt each round: the compiler keeps them in
        // registers (the block is on the hot path of every sampled action).
        var (x0, x1, x2, x3) = (counter[0], counter[1], counter[2], counter[3])
        var (k0, k1) = (key[0], key[1])
        for round in 0..<10 {
            if round > 0 {
                k0 &+= weyl0
                k1 &+= weyl1
            }
            let product0 = multiplier0.multipliedFullWidth(by: x0)
            let product1 = multiplier1.multipliedFullWidth(by: x2)
            (x0, x1, x2, x3) = (product1.high ^ x1 ^ k0, product1.low, product0.high ^ x3 ^ k1, product0.low)
        }
        return SIMD4(x0, x1, x2, x3)
    }

    // MARK: Distributions (all portable: integer arithmetic plus IEEE operations)

    /// Uniform in [0, 1) with 24 random bits.
    public mutating func nextFloat() -> Float { Float(next() >> 40) * 0x1p-24 }

    /// Uniform in [0, 1) with 53 random bits.
    public mutating func nextDouble() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// A standard normal sample (Box-Muller; pairs are used in order).
    public mutating func nextNormal() -> Double {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        // 1 - u lies in (0, 1], so the logarithm is finite.
        let u1 = 1 - nextDouble()
        let u2 = nextDouble()
        let radius = (-2 * libmLogForRandom(u1)).squareRoot()
        let angle = 2 * Double.pi * u2
        spareNormal = radius * libmSinForRandom(angle)
        return radius * libmCosForRandom(angle)
    }

    /// A uniform integer in `0..<bound` without modulo bias (Lemire's method).
    ///
    /// The same draws as the standard library's `next(upperBound:)` (Lemire's nearly
    /// divisionless method, one 64-bit output per try), written out for `UInt64` because the
    /// generic version's layers cost a tenth of a CartPole step.
    public mutating func nextInt(below bound: Int) -> Int {
        check(bound > 0, "nextInt(below:): bound must be positive, got \(bound)")
        let upperBound = UInt64(bound)
        var product = next().multipliedFullWidth(by: upperBound)
        if product.low < upperBound {
            let threshold = (0 &- upperBound) % upperBound
            while product.low < threshold { product = next().multipliedFullWidth(by: upperBound) }
        }
        return Int(product.high)
    }

    /// `0..<count` in random order (Fisher-Yates).
    public mutating func permutation(_ count: Int) -> [Int] {
        check(count >= 0, "permutation: count must not be negative, got \(count)")
        var values = Array(0..<count)
        if count < 2 { return values }
        for i in stride(from: count - 1, to: 0, by: -1) {
            values.swapAt(i, nextInt(below: i + 1))
        }
        return values
    }

    /// Everything that determines the generator's future output, for saving a training run and
    /// resuming it bit-identically.
    public struct State: Codable, Sendable, Equatable {
        /// The key.
        public var key: SIMD2<UInt64>
        /// The counter.
        public var counter: SIMD4<UInt64>
        /// The block of outputs being handed out.
        public var buffer: SIMD4<UInt64>
        /// How many of `buffer`'s outputs are used (4: none left).
        public var bufferPosition: Int
        /// The unused second normal of the last Box-Muller pair.
        public var spareNormal: Double?
    }

    /// The generator's complete state.
    public var state: State {
        State(key: key, counter: counter, buffer: buffer, bufferPosition: bufferPosition, spareNormal: spareNormal)
    }

    /// A generator continuing exactly where the one `state` was read from stood. Returns nil
    /// when the buffer position is out of range (a damaged or foreign state).
    public init?(state: State) {
        guard (0...4).contains(state.bufferPosition), state.spareNormal?.isFinite ?? true else { return nil }
        self.init(key: state.key, counter: state.counter)
        buffer = state.buffer
        bufferPosition = state.bufferPosition
        spareNormal = state.spareNormal
    }

    /// A generator for an independent child stream, derived deterministically from this one's
    /// key and `index` (for example one per worker or per environment copy).
    public func child(_ index: UInt64) -> PhiloxGenerator {
        let mixed = PhiloxGenerator.block(counter: SIMD4(index, 0x6368_696C_64, 0, 0), key: key)
        return PhiloxGenerator(key: SIMD2(mixed[0], mixed[1]), counter: SIMD4(repeating: 0))
    }
}

private func libmLogForRandom(_ x: Double) -> Double { log(x) }
private func libmSinForRandom(_ x: Double) -> Double { sin(x) }
private func libmCosForRandom(_ x: Double) -> Double { cos(x) }

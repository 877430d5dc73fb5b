import Testing
@testable import Tensor
import TestSupport

/// CPU detection, the OpenBLAS kernel choice and its reference check, and the agreement of the
/// Swift and BLAS matrix kernels and of single- and multi-threaded element-wise kernels.
@Suite("Runtime: CPU, BLAS and threads")
struct RuntimeTests {
    static let intelAVX512 = """
        processor\t: 0
        vendor_id\t: GenuineIntel
        cpu family\t: 6
        model\t\t: 207
        flags\t\t: fpu sse sse2 avx avx2 fma avx512f avx512dq avx512cd avx512bw avx512vl avx512_bf16
        """
    static let amdZen3 = """
        vendor_id\t: AuthenticAMD
        cpu family\t: 25
        flags\t\t: fpu sse sse2 avx fma avx2 bmi2
        """
    static let old = "vendor_id\t: GenuineIntel\nflags\t\t: fpu sse sse2 ssse3\n"

    @Test("CPU levels and recommended OpenBLAS cores from /proc/cpuinfo texts")
    func cpuFeatures() {
        let intel = CPUFeatures(cpuinfo: Self.intelAVX512)
        #expect(intel.level == .avx512 && intel.vendor == "GenuineIntel")
        #expect(intel.recommendedOpenBLASCore == "SkylakeX")
        let amd = CPUFeatures(cpuinfo: Self.amdZen3)
        #expect(amd.level == .avx2 && amd.recommendedOpenBLASCore == "Zen")
        let legacy = CPUFeatures(cpuinfo: Self.old)
        #expect(legacy.level == .baseline && legacy.recommendedOpenBLASCore == nil)
        #expect(CPUFeatures(cpuinfo: "").level == .baseline)
    }

    @Test("OpenBLAS core names map to instruction-set levels")
    func coreLevels() {
        #expect(CPUFeatures.level(ofOpenBLASCore: "Prescott") == .baseline)
        #expect(CPUFeatures.level(ofOpenBLASCore: "Haswell") == .avx2)
        #expect(CPUFeatures.level(ofOpenBLASCore: "ZEN") == .avx2)
        #expect(CPUFeatures.level(ofOpenBLASCore: "SkylakeX") == .avx512)
        #expect(CPUFeatures.level(ofOpenBLASCore: "SomethingNew") == nil)
        // The Prescott fallback on an AVX-512 machine is exactly the case that warrants a restart.
        #expect(CPUFeatures.level(ofOpenBLASCore: "Prescott")! < CPUFeatures(cpuinfo: Self.intelAVX512).level)
    }

    @Test("a restart is asked for only when OpenBLAS chose kernels below the CPU, once, and never against the user")
    func restartDecision() {
        let intel = CPUFeatures(cpuinfo: Self.intelAVX512)
        let amd = CPUFeatures(cpuinfo: Self.amdZen3)
        #expect(BLASRuntime.betterCore(current: "Prescott", cpu: intel, requested: nil, alreadyRestarted: false) == "SkylakeX")
        #expect(BLASRuntime.betterCore(current: "Haswell", cpu: intel, requested: nil, alreadyRestarted: false) == "SkylakeX")
        #expect(BLASRuntime.betterCore(current: "SkylakeX", cpu: intel, requested: nil, alreadyRestarted: false) == nil)
        #expect(BLASRuntime.betterCore(current: "Prescott", cpu: intel, requested: "Haswell", alreadyRestarted: false) == nil)
        #expect(BLASRuntime.betterCore(current: "Prescott", cpu: intel, requested: nil, alreadyRestarted: true) == nil)
        #expect(BLASRuntime.betterCore(current: "Zen", cpu: amd, requested: nil, alreadyRestarted: false) == nil)
        #expect(BLASRuntime.betterCore(current: "Prescott", cpu: amd, requested: nil, alreadyRestarted: false) == "Zen")
        #expect(BLASRuntime.betterCore(current: "UnknownCore", cpu: intel, requested: nil, alreadyRestarted: false) == nil)
    }

    @Test("the running OpenBLAS passes the reference check and reports its core")
    func blasCheck() {
        #expect(BLASRuntime.verification.passed, "max error \(BLASRuntime.verification.maxError)")
        #expect(!BLASRuntime.coreName.isEmpty)
        #expect(BLASRuntime.kernelSummary.contains(BLASRuntime.coreName))
        #expect(BLASRuntime.configuration.contains("OpenBLAS"))
        // Either the kernels already suit this CPU, or a restart is pending (never in tests,
        // where the Makefile sets OPENBLAS_CORETYPE).
        if let current = CPUFeatures.level(ofOpenBLASCore: BLASRuntime.coreName), current >= CPUFeatures.current.level {
            #expect(BLASRuntime.betterCore == nil)
        }
    }

    @Test("Swift and BLAS matrix kernels agree, with every transpose", arguments: [
        (3, 4, 5), (5, 40, 20), (9, 2, 70), (47, 48, 49), (64, 33, 70), (130, 17, 65), (16, 64, 3), (64, 4, 256), (1, 64, 200), (20, 7, 30),
        (4, 64, 4), (5, 37, 7), (4, 66, 64), (13, 32, 9),
    ])
    func kernelsAgree(_ sizes: (Int, Int, Int)) {
        let (m, n, k) = sizes
        var g = PhiloxGenerator(seed: UInt64(m * n * k))
        for (transposeA, transposeB) in [(false, false), (true, false), (false, true), (true, true)] {
            let a = Tensor.randomNormal(transposeA ? [k, m] : [m, k], using: &g).scalars
            let b = Tensor.randomNormal(transposeB ? [n, k] : [k, n], using: &g).scalars
            var viaSwift = [Float](repeating: 0, count: m * n)
            var viaBLAS = [Float](repeating: 0, count: m * n)
            GEMM.swiftMultiply(a, b, &viaSwift, m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB)
            Float.blasGEMM(a, b, &viaBLAS, m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB)
            let mismatch = firstMismatch(viaSwift.map(Double.init), viaBLAS.map(Double.init), relative: 1e-4, absolute: 1e-4)
            #expect(mismatch == nil, "\(sizes) transposeA \(transposeA) transposeB \(transposeB)")
        }
    }

    @Test("element-wise results do not depend on the thread count")
    func threadIndependence() {
        var g = PhiloxGenerator(seed: 11)
        let n = TensorRuntime.parallelThreshold * 3 + 17
        let x = Tensor.randomNormal([n], using: &g)
        let y = Tensor.randomNormal([n], using: &g)
        func compute() -> [[Float]] {
            [(x + y).scalars, (x * 2).scalars, x.exp().scalars, x.tanh().scalars, x.sigmoid().scalars, x.relu().scalars]
        }
        let saved = TensorRuntime.intraOpThreads
        TensorRuntime.intraOpThreads = 1
        let single = compute()
        TensorRuntime.intraOpThreads = 2
        let multi = compute()
        TensorRuntime.intraOpThreads = saved
        #expect(single == multi)
    }

    @Test("vectorised exp, tanh and sigmoid stay within a few ulp of the C library")
    func vectorMathAccuracy() {
        let values = stride(from: -20.0, through: 20.0, by: 0.0137).map { Float($0) } + [0, -0.0, 1e-8, -1e-8, 0.6249, 0.6251, 88.7, -87.5, -100]
        let x = Tensor(values)
        let exp = x.exp().scalars
        let tanh = x.tanh().scalars
        let sigmoid = x.sigmoid().scalars
        for (i, v) in values.enumerated() {
            let e = Float(Double(v).exponential)
            #expect(Swift.abs(exp[i] - e) <= 4 * e.ulp, "exp(\(v)) = \(exp[i]), libm \(e)")
            let t = Float(Double(v).hyperbolicTangent)
            #expect(Swift.abs(tanh[i] - t) <= 4 * Swift.max(t.magnitude.ulp, Float.leastNormalMagnitude), "tanh(\(v)) = \(tanh[i]), libm \(t)")
            let s = Float(1 / (1 + Double(-v).exponential))
            #expect(Swift.abs(sigmoid[i] - s) <= 4 * Swift.max(s.ulp, Float.leastNormalMagnitude), "sigmoid(\(v)) = \(sigmoid[i])")
        }
        let special = Tensor([Float.infinity, -Float.infinity, Float.nan, 89, -104]).exp().scalars
        #expect(special[0] == .infinity && special[1] == 0 && special[2].isNaN && special[3] == .infinity && special[4] == 0)
        // One vector mixing masked scores (−∞, as attention's causal mask leaves them) and values
        // beyond both bounds with ordinary ones: each lane gets its own exact result.
        let mixed: [Float] = [1.5, -.infinity, -2, -104, 0.25, 89, -.infinity, 3]
        let mixedExp = Tensor(mixed).exp().scalars
        for (i, v) in mixed.enumerated() {
            let e = Float(Double(v).exponential)
            #expect(Swift.abs(mixedExp[i] - e) <= 4 * e.ulp || mixedExp[i] == e, "exp(\(v)) = \(mixedExp[i]), libm \(e)")
        }
        let specialTanh = Tensor([Float.infinity, -Float.infinity, Float.nan]).tanh().scalars
        #expect(specialTanh[0] == 1 && specialTanh[1] == -1 && specialTanh[2].isNaN)
    }

    @Test("exp agrees with the C library on both sides of its fast path's bounds, vector by vector")
    func expFastPathBounds() {
        // Runs of 8 equal-kind values fill whole vectors, so each vector takes one path: all
        // lanes just inside the normal range (fast path), or just outside it (full range).
        var values: [Float] = []
        for edge in [VectorMath.normalUpper, VectorMath.normalLower] {
            var v = edge
            for _ in 0..<64 { values.append(v); v = v.nextDown }
            v = edge
            for _ in 0..<64 { v = v.nextUp; values.append(v) }
        }
        values += stride(from: -104.0, through: 88.7, by: 0.0371).map { Float($0) }
        let exp = Tensor(values).exp().scalars
        for (i, v) in values.enumerated() {
            let e = Float(Double(v).exponential)
            #expect(Swift.abs(exp[i] - e) <= 4 * Swift.max(e.ulp, Float.leastNonzeroMagnitude), "exp(\(v)) = \(exp[i]), libm \(e)")
        }
    }
}

extension Double {
    var exponential: Double { Tensor(shape: [], doubles: [self]).exp().doubleItem() }
    var hyperbolicTangent: Double { Tensor(shape: [], doubles: [self]).tanh().doubleItem() }
}

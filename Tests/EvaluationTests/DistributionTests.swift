import Testing
@testable import Evaluation

// Golden values from SciPy 1.17.1 (scipy.special.betainc, scipy.stats.beta.ppf, scipy.stats.t.cdf
// / .sf / .ppf / .isf, scipy.stats.norm.ppf / .isf / .cdf / .sf), printed with repr().

@Suite("Beta, Student-t and normal distributions")
struct DistributionTests {
    @Test("regularized incomplete beta matches scipy.special.betainc")
    func incompleteBeta() {
        let cases: [(x: Double, a: Double, b: Double, expected: Double)] = [
            (0.3, 2, 3, 0.34829999999999994),
            (0.5, 0.5, 0.5, 0.5000000000000001),
            (0.9, 10, 2, 0.6973568802000002),
            (0.01, 0.5, 200.5, 0.9551738144542495),
            (0.7, 100.5, 50.5, 0.8141689927785827),
            (0.999, 3, 0.5, 0.9407468104840536),
            (0.2, 1000.5, 4000.5, 0.49858932685233825),
        ]
        for c in cases {
            expectClose(BetaDistribution.cdf(c.x, alpha: c.a, beta: c.b), c.expected, relative: 1e-11, "I_\(c.x)(\(c.a), \(c.b))")
        }
        #expect(BetaDistribution.cdf(0, alpha: 2, beta: 3) == 0)
        #expect(BetaDistribution.cdf(1, alpha: 2, beta: 3) == 1)
    }

    @Test("Beta quantile matches scipy.stats.beta.ppf and inverts the cdf")
    func betaQuantile() {
        let cases: [(p: Double, a: Double, b: Double, expected: Double)] = [
            (0.025, 7.5, 3.5, 0.3941816818513287),
            (0.975, 7.5, 3.5, 0.9073054060618468),
            (0.025, 0.5, 10.5, 4.7890433157581876e-05),
            (0.975, 9.5, 1.5, 0.9889883262368389),
            (0.5, 2, 5, 0.26444998329566005),
            (1e-6, 3, 4, 0.003694265299405909),
            (0.999999, 3, 4, 0.9838264867049408),
            (0.025, 500.5, 500.5, 0.46904771269911394),
        ]
        for c in cases {
            let x = BetaDistribution.quantile(c.p, alpha: c.a, beta: c.b)
            expectClose(x, c.expected, relative: 1e-9, "Beta(\(c.a), \(c.b)) quantile \(c.p)")
            expectClose(BetaDistribution.cdf(x, alpha: c.a, beta: c.b), c.p, relative: 1e-9, "round trip")
        }
        #expect(BetaDistribution.quantile(0, alpha: 2, beta: 2) == 0)
        #expect(BetaDistribution.quantile(1, alpha: 2, beta: 2) == 1)
    }

    @Test("Jeffreys interval matches the Beta(k+½, n−k+½) quantiles, with 0 and 1 at the ends")
    func jeffreysInterval() {
        let cases: [(k: Double, n: Int, lower: Double, upper: Double)] = [
            (7, 10, 0.3941816818513287, 0.9073054060618468),
            (0, 10, 0.0, 0.21719626750921053),
            (10, 10, 0.7828037324907894, 1.0),
            (1, 20, 0.005449032581426599, 0.2108186362492652),
            (50, 100, 0.40317395089641805, 0.596826049103582),
            (120, 200, 0.5310687132365932, 0.66606036202146),
            (3, 1000, 0.0008456348018298346, 0.007984367358403443),
        ]
        for c in cases {
            let interval = ConfidenceInterval.jeffreys(successes: c.k, trials: c.n, confidence: 0.95)
            expectClose(interval.lower, c.lower, relative: 1e-9, "lower \(c.k)/\(c.n)")
            expectClose(interval.upper, c.upper, relative: 1e-9, "upper \(c.k)/\(c.n)")
        }
    }

    @Test("Student-t interval matches mean ± t(0.975, n−1)·s/√n")
    func studentTInterval() {
        let interval = ConfidenceInterval.studentT(scores: [0.2, 0.5, 0.9, 0.4, 0.65, 0.3], confidence: 0.95)
        expectClose(interval.lower, 0.22531529778753445, relative: 1e-10, "lower")
        expectClose(interval.upper, 0.7580180355457988, relative: 1e-10, "upper")
        // One score says nothing about the spread.
        #expect(ConfidenceInterval.studentT(scores: [0.4], confidence: 0.95) == ConfidenceInterval(lower: 0, upper: 1))
        // The interval is cut to [0, 1].
        let wide = ConfidenceInterval.studentT(scores: [0, 1], confidence: 0.95)
        #expect(wide.lower == 0 && wide.upper == 1)
    }

    @Test("Student-t cdf and upper tail match scipy.stats.t")
    func studentTCDF() {
        let cases: [(t: Double, df: Double, cdf: Double, tail: Double)] = [
            (2.0, 5, 0.9490302605850708, 0.050969739414929174),
            (-1.3, 10, 0.1113829086034223, 0.8886170913965777),
            (0.4, 1, 0.6211189415908434, 0.3788810584091566),
            (3.5, 199, 0.9997129396961942, 0.000287060303805738),
            (10.0, 3, 0.9989358004707929, 0.0010641995292070751),
        ]
        for c in cases {
            expectClose(StudentT.cdf(c.t, degreesOfFreedom: c.df), c.cdf, relative: 1e-11, "cdf(\(c.t), \(c.df))")
            expectClose(StudentT.upperTail(c.t, degreesOfFreedom: c.df), c.tail, relative: 1e-10, "sf(\(c.t), \(c.df))")
        }
    }

    @Test("Student-t quantiles match scipy.stats.t.ppf and .isf")
    func studentTQuantile() {
        let cases: [(p: Double, df: Double, expected: Double)] = [
            (0.975, 1, 12.706204736174694),
            (0.975, 2, 4.302652729749462),
            (0.975, 10, 2.228138851986274),
            (0.95, 30, 1.697260886593957),
            (0.99375, 199, 2.520615386193569),
            (0.99375, 999, 2.502237693216087),
            (0.6, 4, 0.2707222947075976),
            (0.9999, 3, 22.203742273205),
            (0.025, 7, -2.3646242515927844),
        ]
        for c in cases {
            expectClose(StudentT.quantile(c.p, degreesOfFreedom: c.df), c.expected, relative: 1e-9, "ppf(\(c.p), \(c.df))")
        }
        expectClose(StudentT.upperQuantile(tailProbability: 1e-8, degreesOfFreedom: 10), 15.895687652513546, relative: 1e-9, "isf(1e-8)")
        expectClose(StudentT.upperQuantile(tailProbability: 0.05 / 8, degreesOfFreedom: 199), 2.5206153861935676, relative: 1e-9, "isf(α/8)")
    }

    @Test("normal quantile, tail and cdf match scipy.stats.norm")
    func normal() {
        let cases: [(p: Double, expected: Double)] = [
            (0.975, 1.959963984540054), (0.95, 1.6448536269514722), (0.99375, 2.497705474412374),
            (1e-10, -6.361340902404056), (0.3, -0.5244005127080409),
        ]
        for c in cases {
            expectClose(StandardNormal.quantile(c.p), c.expected, relative: 1e-12, "ppf(\(c.p))")
        }
        #expect(StandardNormal.quantile(0.5) == 0)
        expectClose(StandardNormal.upperQuantile(tailProbability: 1e-20), 9.262340089798409, relative: 1e-12, "isf(1e-20)")
        expectClose(StandardNormal.cdf(-1.5), 0.06680720126885807, relative: 1e-13, "cdf(-1.5)")
        expectClose(StandardNormal.upperTail(8), 6.22096057427174e-16, relative: 1e-12, "sf(8)")
    }
}

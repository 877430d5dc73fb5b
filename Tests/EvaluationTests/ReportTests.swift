import Foundation
import Testing
@testable import Evaluation

@Suite("Text, JSON and SVG renderings")
struct ReportTests {
    let table = aggregateTable(environments: ["a", "b", "c"], miners: [
        (uid: 1, submitted: 100, scores: [0.8, 0.6, 0.7]),
        (uid: 2, submitted: 200, scores: [0.81, 0.61, 0.705]),
        (uid: 3, submitted: 300, scores: [0.95, 0.5, 0.6]),
    ])

    @Test("the text report says who left which subsets and why, the contributions and the weights")
    func text() throws {
        let result = try AffineSubsetsRule().score(table)
        let text = ScoringReport.text(result)
        #expect(text.contains("rule: affine-subsets"))
        #expect(text.contains("uid 2 left 7 subsets:"))
        #expect(text.contains("dominated by earlier uid 1: beat it on no environment of the subset: {a} {b} {c} {a, b} {a, c} {b, c} {a, b, c}"))
        #expect(text.contains("uid 1 left 1 subset:"))
        #expect(text.contains("dominated by later uid 3: beaten on every environment of the subset: {a}"))
        #expect(text.contains("    {a}: rank 1, GM 0.9500, 1.0000 points"))
        #expect(text.contains("a: 0.8000 ["))
        #expect(text.contains("Jeffreys (from aggregate), 10/10"))
        #expect(text.contains("uid 2: 0.000000\n"))
        #expect(text.contains("version key 0"))
    }

    @Test("the text report marks results below the completeness gate and the fallback to uid 0")
    func textGateAndFallback() throws {
        let gated = aggregateTable(environments: ["a"], miners: [(uid: 4, submitted: 1, scores: [0.5])], completed: [4: [3]])
        let text = ScoringReport.text(try AffineSubsetsRule().score(gated))
        #expect(text.contains("a: 0.5000 ["))
        #expect(text.contains("3/10 — below the completeness gate, does not count"))
        #expect(text.contains("all weight goes to uid 0"))
        #expect(text.contains("uid 0: 1.000000  u16 65535"))
    }

    @Test("the champion rule's report lists its decisions")
    func championText() throws {
        let text = ScoringReport.text(try ChampionRule().score(table))
        #expect(text.contains("decisions:\n  uid 1 becomes champion (first eligible miner)"))
        #expect(!text.contains("anti-copy filter"))
    }

    @Test("JSON holds every uid's float weight and the non-zero u16 values")
    func json() throws {
        let near = aggregateTable(environments: ["a"], miners: [
            (uid: 1, submitted: 1, scores: [0.5]), (uid: 2, submitted: 2, scores: [0.5]),
        ])
        let json = ScoringReport.json(try AffineSubsetsRule().score(near))
        #expect(json == #"{"weights": {"0": 0.0, "1": 1.0, "2": 0.0}, "u16": {"1": 65535}}"#)
        // It parses, and the weights sum to 1.
        let decoded = try JSONSerialization.jsonObject(with: Data(ScoringReport.json(try AffineSubsetsRule().score(table)).utf8))
        let weights = try #require((decoded as? [String: Any])?["weights"] as? [String: Double])
        #expect(Set(weights.keys) == ["0", "1", "2", "3"])
        expectClose(weights.values.reduce(0, +), 1, relative: 1e-12, "sum")
    }

    @Test("the SVG draws every miner, greys dominated ones, draws the frontier, and escapes text")
    func svg() throws {
        var hostile = table
        hostile.environments[0] = "<script>alert('x')</script>"
        hostile.miners[0].hotkey = "a&b\"c"
        let result = try AffineSubsetsRule().score(hostile)
        let svg = try ParetoFrontSVG.render(result, x: hostile.environments[0], y: "b")
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(!svg.contains("<script>"))
        #expect(svg.contains("&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt;"))
        #expect(svg.contains("a&amp;b&quot;c"))
        // On (a, b): uid 1 (0.8, 0.6) is dominated by uid 2 (0.81, 0.61); uids 2 and 3 form the frontier.
        #expect(svg.components(separatedBy: "<circle").count - 1 == 3)
        #expect(svg.components(separatedBy: "fill=\"#bbbbbb\"").count - 1 == 1)
        #expect(svg.contains("uid 1 (a&amp;b&quot;c): &lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt; 0.80, b 0.60, dominated"))
        #expect(svg.contains("<path d=\"M "))
        #expect(throws: ScoringError.unknownEnvironment("zzz")) { try ParetoFrontSVG.render(result, x: "zzz", y: "b") }
    }

    @Test("escaping replaces the XML specials and control characters")
    func escape() {
        #expect(ParetoFrontSVG.escape("a<b>&\"'") == "a&lt;b&gt;&amp;&quot;&apos;")
        #expect(ParetoFrontSVG.escape("x\u{01}y") == "x\u{FFFD}y")
    }
}

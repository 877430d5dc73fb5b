import Foundation
import SafeYAML
import Testing
import Validator

/// docs/validator-api.yaml against the running server: every documented route answers with a
/// documented status, and every error the server can send is in the document's Error schema.
@Suite("The validator's OpenAPI document", .serialized)
struct ValidatorAPIDocumentTests {
    static let document = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/validator-api.yaml").path

    @Test("every documented route answers with one of its documented statuses")
    func routesMatch() throws {
        let yaml = try BoundedYAML.load(path: Self.document)
        let paths = try #require(yaml["paths"]?.mapping)
        let folder = try temporaryFolder()
        let suite = folder + "/suite.yaml"
        try "environments:\n  - id: CartPole-v1\n    episodes: 2\n".write(toFile: suite, atomically: true, encoding: .utf8)
        let server = try ValidatorServiceTests.Server(data: folder + "/data", suite: suite)
        var checked = 0
        for path in paths {
            for operation in path.value.mapping ?? [] {
                let documented = Set((operation.value["responses"]?.mapping ?? []).map(\.key))
                #expect(!documented.isEmpty, "\(operation.key) \(path.key) documents no response")
                let url = server.url + path.key.replacingOccurrences(of: "{id}", with: "no-such-submission")
                let (status, _) = try ValidatorServiceTests.http(operation.key.uppercased(), url, body: operation.key == "post" ? Data([1]) : nil)
                #expect(documented.contains(String(status)), "\(operation.key) \(path.key) answered \(status), documented \(documented.sorted())")
                checked += 1
            }
        }
        #expect(checked == 7)
        server.kill()
    }

    @Test("the Error schema lists every error code the server sends")
    func errorCodes() throws {
        let yaml = try BoundedYAML.load(path: Self.document)
        let codes = yaml["components"]?["schemas"]?["Error"]?["properties"]?["error"]?["enum"]
        guard case let .sequence(values)? = codes?.kind else { Issue.record("no Error.error enum"); return }
        let documented = Set(values.compactMap { value -> String? in if case let .string(text) = value.kind { return text }; return nil })
        let sent: [ValidatorError] = [.badRequest(""), .unauthorized(""), .notFound(""), .replay(""), .tooLarge(""), .invalidBundle(""),
                                      .rateLimited(""), .io(""), .invalidKey("")]
        #expect(Set(sent.map(\.code)) == documented)
    }
}

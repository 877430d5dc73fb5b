import ArgumentParser
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Validator

extension Frontier {
    /// `frontier submit BUNDLE --validator URL --key FILE`: signs a manifest for the bundle and
    /// uploads both; prints the submission's id and status.
    struct Submit: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Sign and upload a bundle to a validator.")

        @Argument(help: "The bundle (.h5).")
        var bundle: String

        @Option(help: "The validator's base URL, e.g. http://127.0.0.1:8080.")
        var validator: String

        @Option(help: "The hotkey file written by `frontier keys new`.")
        var key: String

        @Flag(help: "Print the validator's JSON answer.")
        var json = false

        func run() throws {
            guard let base = URL(string: validator), let scheme = base.scheme, ["http", "https"].contains(scheme) else {
                throw ValidationError("--validator must be an http(s) URL, got \(validator)")
            }
            let (text, object) = try SubmissionUpload.send(bundle: bundle, validator: base, key: try Hotkey.read(from: key))
            if json {
                print(text)
            } else {
                print("submission \(object["id"] as? String ?? "?"): \(object["status"] as? String ?? "?"), uid \(object["uid"] as? Int ?? -1), "
                      + "weights \(object["weight_hash"] as? String ?? "?")")
            }
        }
    }
}

/// Signs a bundle's manifest with a hotkey and uploads both to a validator: `frontier submit`
/// and the demo's miners.
enum SubmissionUpload {
    /// The validator's answer as text and as a JSON object; throws when the bundle cannot be
    /// read or the validator refuses it (with its message).
    static func send(bundle: String, validator base: URL, key hotkey: Hotkey) throws -> (text: String, object: [String: Any]) {
        var status = stat()
        guard stat(bundle, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, status.st_size <= 1 << 30,
              let data = FileManager.default.contents(atPath: bundle) else {
            throw ValidationFailure("cannot read the bundle \(bundle) (a regular file of at most 1 GiB)")
        }
        let (manifest, signature) = try SubmissionManifest.signed(bundle: data, key: hotkey)
        var request = URLRequest(url: base.appendingPathComponent("v1/submissions"))
        request.httpMethod = "POST"
        request.setValue("application/x-hdf5", forHTTPHeaderField: "Content-Type")
        request.setValue(manifest.json.base64EncodedString(), forHTTPHeaderField: "X-Frontier-Manifest")
        request.setValue(signature.base64EncodedString(), forHTTPHeaderField: "X-Frontier-Signature")
        request.httpBody = data
        request.timeoutInterval = 300
        let (code, body) = try HTTPRequest.send(request)
        let text = String(decoding: body, as: UTF8.self)
        let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
        guard (200..<300).contains(code) else {
            throw ValidationFailure("the validator refused the submission (HTTP \(code)): \(object?["message"] as? String ?? text)")
        }
        return (text, object ?? [:])
    }
}

/// A blocking HTTP exchange for the command line.
enum HTTPRequest {
    static func send(_ request: URLRequest) throws -> (status: Int, body: Data) {
        final class Box: @unchecked Sendable {
            var result: Result<(Int, Data), any Error> = .failure(ValidationFailure("no answer"))
        }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        URLSession.shared.dataTask(with: request) { data, response, error in
            if let error {
                box.result = .failure(ValidationFailure("cannot reach \(request.url?.absoluteString ?? "the validator"): \(error.localizedDescription)"))
            } else {
                box.result = .success(((response as? HTTPURLResponse)?.statusCode ?? 0, data ?? Data()))
            }
            done.signal()
        }.resume()
        done.wait()
        return try box.result.get()
    }
}

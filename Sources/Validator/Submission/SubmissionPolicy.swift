import Foundation

/// The rules a submission must meet before anything of it is stored.
public struct SubmissionPolicy: Sendable {
    /// The largest bundle accepted, in bytes (64 MiB).
    public var maxBundleBytes: Int
    /// How far a manifest's timestamp may lie from the server's clock (5 minutes).
    public var maxClockSkew: TimeInterval
    /// Registered hotkeys and their uids (the metagraph); nil accepts any hotkey and numbers new
    /// ones from 1 in order of first submission.
    public var metagraph: [String: Int]?
    /// Submissions one hotkey may make per ``rateWindow`` (10).
    public var rateLimit: Int
    /// The window of the rate limit (one hour).
    public var rateWindow: TimeInterval

    /// A policy with the defaults above.
    public init(maxBundleBytes: Int = 64 << 20, maxClockSkew: TimeInterval = 300, metagraph: [String: Int]? = nil,
                rateLimit: Int = 10, rateWindow: TimeInterval = 3600) {
        self.maxBundleBytes = maxBundleBytes
        self.maxClockSkew = maxClockSkew
        self.metagraph = metagraph
        self.rateLimit = rateLimit
        self.rateWindow = rateWindow
    }

    /// Reads a metagraph file: one `uid,hotkey` per line (a header `uid,hotkey` is allowed).
    public static func readMetagraph(_ path: String) throws(ValidatorError) -> [String: Int] {
        var status = stat()
        guard stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, status.st_size <= 16 << 20,
              let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw .io("cannot read the metagraph \(path) (a regular file of at most 16 MiB)")
        }
        var map: [String: Int] = [:]
        var uids = Set<Int>()
        for (index, line) in text.split(whereSeparator: \.isNewline).enumerated() {
            let fields = line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            if index == 0 && fields == ["uid", "hotkey"] { continue }
            guard fields.count == 2, let uid = Int(fields[0]), (0...65535).contains(uid), Hex.decode(fields[1])?.count == 32 else {
                throw .badRequest("metagraph \(path), line \(index + 1): expected uid,hotkey (uid 0...65535, a 64-digit hex key)")
            }
            guard map[fields[1].lowercased()] == nil, uids.insert(uid).inserted else {
                throw .badRequest("metagraph \(path), line \(index + 1): uid or hotkey listed twice")
            }
            map[fields[1].lowercased()] = uid
        }
        return map
    }
}

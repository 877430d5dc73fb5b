import Foundation

/// Bundles stored by content: `<folder>/<first two hex digits>/<sha256>.h5`, written to a
/// temporary file and renamed into place, so a killed process leaves no half file under a hash.
public struct BundleFiles: Sendable {
    /// The folder holding the files.
    public let folder: String

    /// Files under `folder` (created when missing).
    public init(folder: String) throws(ValidatorError) {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw .io("cannot create the bundle folder \(folder): \(error.localizedDescription)")
        }
        self.folder = folder
    }

    /// The path of the file whose SHA-256 is `hash` (64 lowercase hex digits, checked).
    public func path(for hash: String) throws(ValidatorError) -> String {
        guard hash.utf8.count == 64, Hex.decode(hash) != nil, hash == hash.lowercased() else { throw .badRequest("not a SHA-256: \(hash)") }
        return "\(folder)/\(hash.prefix(2))/\(hash).h5"
    }

    /// Stores `data` under its SHA-256 (`hash`, already verified by the caller); storing the
    /// same content twice keeps the first file.
    public func store(_ data: Data, hash: String) throws(ValidatorError) -> String {
        let target = try path(for: hash)
        if FileManager.default.fileExists(atPath: target) { return target }
        let directory = (target as NSString).deletingLastPathComponent
        let temporary = "\(directory)/.incoming-\(UUID().uuidString)"
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try data.write(to: URL(fileURLWithPath: temporary))
            guard rename(temporary, target) == 0 else { throw ValidatorError.io("cannot rename into \(target): \(String(cString: strerror(errno)))") }
        } catch let error as ValidatorError {
            unlink(temporary)
            throw error
        } catch {
            unlink(temporary)
            throw .io("cannot store the bundle: \(error.localizedDescription)")
        }
        return target
    }
}

import ArgumentParser
import Foundation

/// Output files' folders, created when missing.
enum OutputPath {
    static func prepare(_ path: String) throws {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw ValidationError("cannot create the folder \(folder.path) for \(path): \(error.localizedDescription)")
        }
    }
}

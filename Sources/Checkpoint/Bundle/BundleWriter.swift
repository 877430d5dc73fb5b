import Foundation
import NN
import Tensor

/// Writes checkpoint bundles (docs/checkpoint-format.md).
public enum BundleWriter {
    /// Writes `bundle` to `path`. ``HDF5File/create(at:overwrite:durable:)`` writes beside the
    /// target and renames into place on close, so a killed process leaves either the old file or
    /// the whole new one, never half of one; `durable` also flushes it to disk first.
    public static func write(_ bundle: CheckpointBundle, to path: String, durable: Bool = true) throws(BundleError) {
        try validate(bundle)
        // Computed before the file is created: an architecture or space without a canonical form
        // is refused with nothing written.
        let hash = try bundle.weightHash
        do {
            let file = try HDF5File.create(at: path, overwrite: true, durable: durable)
            let root = try file.root
            try root.setAttribute("format", to: .string(CheckpointBundle.formatName))
            try root.setAttribute("format_version", to: .int64(CheckpointBundle.formatVersion))
            try root.setAttribute("weights_sha256", to: .string(hash))
            try root.setAttribute("created", to: .string(bundle.created))
            if let hotkey = bundle.hotkey { try root.setAttribute("hotkey", to: .string(hotkey)) }
            let models = try root.createGroup("models")
            for entry in bundle.entries {
                let group = try models.createGroup(entry.name)
                try group.setAttribute("architecture_kind", to: .string(entry.architecture.kind))
                try group.setAttribute("architecture", to: .string(entry.architecture.configuration))
                try group.setAttribute("observation_space", to: .string(entry.observationSpace))
                try group.setAttribute("action_space", to: .string(entry.actionSpace))
                try group.setAttribute("metadata", to: .string(try encodeMetadata(entry.metadata)))
                try group.setAttribute("parameter_count", to: .int64(Int64(entry.parameters.scalarCount)))
                try writeTensors(entry.parameters, into: try group.createGroup("parameters"))
                if let state = entry.optimizerState { try writeTensors(state, into: try group.createGroup("optimizer")) }
            }
            try file.close()
        } catch let error as BundleError {
            throw error
        } catch {
            throw .storage(path: path, reason: "writing failed: \(error)")
        }
    }

    /// Names and values the format cannot hold are refused before anything is written.
    static func validate(_ bundle: CheckpointBundle) throws(BundleError) {
        guard !bundle.entries.isEmpty else { throw .invalidEntry(entry: "-", reason: "a bundle needs at least one entry") }
        var seen = Set<String>()
        for entry in bundle.entries {
            try checkName(entry.name, entry: entry.name)
            guard seen.insert(entry.name).inserted else { throw .invalidEntry(entry: entry.name, reason: "the name is used twice") }
            guard !entry.parameters.keys.isEmpty else { throw .invalidEntry(entry: entry.name, reason: "no parameters") }
            for (key, value) in entry.parameters {
                try checkName(key, entry: entry.name)
                guard value.allFinite else { throw .nonFinite(entry: entry.name, key: key) }
            }
            for key in entry.optimizerState?.keys ?? [] { try checkName(key, entry: entry.name) }
        }
        if let hotkey = bundle.hotkey, !hotkey.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 0x20 }) {
            throw .invalidEntry(entry: "-", reason: "the hotkey must be printable ASCII")
        }
    }

    /// Entry names and keys become HDF5 link names (``HDF5Names``), and the format adds: no
    /// spaces, at most 200 characters.
    static func checkName(_ name: String, entry: String) throws(BundleError) {
        guard HDF5Names.problem(name, what: "link") == nil, name.count <= 200, !name.contains(" ") else {
            throw .invalidEntry(entry: entry, reason: "\"\(name)\" is not a valid name (printable ASCII without / and spaces, at most 200 characters)")
        }
    }

    static func writeTensors(_ tensors: StateDict, into group: HDF5Group) throws {
        for (key, value) in tensors {
            switch value.dtype {
            case .float32: _ = try group.writeDataset(key, shape: value.shape, elements: value.scalars)
            case .float64: _ = try group.writeDataset(key, shape: value.shape, elements: value.doubles)
            }
        }
    }

    static func encodeMetadata(_ metadata: [String: String]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(metadata), as: UTF8.self)
    }
}

import Foundation
import NN
import Tensor

/// Reads checkpoint bundles from strangers: the file is inspected before any data is read
/// (``HDF5Inspector``: no links, external storage, virtual datasets, unknown filters, absurd
/// sizes, deep nesting or huge attributes), then every value is checked: format and version,
/// element types, finiteness, and the stored hash against the architectures, spaces and weights.
public enum BundleReader {
    /// The bundle at `path`, or an error naming the file and the problem.
    public static func read(_ path: String, limits: HDF5SafetyLimits = HDF5SafetyLimits()) throws(BundleError) -> CheckpointBundle {
        do {
            _ = try HDF5Inspector(limits: limits).inspect(fileAt: path)
        } catch {
            throw .unsafe(error)
        }
        do {
            let file = try HDF5File.open(at: path)
            defer { try? file.close() }
            return try read(file, path: path)
        } catch let error as BundleError {
            throw error
        } catch {
            throw .storage(path: path, reason: "\(error)")
        }
    }

    static func read(_ file: HDF5File, path: String) throws -> CheckpointBundle {
        let root = try file.root
        guard try root.hasAttribute("format"), case .string(let format) = try root.attribute("format"),
              format == CheckpointBundle.formatName else {
            throw BundleError.invalidFile(path: path, reason: "the root has no format attribute \"\(CheckpointBundle.formatName)\"")
        }
        guard try root.hasAttribute("format_version"), case .int64(let version) = try root.attribute("format_version") else {
            throw BundleError.invalidFile(path: path, reason: "format_version is missing or not an integer")
        }
        guard version == CheckpointBundle.formatVersion else { throw BundleError.unsupportedVersion(path: path, version: version) }
        let stored = try string(root, "weights_sha256", path: path)
        let created = try string(root, "created", path: path)
        let hotkey = try root.hasAttribute("hotkey") ? try string(root, "hotkey", path: path) : nil
        guard try root.contains("models") else { throw BundleError.invalidFile(path: path, reason: "no models group") }
        let models = try root.openGroup("models")
        var entries: [BundleEntry] = []
        for link in try models.children() {
            guard link.kind == .group else {
                throw BundleError.invalidEntry(entry: link.name, reason: "is a \(link.kind), not a group")
            }
            let group = try models.openGroup(link.name)
            let architecture = Architecture(kind: try string(group, "architecture_kind", path: path),
                                            configurationJSON: try string(group, "architecture", path: path))
            let metadataText = try string(group, "metadata", path: path)
            guard let metadata = try? JSONDecoder().decode([String: String].self, from: Data(metadataText.utf8)) else {
                throw BundleError.invalidEntry(entry: link.name, reason: "metadata is not a JSON object of strings")
            }
            guard try group.contains("parameters") else { throw BundleError.invalidEntry(entry: link.name, reason: "no parameters group") }
            guard try group.hasAttribute("parameter_count"), case .int64(let declaredCount) = try group.attribute("parameter_count") else {
                throw BundleError.invalidEntry(entry: link.name, reason: "parameter_count is missing or not an integer")
            }
            let parameters = try readTensors(try group.openGroup("parameters"), entry: link.name)
            guard declaredCount == Int64(parameters.scalarCount) else {
                throw BundleError.invalidEntry(entry: link.name, reason: "parameter_count says \(declaredCount), the parameters hold \(parameters.scalarCount) values")
            }
            let optimizer = try group.contains("optimizer") ? try readTensors(try group.openGroup("optimizer"), entry: link.name) : nil
            entries.append(BundleEntry(
                name: link.name, architecture: architecture, parameters: parameters, optimizerState: optimizer,
                observationSpace: try string(group, "observation_space", path: path),
                actionSpace: try string(group, "action_space", path: path), metadata: metadata))
        }
        guard !entries.isEmpty else { throw BundleError.invalidFile(path: path, reason: "the models group is empty") }
        let bundle = CheckpointBundle(entries: entries, hotkey: hotkey, created: created)
        let computed = try bundle.weightHash
        guard computed == stored else { throw BundleError.hashMismatch(path: path, stored: stored, computed: computed) }
        return bundle
    }

    static func string(_ group: HDF5Group, _ name: String, path: String) throws -> String {
        guard try group.hasAttribute(name), case .string(let text) = try group.attribute(name) else {
            throw BundleError.invalidFile(path: path, reason: "attribute \(name) is missing or not a string")
        }
        return text
    }

    static func readTensors(_ group: HDF5Group, entry: String) throws -> StateDict {
        var tensors = StateDict()
        for link in try group.children() {
            guard link.kind == .dataset else {
                throw BundleError.invalidEntry(entry: entry, reason: "\(link.name) is a \(link.kind), not a dataset")
            }
            let dataset = try group.openDataset(link.name)
            let tensor: Tensor
            switch try dataset.info().elementType {
            case .float32:
                let array = try dataset.read(as: Float.self)
                tensor = Tensor(shape: array.shape, scalars: array.elements)
            case .float64:
                let array = try dataset.read(as: Double.self)
                tensor = Tensor(shape: array.shape, doubles: array.elements)
            case let other:
                throw BundleError.invalidEntry(entry: entry, reason: "\(link.name) holds \(other), not float32 or float64")
            }
            guard tensor.allFinite else { throw BundleError.nonFinite(entry: entry, key: link.name) }
            tensors[link.name] = tensor
        }
        return tensors
    }
}

import CHDF5
import Foundation

/// What a link in a group points to, found without following soft or external links.
public enum HDF5LinkKind: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// A hard link to a group.
    case group
    /// A hard link to a dataset.
    case dataset
    /// A soft link (a path inside the same file, resolved only when followed).
    case softLink
    /// An external link (a path inside another file).
    case externalLink
    /// Anything else: a named datatype, a user-defined link class, an unknown object.
    case other(String)

    /// A one-line description for messages and logs.
    public var description: String {
        switch self {
        case .group: return "group"
        case .dataset: return "dataset"
        case .softLink: return "soft link"
        case .externalLink: return "external link"
        case .other(let text): return text
        }
    }
}

/// One entry of a group listing.
public struct HDF5Link: Equatable, Hashable, Sendable {
    /// The link's name inside its group.
    public var name: String
    /// What it points to.
    public var kind: HDF5LinkKind

    /// A listing entry.
    public init(name: String, kind: HDF5LinkKind) {
        self.name = name
        self.kind = kind
    }
}

/// A link as `H5Literate` reports it, with the raw name bytes (a file may hold names that are not UTF-8).
struct HDF5RawLink {
    var nameBytes: [UInt8]
    /// The position in name order, for the `*_by_idx` calls that avoid parsing the name as a path.
    var index: Int
    var type: H5L_type_t
    /// For soft and external links, the size of the stored target.
    var valueSize: Int

    var name: String { String(decoding: nameBytes, as: UTF8.self) }
}

/// The object a hard link points to.
struct HDF5LinkTarget {
    var type: H5O_type_t
    var fileNumber: UInt
    var address: haddr_t
}

enum HDF5Links {
    /// The links of an open group in name order, without following any. Stops after `limit` links and then
    /// reports `truncated`. Call while holding the lock.
    static func list(
        group: hid_t, limit: Int = .max, at location: HDF5Location
    ) throws -> (links: [HDF5RawLink], truncated: Bool) {
        let collector = LinkCollector(limit: limit)
        let context = Unmanaged.passRetained(collector)
        defer { context.release() }
        var position: hsize_t = 0
        let status = H5Literate(group, H5_INDEX_NAME, H5_ITER_INC, &position, { _, name, info, clientData in
            guard let name, let info, let clientData else { return -1 }
            let collector = Unmanaged<LinkCollector>.fromOpaque(clientData).takeUnretainedValue()
            return collector.add(name: name, info: info.pointee)
        }, context.toOpaque())
        if status < 0 { throw location.libraryError("H5Literate") }
        return (collector.links, collector.truncated)
    }

    /// Looks up the object behind hard link number `index` (name order) of an open group.
    static func target(group: hid_t, index: Int, at location: HDF5Location) throws -> HDF5LinkTarget {
        var info = H5O_info_t()
        // Only the basic fields: attributes are counted where they are visited.
        try location.check(H5Oget_info_by_idx2(group, ".", H5_INDEX_NAME, H5_ITER_INC, hsize_t(index), &info,
                                               UInt32(H5O_INFO_BASIC), frontier_h5p_default()), "H5Oget_info_by_idx2")
        return HDF5LinkTarget(type: info.type, fileNumber: info.fileno, address: info.addr)
    }

    /// The public kind of a link, looking up hard-link targets.
    static func kind(of link: HDF5RawLink, group: hid_t, at location: HDF5Location) throws -> HDF5LinkKind {
        switch link.type {
        case H5L_TYPE_SOFT: return .softLink
        case H5L_TYPE_EXTERNAL: return .externalLink
        case H5L_TYPE_HARD:
            switch try target(group: group, index: link.index, at: location).type {
            case H5O_TYPE_GROUP: return .group
            case H5O_TYPE_DATASET: return .dataset
            case H5O_TYPE_NAMED_DATATYPE: return .other("named datatype")
            default: return .other("unknown object")
            }
        default:
            return .other("user-defined link (class \(link.type.rawValue))")
        }
    }
}

/// Gathers links during `H5Literate`.
private final class LinkCollector {
    let limit: Int
    private(set) var links: [HDF5RawLink] = []
    private(set) var truncated = false

    init(limit: Int) { self.limit = limit }

    func add(name: UnsafePointer<CChar>, info: H5L_info_t) -> herr_t {
        guard links.count < limit else {
            truncated = true
            return 1  // stop iterating; H5Literate returns this positive value
        }
        let bytes = UnsafeBufferPointer(start: name, count: strlen(name)).map { UInt8(bitPattern: $0) }
        let valueSize = info.type == H5L_TYPE_HARD ? 0 : info.u.val_size
        links.append(HDF5RawLink(nameBytes: bytes, index: links.count, type: info.type, valueSize: valueSize))
        return 0
    }
}

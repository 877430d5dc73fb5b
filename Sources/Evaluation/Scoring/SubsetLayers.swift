import Foundation

/// Which environment subsets are scored and what each is worth (step 4).
///
/// With N environments, the layers are the subset sizes L from start = N − maxLayers + 1 (or 1 when
/// N ≤ maxLayers) to N. Layer L is worth N·2^(L − start), shared equally by its C(N, L) subsets, so
/// the full set is worth the most and a generalist earns more than a specialist.
public struct SubsetLayers: Sendable, Equatable {
    /// One scored subset size and its weight.
    public struct Layer: Sendable, Equatable {
        /// The subset size L.
        public var size: Int
        /// The layer's total weight N·2^(L − start).
        public var weight: Double
        /// C(N, L), the number of subsets sharing it.
        public var subsetCount: Double
        /// The weight of each subset: weight / C(N, L).
        public var weightPerSubset: Double { weight / subsetCount }
    }

    /// N, the number of environments.
    public let environmentCount: Int
    /// The scored layers, smallest size first.
    public let layers: [Layer]

    /// The layers for `environmentCount` environments, keeping at most `maxLayers` of the largest sizes.
    public init(environmentCount: Int, maxLayers: Int) {
        precondition(environmentCount >= 0 && environmentCount <= 64, "0...64 environments, got \(environmentCount)")
        precondition(maxLayers >= 1, "maxLayers must be at least 1, got \(maxLayers)")
        self.environmentCount = environmentCount
        let start = environmentCount > maxLayers ? environmentCount - maxLayers + 1 : 1
        var layers: [Layer] = []
        if environmentCount > 0 {
            for size in start...environmentCount {
                layers.append(Layer(size: size,
                                    weight: Double(environmentCount) * pow(2, Double(size - start)),
                                    subsetCount: Self.binomial(environmentCount, size)))
            }
        }
        self.layers = layers
    }

    /// The number of scored subsets (as a Double: it can exceed any sane limit before it is checked).
    public var subsetCount: Double { layers.reduce(0) { $0 + $1.subsetCount } }

    /// Every scored subset with its weight, smallest layer first, masks ascending within a layer.
    public func subsets() -> [(subset: EnvironmentSubset, weight: Double)] {
        var result: [(EnvironmentSubset, Double)] = []
        result.reserveCapacity(Int(min(subsetCount, 1_048_576)))
        for layer in layers {
            let weight = layer.weightPerSubset
            if layer.size == 64 {
                result.append((EnvironmentSubset(mask: .max), weight))
                continue
            }
            // Gosper's hack: the next larger mask with the same number of bits.
            var mask: UInt64 = (1 << UInt64(layer.size)) - 1
            let limit: UInt64 = environmentCount == 64 ? .max : (1 << UInt64(environmentCount)) - 1
            while mask <= limit {
                result.append((EnvironmentSubset(mask: mask), weight))
                let lowest = mask & (~mask &+ 1)
                let (ripple, overflow) = mask.addingReportingOverflow(lowest)
                if overflow || ripple == 0 { break }
                mask = (((ripple ^ mask) >> 2) / lowest) | ripple
            }
        }
        return result
    }

    /// C(n, k) in floating point (exact up to 2^53).
    static func binomial(_ n: Int, _ k: Int) -> Double {
        guard k >= 0, k <= n else { return 0 }
        let k = min(k, n - k)
        var result = 1.0
        for step in 0..<k { result = result * Double(n - step) / Double(step + 1) }
        return result.rounded()
    }
}

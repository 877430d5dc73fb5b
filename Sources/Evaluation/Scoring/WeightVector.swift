/// How points become chain weights (step 5): the minimum weight, the burn and the version key.
///
/// uid 0 is the subnet owner's uid on Bittensor; weight given to it is "burnt" (not paid to a miner).
public struct WeightPolicy: Sendable, Equatable, Codable {
    /// Normalised weights below this are zeroed and their mass given to uid 0 (0.01).
    public var minWeight: Double
    /// Fraction of all weight given to uid 0 after the minimum-weight cut (0).
    public var burnFraction: Double
    /// The version key the weights extrinsic carries (0).
    public var versionKey: UInt64

    /// The defaults unless given.
    public init(minWeight: Double = 0.01, burnFraction: Double = 0, versionKey: UInt64 = 0) {
        self.minWeight = minWeight
        self.burnFraction = burnFraction
        self.versionKey = versionKey
    }

    /// Throws when a fraction lies outside [0, 1].
    public func validate() throws(ScoringError) {
        guard minWeight.isFinite, (0...1).contains(minWeight) else {
            throw .invalidConfiguration(setting: "minWeight", reason: "must lie in [0, 1], got \(minWeight)")
        }
        guard burnFraction.isFinite, (0...1).contains(burnFraction) else {
            throw .invalidConfiguration(setting: "burnFraction", reason: "must lie in [0, 1], got \(burnFraction)")
        }
    }
}

/// The weights a rule produces: floats summing to 1 for every uid, and the u16 form the chain's
/// `set_weights` extrinsic takes.
public struct WeightVector: Sendable, Equatable, Codable {
    /// Every uid of the input plus uid 0, ascending.
    public var uids: [Int]
    /// The weight of each uid in `uids` (same order); non-negative, summing to 1.
    public var weights: [Double]
    /// The uids with a non-zero u16 weight, ascending.
    public var chainUIDs: [UInt16]
    /// The u16 weights for `chainUIDs`: the largest weight is 65535, the others
    /// round(w / max · 65535); uids whose value would be 0 are left out.
    public var chainWeights: [UInt16]
    /// The version key to send with the weights.
    public var versionKey: UInt64
    /// True when no miner earned anything and all weight went to uid 0.
    public var allToOwner: Bool

    /// The weight of `uid`, 0 when absent.
    public func weight(of uid: Int) -> Double {
        guard let index = uids.firstIndex(of: uid) else { return 0 }
        return weights[index]
    }

    /// The u16 weight of `uid`, 0 when absent.
    public func chainWeight(of uid: Int) -> UInt16 {
        guard uid >= 0, uid <= Int(UInt16.max), let index = chainUIDs.firstIndex(of: UInt16(uid)) else { return 0 }
        return chainWeights[index]
    }

    /// Turns points into weights: normalise; zero every weight below `minWeight` and give the
    /// removed mass to uid 0 (uid 0 itself is never cut: its share would come straight back); then
    /// weights = (1 − burn)·w with uid 0 += burn. When nobody has positive points, all weight goes
    /// to uid 0 (the chain needs a vector, and uid 0 is the burn).
    ///
    /// `uids` (each in 0...65535) are the table's uids, so every input uid appears, with 0 if need be;
    /// `points` must be finite and non-negative.
    public init(points: [Int: Double], uids: [Int], policy: WeightPolicy) {
        let allUIDs = Array(Set(uids).union(points.keys).union([0])).sorted()
        precondition(allUIDs.allSatisfy { (0...Int(UInt16.max)).contains($0) }, "uids must lie in 0...65535")
        precondition(points.values.allSatisfy { $0.isFinite && $0 >= 0 }, "points must be finite and non-negative")
        // Summed in uid order so the result does not depend on dictionary order.
        let raw = allUIDs.map { points[$0] ?? 0 }
        let total = raw.reduce(0, +)
        var weight = [Double](repeating: 0, count: allUIDs.count)
        // allUIDs is sorted and holds 0, so uid 0 is at index 0.
        var allToOwner = false
        if total > 0 {
            var removed = 0.0
            for (index, uid) in allUIDs.enumerated() {
                let share = raw[index] / total
                if share < policy.minWeight && uid != 0 {
                    removed += share
                } else {
                    weight[index] = share
                }
            }
            weight[0] += removed
        } else {
            weight[0] = 1
            allToOwner = true
        }
        for index in weight.indices { weight[index] *= 1 - policy.burnFraction }
        weight[0] += policy.burnFraction
        // Renormalise once so rounding in the steps above cannot leave the sum at 1 ± ulp·n.
        let sum = weight.reduce(0, +)
        self.uids = allUIDs
        self.weights = weight.map { $0 / sum }
        self.versionKey = policy.versionKey
        self.allToOwner = allToOwner

        let largest = weights.max() ?? 0
        var chainUIDs: [UInt16] = []
        var chainWeights: [UInt16] = []
        for (uid, value) in zip(allUIDs, weights) where value > 0 {
            // w == largest gives exactly 65535 (x / x is 1 in IEEE arithmetic).
            let scaled = (value / largest * 65535).rounded()
            guard scaled >= 1 else { continue }
            chainUIDs.append(UInt16(uid))
            chainWeights.append(UInt16(min(scaled, 65535)))
        }
        self.chainUIDs = chainUIDs
        self.chainWeights = chainWeights
    }
}

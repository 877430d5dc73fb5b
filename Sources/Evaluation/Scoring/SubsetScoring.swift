import Foundation

/// Steps 3 to 5 for the subset rules, given which environments each later miner beats each
/// earlier one on. The rules differ only in that relation (a threshold or a paired test).
enum SubsetScoring {
    /// The subsets to score, or a typed error when there would be too many.
    static func layers(environmentCount: Int, configuration: SubsetScoringConfiguration) throws(ScoringError) -> [(subset: EnvironmentSubset, weight: Double)] {
        let layers = SubsetLayers(environmentCount: environmentCount, maxLayers: configuration.maxLayers)
        guard layers.subsetCount <= Double(configuration.maxSubsets) else {
            throw .tooManySubsets(count: layers.subsetCount, limit: configuration.maxSubsets)
        }
        return layers.subsets()
    }

    /// Runs the anti-copy filter and the ranking in every scored subset.
    ///
    /// `beats[earlier * m + later]` (positions in submission order, earlier < later) has bit e set
    /// when the later miner beats the earlier one on environment e.
    static func run(rule: String, prepared: PreparedScores, beats: [UInt64],
                    subsets: [(subset: EnvironmentSubset, weight: Double)],
                    configuration: SubsetScoringConfiguration, intervals: Bool) -> ScoringResult {
        let minerCount = prepared.minerCount
        let environmentCount = prepared.environmentCount
        // log of each mean; log 0 = −∞ makes the geometric mean 0, as a zero score should.
        let logMeans = prepared.means.map { $0.isNaN ? -Double.infinity : log($0) }
        var points = [Double](repeating: 0, count: minerCount)
        var alive = [Bool](repeating: false, count: minerCount)
        var removals: [SubsetRemoval] = []
        var contributions: [SubsetContribution] = []
        var members: [Int] = []
        var survivors: [(position: Int, geometricMean: Double)] = []

        for (subset, weight) in subsets {
            let mask = subset.mask
            members.removeAll(keepingCapacity: true)
            for position in 0..<minerCount where prepared.passMask[position] & mask == mask {
                members.append(position)
                alive[position] = true
            }
            // Step 3, pairs in submission order. A removed miner takes part in no later pair.
            for (index, earlier) in members.enumerated() where alive[earlier] {
                for later in members[(index + 1)...] where alive[later] {
                    let won = beats[earlier * minerCount + later] & mask
                    if won == 0 {
                        alive[later] = false
                        removals.append(SubsetRemoval(subset: subset, removedUID: prepared.miners[later].uid,
                                                      byUID: prepared.miners[earlier].uid, reason: .laterNotBetterAnywhere))
                    } else if won == mask {
                        alive[earlier] = false
                        removals.append(SubsetRemoval(subset: subset, removedUID: prepared.miners[earlier].uid,
                                                      byUID: prepared.miners[later].uid, reason: .earlierBeatenEverywhere))
                        break
                    }
                }
            }
            // Step 4, rank survivors by geometric mean; ties go to the earlier position (earlier
            // submission, then lower uid).
            survivors.removeAll(keepingCapacity: true)
            let size = Double(subset.count)
            for position in members where alive[position] {
                var sum = 0.0
                var rest = mask
                while rest != 0 {
                    sum += logMeans[position * environmentCount + rest.trailingZeroBitCount]
                    rest &= rest - 1
                }
                survivors.append((position, exp(sum / size)))
            }
            for position in members { alive[position] = false }
            survivors.sort { $0.geometricMean != $1.geometricMean ? $0.geometricMean > $1.geometricMean : $0.position < $1.position }
            var adjusted: [Double] = []
            adjusted.reserveCapacity(survivors.count)
            var factor = 1.0
            for survivor in survivors {
                adjusted.append(survivor.geometricMean * factor)
                factor *= configuration.rankDecay
            }
            let total = adjusted.reduce(0, +)
            for (rank, survivor) in survivors.enumerated() {
                // A subset where every survivor's geometric mean is 0 pays nobody.
                let earned = total > 0 ? weight * adjusted[rank] / total : 0
                points[survivor.position] += earned
                contributions.append(SubsetContribution(subset: subset, uid: prepared.miners[survivor.position].uid,
                                                        rank: rank + 1, geometricMean: survivor.geometricMean, points: earned))
            }
        }
        return result(rule: rule, prepared: prepared, points: points, removals: removals, contributions: contributions,
                      decisions: [], weightPolicy: configuration.weightPolicy,
                      intervalConfidence: intervals ? configuration.intervalConfidence : nil)
    }

    /// Assembles a result from per-position points (shared with the champion rule).
    static func result(rule: String, prepared: PreparedScores, points: [Double], removals: [SubsetRemoval],
                       contributions: [SubsetContribution], decisions: [String], weightPolicy: WeightPolicy,
                       intervalConfidence: Double?) -> ScoringResult {
        var summaries: [MinerSummary] = []
        var pointsByUID: [Int: Double] = [:]
        for (position, miner) in prepared.miners.enumerated() {
            let estimates = (0..<prepared.environmentCount).map {
                prepared.estimate(position, $0, confidence: intervalConfidence)
            }
            summaries.append(MinerSummary(uid: miner.uid, hotkey: miner.hotkey, firstSubmitted: miner.firstSubmitted,
                                          estimates: estimates, points: points[position]))
            pointsByUID[miner.uid] = points[position]
        }
        let weights = WeightVector(points: pointsByUID, uids: prepared.miners.map(\.uid), policy: weightPolicy)
        return ScoringResult(rule: rule, environments: prepared.environments, miners: summaries, removals: removals,
                             contributions: contributions, decisions: decisions, weights: weights)
    }
}

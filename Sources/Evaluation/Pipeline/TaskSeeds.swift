/// The seeds of an epoch's tasks: a pure function of (epoch seed, environment id, task index),
/// the same for every miner, so miners are compared on identical episodes. A validator derives
/// the epoch seed from its secret and the epoch number, so miners cannot predict the tasks.
public struct TaskSeeds: Sendable, Equatable {
    /// The epoch's seed.
    public var epochSeed: UInt64

    /// Seeds derived from `epochSeed`.
    public init(epochSeed: UInt64) { self.epochSeed = epochSeed }

    /// The seed of task `task` of `environment`.
    public func seed(environment: String, task: Int) -> UInt64 {
        // FNV-1a of the id, then SplitMix64's finaliser over the mix: portable and well spread.
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in environment.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return Self.mix(Self.mix(epochSeed ^ hash) &+ UInt64(task))
    }

    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

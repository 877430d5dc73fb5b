import RL
import Tensor

/// The generator an environment draws initial states (and noise) from, seeded the way
/// Gymnasium seeds `Env.np_random` in `Env.reset(seed=)`: a seed replaces the generator, `nil`
/// continues its stream, and an environment that was never seeded draws a seed from the
/// operating system's entropy (`SystemRandomNumberGenerator`, as NumPy's `default_rng(None)`),
/// so unseeded runs differ from each other while seeded runs repeat exactly.
///
/// The numbers are Philox's, not NumPy's PCG64, so a Frontier and a Gymnasium environment
/// with the same seed start from different (equally distributed) states.
struct EpisodeRandomness {
    private var generator = PhiloxGenerator(seed: 0)
    private var seeded = false

    /// Replaces the generator when `seed` is given; seeds it from entropy on first use.
    mutating func reseed(_ seed: UInt64?) {
        if let seed {
            generator = PhiloxGenerator(seed: seed)
            seeded = true
        } else if !seeded {
            var entropy = SystemRandomNumberGenerator()
            generator = PhiloxGenerator(seed: entropy.next())
            seeded = true
        }
    }

    /// Uniform in `[low, high)`, computed as NumPy's `Generator.uniform`: `low + (high - low) * u`.
    mutating func uniform(_ low: Double, _ high: Double) -> Double {
        if !seeded { reseed(nil) }
        return low + (high - low) * generator.nextDouble()
    }

    /// The generator's state, nil while it was never seeded (a snapshot of an unseeded
    /// environment restores as unseeded).
    var state: PhiloxGenerator.State? { seeded ? generator.state : nil }

    /// Puts back a state from ``state``.
    mutating func restore(_ state: PhiloxGenerator.State?, environment: String) throws(EnvironmentError) {
        guard let state else {
            seeded = false
            return
        }
        guard let restored = PhiloxGenerator(state: state) else {
            throw .invalidState(environment: environment, reason: "the saved generator state is damaged")
        }
        generator = restored
        seeded = true
    }
}

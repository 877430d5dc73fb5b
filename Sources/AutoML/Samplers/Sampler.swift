import Tensor

/// Chooses parameter values for new trials from the study's history, as Optuna's `BaseSampler`.
///
/// Two ways in: *relative* sampling draws a set of parameters jointly when a trial is asked for
/// (multivariate TPE, grid points), and *independent* sampling draws one parameter at a time
/// when the objective suggests something the relative step did not cover.
///
/// Samplers are pure functions of (seed, trial number, parameter name, history): they keep no
/// state between calls, so a study resumed in another process, or shared by several, draws
/// exactly what an uninterrupted one would have for the same history.
public protocol Sampler: Sendable {
    /// The parameters to draw jointly for the next trial, sorted by name (empty for samplers
    /// that only draw independently).
    func relativeSearchSpace(history: StudyHistory) -> [(name: String, distribution: Distribution)]
    /// Values for `searchSpace` for trial `trialNumber`; may leave some out (they are then
    /// drawn independently).
    func sampleRelative(history: StudyHistory, trialNumber: Int,
                        searchSpace: [(name: String, distribution: Distribution)]) -> [String: ParameterValue]
    /// A value for one parameter of trial `trialNumber`.
    func sampleIndependent(history: StudyHistory, trialNumber: Int, name: String, distribution: Distribution) -> ParameterValue
}

extension Sampler {
    public func relativeSearchSpace(history: StudyHistory) -> [(name: String, distribution: Distribution)] { [] }
    public func sampleRelative(history: StudyHistory, trialNumber: Int,
                               searchSpace: [(name: String, distribution: Distribution)]) -> [String: ParameterValue] { [:] }
}

/// The generator for one draw: Philox keyed by the sampler's seed and the trial number, with a
/// child stream per parameter name (FNV-1a of its UTF-8, stable across processes, unlike
/// `hashValue`).
enum SamplerStream {
    static func generator(seed: UInt64, trial: Int, name: String) -> PhiloxGenerator {
        PhiloxGenerator(seed: seed, stream: UInt64(truncatingIfNeeded: trial)).child(fnv1a(name))
    }

    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return hash
    }
}

/// The uids a validator gives miners: weight vectors name them as u16, so a uid beyond 65535
/// could not be paid (and would stop the weight computation). Both stores check a new miner's
/// uid here before recording it.
enum MinerUID {
    /// The largest uid a weight vector can name.
    static let maximum = Int(UInt16.max)

    /// `uid` when a weight vector can name it; otherwise the validator is full (or the metagraph
    /// gives an impossible uid) and the submission is refused.
    static func checked(_ uid: Int) throws(ValidatorError) -> Int {
        guard uid >= 0 else { throw .badRequest("the uid \(uid) is negative") }
        guard uid <= maximum else {
            throw .rateLimited("every uid a weight vector can name (0...\(maximum)) is taken; no new hotkey is accepted")
        }
        return uid
    }
}

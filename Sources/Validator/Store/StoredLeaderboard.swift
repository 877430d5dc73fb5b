import Evaluation
import Foundation

/// How both stores keep an epoch's leaderboard: one JSON row per uid and the scoring report as
/// JSON text.
enum StoredLeaderboard {
    /// The epoch's rows and report read back; a damaged row is an error, a damaged report nil.
    static func decode(epoch: Int64, rows texts: [String], report: String) throws(ValidatorError)
        -> (epoch: Int64, rows: [LeaderboardRow], result: ScoringResult?) {
        let rows = try texts.map { text throws(ValidatorError) -> LeaderboardRow in
            guard let row = try? JSONDecoder().decode(LeaderboardRow.self, from: Data(text.utf8)) else { throw .io("a stored leaderboard row is damaged") }
            return row
        }
        return (epoch, rows, try? JSONDecoder().decode(ScoringResult.self, from: Data(report.utf8)))
    }
}

import Foundation

/// One miner's evaluated submission: who, when, and the results.
public struct EvaluatedSubmission: Codable, Sendable, Equatable {
    /// The miner's uid (chain uids are 0...65535; uid 0 is the subnet owner's).
    public var uid: Int
    /// The miner's hotkey.
    public var hotkey: String
    /// When the model was first submitted (a block number or a Unix time); earlier owns ties.
    public var firstSubmitted: Int64
    /// The results.
    public var evaluation: SubmissionEvaluation

    /// A submission.
    public init(uid: Int, hotkey: String, firstSubmitted: Int64, evaluation: SubmissionEvaluation) {
        self.uid = uid
        self.hotkey = hotkey
        self.firstSubmitted = firstSubmitted
        self.evaluation = evaluation
    }
}

/// An epoch's stored results: what `frontier evaluate --results FILE` writes and
/// `frontier weights FILE` scores.
public struct EvaluationResults: Codable, Sendable, Equatable {
    /// The suite's environments, in order.
    public var environments: [String]
    /// Tasks per environment.
    public var episodes: [Int]
    /// The epoch seed.
    public var seed: UInt64
    /// Every submission's results.
    public var submissions: [EvaluatedSubmission]

    /// Results of `submissions` on `suite`.
    public init(suite: Suite, seed: UInt64, submissions: [EvaluatedSubmission]) {
        environments = suite.environments.map(\.id)
        episodes = suite.environments.map(\.episodes)
        self.seed = seed
        self.submissions = submissions
    }

    /// The per-task score table the scoring rules take: task `i` of an environment is the same
    /// episode (the same seed) for every miner; a task a miner did not complete is missing.
    public func scoreTable() throws(ScoringError) -> ScoreTable {
        var table = ScoreTable(environments: environments, tasks: episodes.map { count in (0..<count).map(String.init) })
        for submission in submissions {
            try table.addMiner(uid: submission.uid, hotkey: submission.hotkey, firstSubmitted: submission.firstSubmitted)
            for (index, environment) in environments.enumerated() {
                guard let results = submission.evaluation.results(for: environment) else { continue }
                var scores: [String: Double] = [:]
                for episode in results.episodes where episode.task < episodes[index] {
                    if let score = episode.score { scores[String(episode.task)] = score }
                }
                try table.setTaskScores(uid: submission.uid, environment: environment, scores: scores)
            }
        }
        try table.validate()
        return table
    }

    /// The results as JSON (sorted keys, snake_case).
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return try encoder.encode(self)
    }

    /// Reads results written by ``json()``; files larger than `maxBytes` are refused unread.
    public static func read(path: String, maxBytes: Int = 256 << 20) throws(SuiteError) -> EvaluationResults {
        let url = URL(fileURLWithPath: path)
        var status = stat()
        guard stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            throw .file("\(path): not a readable regular file")
        }
        guard Int(status.st_size) <= maxBytes else { throw .file("\(path): \(status.st_size) bytes, more than the limit of \(maxBytes)") }
        do {
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            return try decoder.decode(EvaluationResults.self, from: try Data(contentsOf: url))
        } catch {
            throw .file("\(path): not evaluation results written by `frontier evaluate --results` (\(error.localizedDescription))")
        }
    }
}

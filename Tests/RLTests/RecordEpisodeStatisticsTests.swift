import Testing
@testable import RL

@Suite struct RecordEpisodeStatisticsTests {
    @Test func statisticsAppearOnTheStepThatEndsTheEpisode() throws {
        let environment = RecordEpisodeStatistics(CountingEnvironment(length: 3))
        _ = environment.reset(seed: 0)
        #expect(environment.step(.discrete(0)).info.episode == nil)
        #expect(environment.step(.discrete(0)).info.episode == nil)
        let last = environment.step(.discrete(0))
        #expect(last.terminated)
        let episode = try #require(last.info.episode)
        #expect(episode.episodeReturn == 6 && episode.length == 3)
        #expect(episode.seconds >= 0 && episode.seconds < 10)
        #expect(environment.episodeCount == 1 && environment.returnQueue == [6] && environment.lengthQueue == [3])
    }

    @Test func truncationByATimeLimitAlsoEndsTheEpisode() {
        let environment = RecordEpisodeStatistics(TimeLimit(CountingEnvironment(length: 10), maxEpisodeSteps: 2))
        _ = environment.reset(seed: nil)
        _ = environment.step(.discrete(1))
        let last = environment.step(.discrete(1))
        #expect(last.truncated && !last.terminated)
        #expect(last.info.episode?.episodeReturn == 3 && last.info.episode?.length == 2)
    }

    @Test func queuesKeepOnlyTheMostRecentEpisodes() {
        let environment = RecordEpisodeStatistics(TimeLimit(CountingEnvironment(length: 100), maxEpisodeSteps: 1), bufferLength: 2)
        for limit in 1...3 {
            _ = environment.reset(seed: nil)
            // A reset mid-episode discards the partial totals.
            if limit == 3 { _ = environment.reset(seed: nil) }
            _ = environment.step(.discrete(0))
        }
        #expect(environment.episodeCount == 3)
        #expect(environment.returnQueue == [1, 1] && environment.lengthQueue == [1, 1] && environment.timeQueue.count == 2)
    }
}

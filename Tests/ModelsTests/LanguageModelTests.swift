import Testing
import Tensor
@testable import Models

@Suite("Character language model")
struct LanguageModelTests {
    @Test("generated prose is deterministic and sentence-shaped")
    func corpus() {
        let a = TextCorpus.generate(characters: 5000, seed: 1)
        #expect(a == TextCorpus.generate(characters: 5000, seed: 1))
        #expect(a != TextCorpus.generate(characters: 5000, seed: 2))
        #expect(a.count >= 5000 && a.contains(". ") && a.contains("\n\n"))
    }

    @Test("the vocabulary round-trips text and names unknown characters")
    func vocabulary() throws {
        let vocabulary = Vocabulary(text: "hello world")
        #expect(vocabulary.count == 8)
        #expect(vocabulary.decode(try vocabulary.encode("low red")) == "low red")
        #expect(throws: LanguageModelError.invalidText("character \"z\" is not in the vocabulary of 8")) { try vocabulary.encode("low z") }
    }

    @Test("a small Transformer learns the text well below the unigram baseline, and samples repeat")
    func learns() throws {
        let text = TextCorpus.generate(characters: 30_000, seed: 3)
        let vocabulary = Vocabulary(text: text)
        var modelConfig = CharTransformerConfig(vocabularySize: vocabulary.count)
        modelConfig.context = 32
        modelConfig.modelDimension = 32
        modelConfig.layers = 1
        modelConfig.feedForwardDimension = 64
        var generator = PhiloxGenerator(seed: 4)
        let model = CharTransformer(modelConfig, using: &generator)
        var config = CharTrainingConfig()
        config.steps = 300
        config.batchSize = 16
        config.warmupSteps = 20
        config.evaluateEvery = 100
        let report = try CharLanguageModel.train(model, vocabulary: vocabulary, text: text, config: config)
        #expect(report.validationLoss < report.unigramLoss - 0.5, "\(report)")
        #expect(report.validationLoss < report.initialValidationLoss - 1)

        var first = PhiloxGenerator(seed: 9)
        var second = PhiloxGenerator(seed: 9)
        let a = try CharLanguageModel.sample(model, vocabulary: vocabulary, prompt: "The ", length: 40, using: &first)
        let b = try CharLanguageModel.sample(model, vocabulary: vocabulary, prompt: "The ", length: 40, using: &second)
        #expect(a == b && a.hasPrefix("The ") && a.count == 44)
    }

    @Test("configs with impossible sizes are refused")
    func configs() {
        var config = CharTransformerConfig(vocabularySize: 10)
        config.heads = 3
        #expect(throws: LanguageModelError.self) { try config.validate() }
        var training = CharTrainingConfig()
        training.validationFraction = 0.7
        #expect(throws: LanguageModelError.self) { try training.validate() }
    }
}

import ArgumentParser
import Checkpoint
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Models
import NN
import Tensor

extension Frontier {
    /// `frontier fit`: trains the small models of the Models module from the command line.
    struct Fit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Train small models: quantile forecasters on time series, a character-level Transformer.",
            subcommands: [Forecast.self, CharLM.self])
    }
}

extension Frontier.Fit {
    /// `frontier fit forecast`: trains a forecaster per series and reports CRPS and skill
    /// against the seasonal-naive baseline on each series' last 20%.
    struct Forecast: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Train quantile forecasters (MLP, residual, GRU or calibrated) on timestamp,value CSV series.",
            discussion: """
                For series the forecaster will never see, use --kind calibrated with a context that holds a season \
                and brief training: --pooled --kind calibrated --context 64 --epochs 5 --learning-rate 1e-4. Trained \
                so on four shipped series and evaluated in Forecast-v0 on the fifth (2026-12-07), its skill against \
                seasonal naive was +0.06 (co2 weekly), +0.23 (sunspots), +0.39 (CPI), +0.31 (GDP), +0.21 \
                (unemployment), +0.18 on co2 averaged by month; trained on all five, +0.05 on Forecast-v0's \
                synthetic mix (−0.02 on its noisy sinusoids, −0.04 on its random walks with jumps). Longer training \
                overfits a few series. docs/environments.md has the protocol; scripts/forecast-unseen-skill.sh \
                reproduces it.
                """)

        @Argument(help: "CSV files with a timestamp,value header (oldest first).")
        var series: [String]

        @Option(help: "Network: mlp, residual (naive plus an MLP), gru, or calibrated (normal quantiles around a learned mixture of the window's naive, seasonal-naive and median forecasts, with their in-window spreads).")
        var kind: ForecasterKind = .mlp

        @Option(help: "Observations per context window (0: two seasons, at least 24; calibrated: at least horizon + 8, and its seasonal candidates need a period + 8).")
        var context = 0

        @Option(help: "Steps forecast at once.")
        var horizon = 4

        @Option(help: "Hidden width.")
        var hidden = 64

        @Option(help: "Training epochs at most (early stopping may end sooner).")
        var epochs = 80

        @Option(help: "Adam's learning rate.")
        var learningRate: Float = 1e-3

        @Option(help: "Seed of initialisation, split and batch order.")
        var seed: UInt64 = 0

        @Option(help: "Append per-step metrics as JSON lines to this file.")
        var metrics: String?

        @Flag(help: "Also train on variants of each series' training part: differenced, subsampled every 2, 4 and 13 steps, negated, reversed in time.")
        var augment = false

        @Flag(help: "Train one forecaster on every series together (needs --context); the bundle then holds one entry, 'pooled-<kind>'.")
        var pooled = false

        @Option(help: "Where to write the bundle (one entry per series).")
        var out: String?

        @Option(help: "Refuse runs whose estimated memory exceeds this many GiB.")
        var memoryLimit: Double = Double(MemoryEstimate.defaultLimit) / Double(1 << 30)

        func validate() throws {
            guard !series.isEmpty else { throw ValidationError("give at least one series CSV") }
            guard learningRate.isFinite, learningRate > 0 else { throw ValidationError("--learning-rate must be a positive number") }
            guard context >= 0, horizon > 0, hidden > 0, epochs > 0 else {
                throw ValidationError("--context must be ≥ 0 and --horizon, --hidden, --epochs positive")
            }
            // The loader rebuilds forecasters up to these sizes; a larger one could not be read back.
            guard context <= 4096, horizon <= 1024, hidden <= 4096 else {
                throw ValidationError("--context must be at most 4096, --horizon at most 1024 and --hidden at most 4096")
            }
            try MemoryLimitOption.validate(memoryLimit)
            if pooled && context == 0 { throw ValidationError("--pooled needs --context: one network reads one window length") }
            if kind == .calibrated && context > 0 && context < WindowCandidates.minimumContext(horizon: horizon) {
                throw ValidationError("--kind calibrated needs --context of at least \(WindowCandidates.minimumContext(horizon: horizon)) for --horizon \(horizon)")
            }
        }

        func run() throws {
            var config = ForecastTrainingConfig()
            config.kind = kind
            config.setup.context = context
            config.setup.horizon = horizon
            config.hidden = hidden
            config.augment = augment
            config.learningRate = learningRate
            config.training.epochs = epochs
            config.training.seed = seed
            let destination = out ?? "Checkpoints/forecast-\(kind.rawValue).h5"
            try OutputPath.prepare([.init(option: "--out", path: destination)] + (metrics.map { [.init(option: "--metrics", path: $0)] } ?? []),
                                   inputs: series)
            // Every series is read and checked before the first one trains.
            let loaded = try series.map { try TimeSeries.load(path: $0) }
            let log = try metrics.map { try MetricsLog.file($0) } ?? .discard
            print("series".padding(28) + "model  context  CRPS        naive CRPS  skill    80% cover  epochs  seconds")
            var entries: [BundleEntry] = []
            if pooled {
                let (model, reports, optimizerState) = try ForecastExperiment.runPooled(
                    loaded, config: config, metrics: log, showsProgress: true, memoryLimit: MemoryLimitOption.bytes(memoryLimit))
                for report in reports { print(ForecastTable.row(report)) }
                let setup = reports[0].setup
                entries.append(try BundleEntry(
                    name: "pooled-\(kind.rawValue)", module: model, optimizerState: optimizerState,
                    observationSpace: "{\"context\": \(setup.context), \"scaling\": \"context mean and standard deviation\"}",
                    actionSpace: "{\"horizon\": \(setup.horizon), \"quantiles\": \(setup.quantiles)}",
                    metadata: ["task": "forecast", "series": loaded.map(\.name).joined(separator: ","), "algorithm": "adam+pinball",
                               "augment": String(augment), "seed": String(seed), "epochs": String(reports[0].epochs), "date": BundleClock.now()]))
                try BundleWriter.write(CheckpointBundle(entries: entries), to: destination)
                print("wrote \(destination)")
                return
            }
            for data in loaded {
                let (model, report, optimizerState) = try ForecastExperiment.run(
                    data, config: config, metrics: log, showsProgress: true, memoryLimit: MemoryLimitOption.bytes(memoryLimit))
                print(ForecastTable.row(report))
                entries.append(try BundleEntry(
                    name: "\(data.name)-\(kind.rawValue)", module: model, optimizerState: optimizerState,
                    observationSpace: "{\"context\": \(report.setup.context), \"scaling\": \"context mean and standard deviation\"}",
                    actionSpace: "{\"horizon\": \(report.setup.horizon), \"quantiles\": \(report.setup.quantiles)}",
                    metadata: ["task": "forecast", "series": data.name, "frequency": data.frequency.rawValue,
                               "algorithm": "adam+pinball", "seed": String(seed), "epochs": String(report.epochs),
                               "crps": String(report.crps), "baseline_crps": String(report.baselineCRPS),
                               "skill": report.skill.map { String($0) } ?? "undefined",
                               "date": BundleClock.now()]))
            }
            try BundleWriter.write(CheckpointBundle(entries: entries), to: destination)
            print("wrote \(destination)")
        }
    }
}

extension ForecasterKind: ExpressibleByArgument {}

/// Fixed-width rows for forecast reports.
enum ForecastTable {
    static func row(_ r: ForecastReport) -> String {
        r.series.padding(28) + r.kind.rawValue.padding(7) + String(r.setup.context).padding(9)
            + r.crps.formatted(digits: 5).padding(12) + r.baselineCRPS.formatted(digits: 5).padding(12)
            + (r.skill.map { $0.formatted(digits: 3) } ?? "undefined").padding(9) + (r.coverage80.map { $0.formatted(digits: 2) } ?? "-").padding(11)
            + String(r.epochs).padding(8) + r.trainingSeconds.formatted(digits: 1)
    }
}

extension String {
    func padding(_ width: Int) -> String { self + String(repeating: " ", count: Swift.max(1, width - count)) }
}

extension Frontier.Fit {
    /// `frontier fit charlm`: trains the character-level Transformer on generated prose (or a
    /// text file) and prints its validation loss against the unigram baseline, and samples.
    struct CharLM: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "charlm",
            abstract: "Train a character-level Transformer (2 layers, d_model 64, 4 heads, context 64).")

        @Option(help: "A UTF-8 text file to train on (default: generated prose).")
        var text: String?

        @Option(help: "Characters of generated prose when no --text is given.")
        var characters = 300_000

        @Option(help: "Gradient steps.")
        var steps = 1500

        @Option(help: "Seed of the text, initialisation and sampling.")
        var seed: UInt64 = 0

        @Option(help: "Append metrics as JSON lines to this file.")
        var metrics: String?

        @Option(help: "Where to write the bundle.")
        var out = "Checkpoints/charlm.h5"

        @Option(help: "Refuse runs whose estimated memory exceeds this many GiB.")
        var memoryLimit: Double = Double(MemoryEstimate.defaultLimit) / Double(1 << 30)

        func validate() throws {
            guard steps > 0, characters >= 10_000 else { throw ValidationError("--steps must be positive and --characters at least 10000") }
            try MemoryLimitOption.validate(memoryLimit)
            if text == nil {
                // Generated prose is held as text and as token ids: about 24 bytes a character.
                var estimate = MemoryEstimate()
                estimate.add("generated text and its token ids", count: characters, bytesEach: 24)
                do {
                    try estimate.check(limit: MemoryLimitOption.bytes(memoryLimit), what: "--characters \(characters)")
                } catch {
                    throw ValidationError("\(error)")
                }
            }
        }

        func run() throws {
            try OutputPath.prepare([.init(option: "--out", path: out)] + (metrics.map { [.init(option: "--metrics", path: $0)] } ?? []),
                                   inputs: text.map { [$0] } ?? [])
            let corpus: String
            if let text {
                corpus = try TextFile.read(text)
            } else {
                corpus = TextCorpus.generate(characters: characters, seed: seed)
            }
            let vocabulary = Vocabulary(text: corpus)
            let modelConfig = CharTransformerConfig(vocabularySize: vocabulary.count)
            // Everything that could fail after training is checked before it.
            let minimum = modelConfig.context * 20
            guard corpus.count >= minimum, vocabulary.count >= 2 else {
                throw ValidationError("the text has \(corpus.count) characters and \(vocabulary.count) distinct ones; "
                                      + "training needs at least \(minimum) characters and 2 distinct ones")
            }
            let vocabularyJSON = "[" + vocabulary.characters.map { "\(Int(String($0).unicodeScalars.first!.value))" }.joined(separator: ",") + "]"
            // The vocabulary is stored in the entry's metadata attribute, which readers bound.
            let attributeRoom = HDF5SafetyLimits().maxAttributeBytes - 1024
            guard vocabularyJSON.utf8.count <= attributeRoom else {
                throw ValidationError("the text has \(vocabulary.count) distinct characters; a bundle can hold a vocabulary of about "
                                      + "\(attributeRoom / 7) (its list must fit in \(attributeRoom) bytes)")
            }
            let prompts = CharLMPrompts.choose(for: vocabulary, text: corpus)
            var generator = PhiloxGenerator(seed: seed, stream: 30)
            let model = CharTransformer(modelConfig, using: &generator)
            var config = CharTrainingConfig()
            config.steps = steps
            config.seed = seed
            let log = try metrics.map { try MetricsLog.file($0) } ?? .discard
            print("text: \(corpus.count) characters, vocabulary \(vocabulary.count); model: \(model.parameterCount) parameters")
            let report = try CharLanguageModel.train(model, vocabulary: vocabulary, text: corpus, config: config,
                                                     metrics: log, showsProgress: true)
            print("validation loss \(report.initialValidationLoss.formatted(digits: 3)) -> \(report.validationLoss.formatted(digits: 3)) nats/char "
                  + "(unigram baseline \(report.unigramLoss.formatted(digits: 3))) in \(report.steps) steps, \(report.seconds.formatted(digits: 1)) s")
            try BundleWriter.write(CheckpointBundle(entries: [try BundleEntry(
                name: "charlm", module: model,
                observationSpace: "{\"tokens\": \(vocabulary.count), \"context\": \(model.config.context)}",
                actionSpace: "{\"next_character_logits\": \(vocabulary.count)}",
                metadata: ["task": "language-model", "vocabulary_unicode_scalars": vocabularyJSON, "steps": String(steps),
                           "seed": String(seed), "validation_loss": String(report.validationLoss),
                           "unigram_loss": String(report.unigramLoss), "date": BundleClock.now()])]), to: out)
            print("wrote \(out)")
            var sampler = PhiloxGenerator(seed: seed, stream: 31)
            for prompt in prompts {
                let sample = try CharLanguageModel.sample(model, vocabulary: vocabulary, prompt: prompt, length: 200, using: &sampler)
                print("---\n" + sample)
            }
        }
    }
}

/// The prompts `fit charlm` samples from after training: two fixed English openings when the
/// text has all their characters, else the text's own first characters.
enum CharLMPrompts {
    static let defaults = ["The ", "\"Did "]

    static func choose(for vocabulary: Vocabulary, text: String) -> [String] {
        let known = Set(vocabulary.characters)
        let usable = defaults.filter { $0.allSatisfy(known.contains) }
        return usable.isEmpty ? [String(text.prefix(4))] : usable
    }
}

/// Reading a whole text file for training.
enum TextFile {
    static func read(_ path: String) throws -> String {
        var status = stat()
        guard stat(path, &status) == 0 else { throw ValidationError("cannot read \(path): \(String(cString: strerror(errno)))") }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw ValidationError("\(path) is \((status.st_mode & S_IFMT) == S_IFDIR ? "a folder" : "not a regular file"); give a text file")
        }
        do {
            return try readTextFile(path, maxBytes: 64 << 20)
        } catch .cannotOpen {
            throw ValidationError("cannot read \(path)")
        } catch {
            throw ValidationError("\(path) is larger than 64 MiB")
        }
    }
}


// swift-tools-version:6.1
// Frontier: incentivised machine-learning subnets in Swift. See ../shared/DESIGN.md for the map.
import PackageDescription

let package = Package(
    name: "Frontier",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "Tensor", targets: ["Tensor"]),
        .library(name: "NN", targets: ["NN"]),
        .library(name: "Checkpoint", targets: ["Checkpoint"]),
        .library(name: "Models", targets: ["Models"]),
        .library(name: "RL", targets: ["RL"]),
        .library(name: "Environments", targets: ["Environments"]),
        .library(name: "SafeYAML", targets: ["SafeYAML"]),
        .library(name: "Evaluation", targets: ["Evaluation"]),
        .library(name: "Validator", targets: ["Validator"]),
        .library(name: "AutoML", targets: ["AutoML"]),
        .executable(name: "frontier", targets: ["FrontierCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // YAML files (configs, suites, search spaces), read only through the SafeYAML target.
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        // The validator service and AutoML's studies only: HTTP, SQLite, signatures and hashes,
        // logging. The core targets stay free of them (swift-crypto's SHA-256 aside).
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // The validator's PostgreSQL store and work queue, for workers on several machines.
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        // C libraries from Debian packages. Each folder holds a module map and a shim header.
        .systemLibrary(
            name: "CBLAS", path: "Sources/CBLAS", pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]),
        // C library headers the Glibc module leaves out (malloc.h).
        .systemLibrary(name: "CFrontierSystem", path: "Sources/CFrontierSystem"),
        .systemLibrary(
            name: "CHDF5", path: "Sources/CHDF5", pkgConfig: "hdf5-serial",
            providers: [.apt(["libhdf5-dev"])]),
        // PostgreSQL's C client, for studies shared by workers on several machines (AutoML only).
        .systemLibrary(name: "CLibPQ", path: "Sources/CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),

        // Core layers: no heavy dependencies, so they build fast.
        .target(name: "Tensor", dependencies: ["CBLAS", "CFrontierSystem"]),
        .target(name: "NN", dependencies: ["Tensor"]),
        // SHA-256 for the weight hash comes from swift-crypto.
        .target(name: "Checkpoint", dependencies: ["Tensor", "NN", "CHDF5", "CFrontierSystem", .product(name: "Crypto", package: "swift-crypto")]),
        // Small models trained for real: quantile forecasters, a character-level Transformer.
        .target(name: "Models", dependencies: ["Tensor", "NN", "Checkpoint"]),

        // Reinforcement learning: the Environment protocol, spaces, wrappers, vector environments,
        // policies and PPO/DQN/A2C. Policies are saved as checkpoint bundles.
        .target(name: "RL", dependencies: ["Tensor", "NN", "Checkpoint"]),
        // The built-in environments (one folder each) and the registry of them. NN trains
        // DeepCoder's search guide; Models gives Forecast-v0 its series, baseline and forecasters.
        .target(name: "Environments", dependencies: ["RL", "Tensor", "NN", "Models", "CFrontierSystem"], path: "Environments",
                exclude: ["README.md", "DeepCoder/README.md"]),

        // Evaluation and scoring: suites, running bundles on them in parallel and deterministically,
        // per-episode results, Affine-style Pareto scoring and weight vectors. The validator and
        // the CLI both call it; it knows environments only through RL's registry.
        .target(name: "Evaluation", dependencies: ["RL", "Checkpoint", "Tensor", "SafeYAML"]),

        // The validator service: signed submissions over HTTP, the store (SQLite, or PostgreSQL for
        // workers on several machines), epochs, workers, the leaderboard. The only target with server
        // dependencies, so the core builds fast.
        .target(name: "Validator", dependencies: [
            "Evaluation", "RL", "Checkpoint",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
        ]),

        // The one YAML loader for files from strangers: size, nesting and alias limits before Yams
        // parses, scalar keys only, no duplicates, errors with file and line.
        .target(name: "SafeYAML", dependencies: [.product(name: "Yams", package: "Yams")]),

        // Hyperparameter search: search spaces, studies (ask/tell), samplers (random, grid, TPE),
        // pruners (median, ASHA, Hyperband) and study storage (in memory, SQLite via GRDB).
        // Tuning reaches RL's learners and evaluations and the forecasters (AutoML sits above them).
        .target(name: "AutoML", dependencies: ["Tensor", "NN", "RL", "Models", "SafeYAML", "CLibPQ", .product(name: "GRDB", package: "GRDB.swift")]),

        // The `frontier` executable: thin, parses arguments and calls the modules.
        .executableTarget(
            name: "FrontierCLI",
            dependencies: [
                "Tensor", "NN", "Checkpoint", "Models", "RL", "Environments", "SafeYAML", "Evaluation", "Validator", "AutoML",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        // The validator's load rows (run by `make bench`): submissions over HTTP, evaluation jobs.
        .executableTarget(name: "ValidatorBench", dependencies: ["Validator", "Evaluation", "RL", "Environments", "Checkpoint", "Tensor", "TestSupport",
                                                                 .product(name: "Logging", package: "swift-log")],
                          path: "benchmarks/ValidatorBench"),
        // Side-by-side benchmarks (run by `make bench`, never as tests).
        .executableTarget(name: "FrontierBench", dependencies: ["Tensor", "NN", "Models", "Checkpoint", "RL", "Environments", "Evaluation", "AutoML"], path: "benchmarks/FrontierBench"),

        // Helpers shared by the test targets: tolerances, finite-difference gradient checks, a
        // throwaway PostgreSQL server (also started by ValidatorBench's PostgreSQL rows).
        .target(name: "TestSupport", dependencies: ["Tensor"], path: "Tests/TestSupport"),
        .testTarget(name: "TensorTests", dependencies: ["Tensor", "TestSupport"], resources: [.copy("Resources")]),
        .testTarget(name: "NNTests", dependencies: ["NN", "Tensor", "TestSupport"], resources: [.copy("Resources")]),
        .testTarget(name: "CheckpointTests", dependencies: ["Checkpoint", "Models", "NN", "Tensor", "CHDF5", "TestSupport"], resources: [.copy("Resources")]),
        .testTarget(name: "ModelsTests", dependencies: ["Models", "NN", "Tensor", "TestSupport"]),
        .testTarget(name: "RLTests", dependencies: ["RL", "Environments", "NN", "Tensor", "Checkpoint", "TestSupport"]),
        .testTarget(name: "EnvironmentsTests", dependencies: ["Environments", "RL", "Tensor", "TestSupport"], resources: [.copy("Resources")]),
        .testTarget(name: "SafeYAMLTests", dependencies: ["SafeYAML", "TestSupport"]),
        .testTarget(name: "ValidatorTests", dependencies: ["Validator", "Evaluation", "RL", "Environments", "Checkpoint", "Tensor", "TestSupport"]),
        .testTarget(name: "EvaluationTests", dependencies: ["Evaluation", "RL", "Environments", "Checkpoint", "Tensor", "SafeYAML"]),
        // AutoMLTests start this as a child process (killed, resumed, run several at once).
        .executableTarget(name: "AutoMLStudyWorker", dependencies: ["AutoML"], path: "Tests/AutoMLStudyWorker"),
        .testTarget(name: "AutoMLTests", dependencies: ["AutoML", "AutoMLStudyWorker", "SafeYAML", "Tensor", "RL", "Environments", "Models", "TestSupport"],
                    resources: [.copy("Resources")]),
        .testTarget(
            name: "FrontierCLITests",
            dependencies: ["FrontierCLI", "Tensor", "NN", "Checkpoint", "RL", "Environments", "TestSupport",
                           .product(name: "ArgumentParser", package: "swift-argument-parser")]),
    ]
)

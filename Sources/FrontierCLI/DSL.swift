import ArgumentParser
import Environments
import Foundation

extension Frontier {
    /// `frontier dsl`: the list DSL of the code-agent environment (../shared/specs/list-dsl.md).
    struct DSL: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "dsl",
            abstract: "Run, generate and solve programs of the list DSL (the DeepCoder-v0 code agent's language).",
            subcommands: [Run.self, Generate.self, Solve.self, TrainGuide.self, Prompt.self, Ask.self])
    }
}

/// A malformed program or input: the message on standard error, exit code 2.
struct MalformedInput: Error {
    var message: String

    /// Prints the message and exits with code 2.
    static func exit(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data(("error: " + TerminalText.escaped(message, keepingLineBreaks: true) + "\n").utf8))
        return ExitCode(2)
    }
}

extension Frontier.DSL {
    /// `frontier dsl run PROGRAM_FILE --inputs JSON`.
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a program on one input; print its output as JSON, or null where the run is undefined.",
            discussion: """
                Exit codes: 0 with the output (or null), 2 for a malformed or unreadable program or input, \
                1 when the run would pass the step or memory bound.
                """)

        @Argument(help: "The program's text file (`a <- [int]`, `b <- SORT a`, ...).")
        var programFile: String

        @Option(help: "The inputs, a JSON array with one value per declared input: '[[3, -1, 4], 2]'.")
        var inputs: String

        func run() throws {
            let text: String
            do {
                text = try String(contentsOfFile: programFile, encoding: .utf8)
            } catch {
                throw MalformedInput.exit("\(programFile): cannot read the program (\(error.localizedDescription))")
            }
            let program: DSLProgram
            let values: [DSLValue]
            do {
                program = try DSLProgram(parsing: text)
                values = try DSLValue.inputs(fromJSON: inputs)
                try program.checkInputs(values)
            } catch let error as DSLProgramError {
                throw MalformedInput.exit("\(programFile): \(error)")
            } catch {
                throw MalformedInput.exit("--inputs: \(error)")
            }
            do {
                print(try program.run(values)?.json ?? "null")
            } catch {
                throw ValidationFailure("\(error)")
            }
        }
    }

    /// `frontier dsl generate`: a seeded task file.
    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a seeded JSON Lines task file: an even mix of program lengths.")

        @Option(help: "The task file to write (standard output when absent).")
        var out: String?

        @Option(help: "Program lengths, comma-separated.")
        var lengths: String = "1,2,3,4,5"

        @Option(help: "Tasks per length.")
        var perLength: Int = 20

        @Option(help: "Seed of the generator.")
        var seed: UInt64 = 0

        @Option(help: "Hidden examples per task (at least 5).")
        var hidden: Int = 10

        @Option(help: "Longest input list.")
        var maxListLength: Int = 10

        func run() throws {
            let parsedLengths = try lengths.split(separator: ",").map { word -> Int in
                guard let length = Int(word.trimmingCharacters(in: .whitespaces)), DSLTaskGenerator.lengthRange.contains(length) else {
                    throw ValidationError("--lengths: \(word) is not a length in \(DSLTaskGenerator.lengthRange)")
                }
                return length
            }
            guard !parsedLengths.isEmpty else { throw ValidationError("--lengths: no lengths given") }
            guard (1...100_000).contains(perLength) else { throw ValidationError("--per-length must be 1...100000") }
            var configuration = DSLTaskGenerator.Configuration()
            configuration.hiddenCount = hidden
            configuration.maximumListLength = maxListLength
            do { try configuration.validate() } catch { throw ValidationError("\(error)") }
            if let out { try OutputPath.prepare(out) }
            let tasks = DSLTaskGenerator.tasks(lengths: parsedLengths, perLength: perLength, seed: seed, configuration: configuration)
            let text = DSLTaskFile.jsonLines(tasks)
            if let out {
                try text.write(toFile: out, atomically: true, encoding: .utf8)
                print("wrote \(tasks.count) tasks (lengths \(lengths), \(perLength) each, seed \(seed)) to \(out)")
            } else {
                print(text, terminator: "")
            }
        }
    }
}

import ArgumentParser
import Environments
import Foundation
import NN
import RL

extension Frontier {
    /// `frontier env`: the registered environments.
    struct Env: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List, check, replay and create environments.",
            subcommands: [List.self, Replay.self, Check.self, New.self])
    }
}

extension Frontier.Env {
    /// `frontier env list`: one block per registered environment.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the registered environments.")

        @Flag(help: "Print one JSON object per environment instead of text.")
        var json = false

        func run() throws {
            for entry in EnvironmentRegistry.builtIn.all {
                let environment = try EnvironmentRegistry.builtIn.make(entry.metadata.id)
                let metadata = entry.metadata
                if json {
                    print(EnvironmentListing.json(metadata: metadata, summary: entry.summary,
                                                  observationSpace: environment.observationSpace,
                                                  actionSpace: environment.actionSpace))
                } else {
                    print(EnvironmentListing.text(metadata: metadata, summary: entry.summary,
                                                  observationSpace: environment.observationSpace,
                                                  actionSpace: environment.actionSpace))
                }
            }
        }
    }

    /// `frontier env replay`: steps an environment through given actions from a seed or a
    /// state and prints every transition as JSON, to compare with another implementation.
    struct Replay: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Step an environment from a seed or a state through given actions; one JSON line per transition.")

        @Argument(help: "Environment id.")
        var id: String

        @Option(help: "Reset with this seed (default 0 when no --state is given).")
        var seed: UInt64?

        @Option(help: "Start from this internal state, a JSON array (CartPole: [x, x_dot, theta, theta_dot]).")
        var state: String?

        // Unconditional: Pendulum's torques start with a minus sign, which is not an option.
        @Option(parsing: .unconditional,
                help: "Actions, comma-separated (1,0,1 or -0.5,2 for a 1-D box), or a JSON array of arrays for wider boxes.")
        var actions: String

        func validate() throws {
            if seed != nil, state != nil { throw ValidationError("give --seed or --state, not both") }
        }

        func run() throws {
            let environment = try EnvironmentRegistry.builtIn.make(id)
            let parsedActions = try ReplayInput.actions(actions, space: environment.actionSpace)
            let reset: Reset
            if let state {
                guard let limited = environment as? TimeLimit else {
                    throw ValidationError("\(id) cannot start from a given state")
                }
                reset = try limited.reset(state: try ReplayInput.state(state))
            } else {
                reset = environment.reset(seed: seed ?? 0)
            }
            let stateful = environment.unwrapped as? any StatefulEnvironment
            if !reset.observation.allSatisfy(\.isFinite) {
                throw ValidationFailure("--state: the observation of this state is not a finite number")
            }
            print(ReplayInput.line(["step": "0", "observation": ReplayInput.array(reset.observation),
                                    "state": stateful.map { ReplayInput.array($0.state) } ?? "null"]))
            for (index, action) in parsedActions.enumerated() {
                let transition = environment.step(action)
                print(ReplayInput.line([
                    "step": "\(index + 1)", "action": ReplayInput.action(action),
                    "observation": ReplayInput.array(transition.observation),
                    "reward": MetricsLog.number(transition.reward),
                    "terminated": "\(transition.terminated)", "truncated": "\(transition.truncated)",
                    "state": stateful.map { ReplayInput.array($0.state) } ?? "null",
                ]))
                // A state far outside the dynamics' range overflows; say so instead of printing
                // nulls and succeeding.
                if !transition.reward.isFinite || !transition.observation.allSatisfy(\.isFinite) {
                    throw ValidationFailure("step \(index + 1): the \(transition.reward.isFinite ? "observation" : "reward") is not a finite number; "
                                            + "the state left the range \(id)'s dynamics can compute")
                }
                if transition.isDone && index < parsedActions.count - 1 {
                    FileHandle.standardError.write(Data("episode ended at step \(index + 1); the remaining actions are ignored\n".utf8))
                    break
                }
            }
        }
    }
}

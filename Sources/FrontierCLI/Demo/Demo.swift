import ArgumentParser

extension Frontier {
    /// `frontier demo`: a whole subnet on this machine (the default), or the toy regression
    /// that shows the tensor library on its own.
    struct Demo: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a whole subnet on this machine: three miners train, submit to an embedded validator, and are scored.",
            subcommands: [Subnet.self, Regression.self], defaultSubcommand: Subnet.self)
    }
}

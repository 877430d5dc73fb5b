import ArgumentParser
import Foundation
import Validator

extension Frontier {
    /// `frontier keys`: miners' hotkeys.
    struct Keys: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Make Ed25519 hotkeys for signing submissions.",
                                                        subcommands: [New.self])
    }
}

extension Frontier.Keys {
    /// `frontier keys new --out FILE`: a fresh key pair in a file only its owner can read.
    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write a new hotkey (mode 0600) and print its public key.")

        @Option(help: "The key file to create (never overwritten).")
        var out: String

        func run() throws {
            try OutputPath.prepare(out)
            let key = Hotkey()
            try key.write(to: out)
            print(key.publicKeyHex)
        }
    }
}

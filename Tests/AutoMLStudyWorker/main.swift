// A child process for AutoMLTests' storage tests: works on an SQLite study until it holds
// the requested number of finished trials, so tests can kill it (-9) mid-way, resume it, or run
// several at once.
//
//   AutoMLStudyWorker DATABASE STUDY FINISHED_TARGET SLEEP_MILLISECONDS SEED
//
// DATABASE is an SQLite file, or a PostgreSQL URL (postgresql://…).
import AutoML
import Foundation

let arguments = CommandLine.arguments
guard arguments.count == 6, let target = Int(arguments[3]), let pause = UInt32(arguments[4]), let seed = UInt64(arguments[5]) else {
    FileHandle.standardError.write(Data("usage: AutoMLStudyWorker DATABASE STUDY FINISHED_TARGET SLEEP_MILLISECONDS SEED\n".utf8))
    exit(2)
}
do {
    let storage: any StudyStorage = arguments[1].hasPrefix("postgresql://")
        ? try PostgresStorage(url: arguments[1]) : try SQLiteStorage(path: arguments[1])
    let study = try Study(name: arguments[2], sampler: TPESampler(seed: seed), storage: storage)
    // Each worker asks for one trial at a time until the study as a whole has enough: the count
    // is re-read each time because other workers finish trials too.
    while try study.trials().filter({ $0.state.isFinished }).count < target {
        try study.optimize(trials: 1) { trial in
            let x = try trial.suggestFloat("x", -5, 5)
            let y = try trial.suggestInt("y", 0, 10)
            try trial.report(x * x, step: 1)
            usleep(pause * 1000)
            return x * x + Double(y)
        }
    }
} catch {
    FileHandle.standardError.write(Data("AutoMLStudyWorker: \(error)\n".utf8))
    exit(1)
}

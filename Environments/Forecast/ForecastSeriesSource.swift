import Foundation
import Models
import RL

/// The series Forecast-v0 draws episodes from: the CSV files of a folder (`data=DIR`), or a new
/// synthetic series every episode.
enum ForecastSeriesSource {
    /// One series and its season length.
    struct Series {
        var name: String
        var values: [Double]
        var seasonLength: Int
    }

    case folder([Series])
    case synthetic(kinds: [SyntheticSeriesKind], length: Int)

    /// The most files a folder may hold (a folder is input the process did not create).
    static let maximumFiles = 10_000

    /// Every `*.csv` of `path` (sorted by name, so a seed picks the same series everywhere),
    /// read with ``TimeSeries/load(path:)``; throws naming the first unreadable file.
    static func loadFolder(_ path: String, environment: String) throws(EnvironmentError) -> [Series] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.lowercased().hasSuffix(".csv") }.sorted()
        } catch {
            throw .invalidOption(environment: environment, option: "data", reason: "cannot list the folder \(path): \(error.localizedDescription)")
        }
        guard !names.isEmpty else {
            throw .invalidOption(environment: environment, option: "data", reason: "the folder \(path) holds no .csv files")
        }
        guard names.count <= maximumFiles else {
            throw .invalidOption(environment: environment, option: "data", reason: "the folder \(path) holds \(names.count) .csv files; the limit is \(maximumFiles)")
        }
        var series: [Series] = []
        for name in names {
            let file = (path as NSString).appendingPathComponent(name)
            do {
                let loaded = try TimeSeries.load(path: file)
                series.append(Series(name: String(name.dropLast(4)), values: loaded.values, seasonLength: loaded.frequency.seasonLength))
            } catch {
                throw .invalidOption(environment: environment, option: "data", reason: "\(error)")
            }
        }
        return series
    }
}

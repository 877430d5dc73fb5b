#if canImport(Glibc)
import Glibc
#endif
import Tensor

/// A univariate series read from a `timestamp,value` CSV (oldest first, no gaps), the format of
/// the forecasting datasets.
public struct TimeSeries: Sendable, Equatable {
    /// A label, usually the file name without extension.
    public var name: String
    /// The timestamps as written (`1959-Q1`, `1958-03-29`, `1700`, …).
    public var timestamps: [String]
    /// The observations.
    public var values: [Double]

    /// The largest magnitude a value may have: scaling a window squares deviations, which
    /// overflows to infinity beyond about 1e154; 1e100 leaves room for sums.
    public static let maximumMagnitude = 1e100
    /// The most observations a series may hold (a CSV of 22 million rows would otherwise ask for
    /// gigabytes of training windows).
    public static let maximumCount = 1_000_000

    /// A series of equal-length timestamps and finite values, at most ``maximumCount`` of them.
    public init(name: String, timestamps: [String], values: [Double]) throws(ForecastError) {
        guard timestamps.count == values.count else {
            throw .invalidSeries(name, "\(timestamps.count) timestamps for \(values.count) values")
        }
        guard values.count <= Self.maximumCount else {
            throw .invalidSeries(name, "\(values.count) observations, more than the limit of \(Self.maximumCount)")
        }
        if let index = values.firstIndex(where: { !$0.isFinite }) {
            throw .invalidSeries(name, "value \(values[index]) at \(timestamps[index]) is not a finite number")
        }
        if let index = values.firstIndex(where: { Swift.abs($0) > Self.maximumMagnitude }) {
            throw .invalidSeries(name, "value \(values[index]) at \(timestamps[index]) is beyond ±1e100; rescale the series")
        }
        self.name = name
        self.timestamps = timestamps
        self.values = values
    }

    /// The number of observations.
    public var count: Int { values.count }

    /// Parses CSV text with a `timestamp,value` header. Errors name the line.
    public static func parse(csv text: String, name: String) throws(ForecastError) -> TimeSeries {
        // Count before splitting: the lines' array is the large allocation.
        let newlines = text.utf8.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
        guard newlines <= maximumCount + 1 else {
            throw .invalidSeries(name, "about \(newlines) lines, more than the limit of \(maximumCount) observations")
        }
        // Line numbers are the file's, blank lines included, so errors point at the right line.
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .map { (number: $0.offset + 1, text: $0.element.trimming(" \t\r")) }
            .filter { !$0.text.isEmpty }
        guard let header = lines.first?.text else { throw .invalidSeries(name, "the file is empty") }
        guard header.lowercased() == "timestamp,value" else {
            throw .invalidSeries(name, "line \(lines[0].number) is \"\(header.prefix(60))\", expected the header \"timestamp,value\"")
        }
        var timestamps: [String] = []
        var values: [Double] = []
        var lineOfTimestamp: [String: Int] = [:]
        var previous: (key: TimestampKey, line: Int, text: String)?
        for (number, line) in lines.dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == 2 else {
                throw .invalidSeries(name, "line \(number) has \(fields.count) fields, expected 2: \"\(line.prefix(60))\"")
            }
            guard let value = Double(fields[1].trimming(" ")), value.isFinite else {
                throw .invalidSeries(name, "line \(number): \"\(fields[1].prefix(60))\" is not a finite number")
            }
            let timestamp = String(fields[0].trimming(" "))
            guard !timestamp.isEmpty else { throw .invalidSeries(name, "line \(number): the timestamp is empty") }
            if let first = lineOfTimestamp[timestamp] {
                throw .invalidSeries(name, "line \(number): timestamp \(timestamp.prefix(60)) repeats line \(first)")
            }
            lineOfTimestamp[timestamp] = number
            // Order is checked where the form allows it (numbers, ISO dates, quarters).
            if let key = TimestampKey(timestamp) {
                if let previous, previous.key.isComparable(to: key), !(previous.key < key) {
                    throw .invalidSeries(name, "line \(number): timestamp \(timestamp.prefix(60)) is not after \(previous.text.prefix(60)) (line \(previous.line)); rows must be oldest first")
                }
                previous = (key, number, timestamp)
            }
            timestamps.append(timestamp)
            values.append(value)
        }
        return try TimeSeries(name: name, timestamps: timestamps, values: values)
    }

    /// Reads and parses a CSV file (at most 64 MiB).
    public static func load(path: String) throws(ForecastError) -> TimeSeries {
        let text: String
        do {
            text = try readTextFile(path, maxBytes: 64 << 20)
        } catch .cannotOpen(let code) {
            throw .unreadable(path, "cannot open (errno \(code))")
        } catch {
            throw .unreadable(path, "larger than 64 MiB")
        }
        let fileName = path.split(separator: "/").last.map(String.init) ?? path
        let name = fileName.hasSuffix(".csv") ? String(fileName.dropLast(4)) : fileName
        return try parse(csv: text, name: name)
    }

    /// The observation interval, inferred from the timestamps' form.
    public var frequency: Frequency { Frequency.infer(from: timestamps) }
}

/// A timestamp's position in time, where its form tells it: a number (`1700`, `1.5e9`), or an
/// ISO-like date of digits and separators (`2001-07`, `2001-Q3`, `2001-07-04`, `2001-07-04T12:00`),
/// compared as text among timestamps of the same length and pattern.
struct TimestampKey {
    private enum Value {
        case number(Double)
        case text(pattern: String, text: String)
    }
    private let value: Value

    init?(_ timestamp: String) {
        if let number = Double(timestamp), number.isFinite {
            value = .number(number)
            return
        }
        let allowed = timestamp.unicodeScalars.allSatisfy { ("0"..."9").contains($0) || "-:T Q./Z+".unicodeScalars.contains($0) }
        guard allowed, timestamp.first?.isNumber == true else { return nil }
        value = .text(pattern: String(timestamp.map { $0.isNumber ? "9" : $0 }), text: timestamp)
    }

    /// Whether the two can be ordered (both numbers, or the same textual pattern).
    func isComparable(to other: TimestampKey) -> Bool {
        switch (value, other.value) {
        case (.number, .number): return true
        case let (.text(a, _), .text(b, _)): return a == b
        default: return false
        }
    }

    static func < (lhs: TimestampKey, rhs: TimestampKey) -> Bool {
        switch (lhs.value, rhs.value) {
        case let (.number(a), .number(b)): return a < b
        case let (.text(_, a), .text(_, b)): return a < b
        default: return false
        }
    }
}

/// How often a series is observed, and the season length that goes with it.
public enum Frequency: String, Sendable, Codable, CaseIterable {
    case daily, weekly, monthly, quarterly, yearly, unknown

    /// Observations per seasonal cycle (a week of days, a year of weeks/months/quarters; 1 when
    /// there is no natural cycle).
    public var seasonLength: Int {
        switch self {
        case .daily: return 7
        case .weekly: return 52
        case .monthly: return 12
        case .quarterly: return 4
        case .yearly, .unknown: return 1
        }
    }

    /// The frequency the timestamps' form implies: `2001`, `2001-Q3`, `2001-07`, or ISO dates
    /// whose first step is 1, 7 or about 30 days.
    public static func infer(from timestamps: [String]) -> Frequency {
        guard let first = timestamps.first else { return .unknown }
        if first.count == 4, Int(first) != nil { return .yearly }
        if first.count == 7, first.dropFirst(4).hasPrefix("-Q") { return .quarterly }
        if first.count == 7, Int(first.suffix(2)) != nil { return .monthly }
        if first.count == 10, timestamps.count > 1, let a = dayNumber(first), let b = dayNumber(timestamps[1]) {
            switch b - a {
            case 1: return .daily
            case 7: return .weekly
            case 28...31: return .monthly
            default: return .unknown
            }
        }
        return .unknown
    }

    /// Days since 0000-03-01 of a `YYYY-MM-DD` date (for differences only).
    static func dayNumber(_ date: String) -> Int? {
        let parts = date.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        var (year, month, day) = (parts[0], parts[1], parts[2])
        if month <= 2 { year -= 1; month += 12 }
        return 365 * year + year / 4 - year / 100 + year / 400 + (153 * (month - 3) + 2) / 5 + day
    }
}

/// Why forecasting data or settings were refused.
public enum ForecastError: Error, Equatable, CustomStringConvertible {
    case unreadable(String, String)
    case invalidSeries(String, String)
    case invalidConfig(String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): return "cannot read \(path): \(reason)"
        case .invalidSeries(let name, let reason): return "series \(name): \(reason)"
        case .invalidConfig(let reason): return "invalid forecasting config: \(reason)"
        }
    }
}

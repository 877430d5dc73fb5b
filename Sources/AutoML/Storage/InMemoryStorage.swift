import Foundation

/// A storage that lives as long as the process: for studies that need no resuming, and the one
/// tests reach for. Safe to share between threads.
public final class InMemoryStorage: StudyStorage, @unchecked Sendable {
    private struct StoredStudy {
        var name: String
        var direction: StudyDirection
        var trials: [FrozenTrial]
    }

    // Guarded by `lock`; @unchecked Sendable rests on that.
    private let lock = NSLock()
    private var studies: [StoredStudy] = []

    /// An empty storage.
    public init() {}

    public func openStudy(name: String, direction: StudyDirection) throws -> Int {
        try lock.withLock {
            if let index = studies.firstIndex(where: { $0.name == name }) {
                guard studies[index].direction == direction else {
                    throw StudyError.directionMismatch(study: name, stored: studies[index].direction, requested: direction)
                }
                return index
            }
            studies.append(StoredStudy(name: name, direction: direction, trials: []))
            return studies.count - 1
        }
    }

    public func loadStudy(name: String) throws -> (id: Int, direction: StudyDirection) {
        try lock.withLock {
            guard let index = studies.firstIndex(where: { $0.name == name }) else { throw StudyError.unknownStudy(name) }
            return (index, studies[index].direction)
        }
    }

    public func createTrial(studyID: Int) throws -> Int {
        try lock.withLock {
            try checkStudy(studyID)
            let number = studies[studyID].trials.count
            studies[studyID].trials.append(FrozenTrial(number: number))
            return number
        }
    }

    public func setParameter(studyID: Int, trial: Int, name: String, distribution: Distribution, value: ParameterValue) throws {
        try mutateRunning(studyID: studyID, trial: trial) { record in
            if let existing = record.distributions[name], existing != distribution {
                throw StudyError.distributionChanged(parameter: name, trial: trial)
            }
            record.distributions[name] = distribution
            record.parameters[name] = value
        }
    }

    public func setIntermediateValue(studyID: Int, trial: Int, step: Int, value: Double) throws {
        try mutateRunning(studyID: studyID, trial: trial) { $0.intermediateValues[step] = value }
    }

    public func finishTrial(studyID: Int, trial: Int, state: TrialState, value: Double?) throws {
        try mutateRunning(studyID: studyID, trial: trial) { record in
            record.state = state
            record.value = state == .complete ? value : nil
        }
    }

    public func trial(studyID: Int, number: Int) throws -> FrozenTrial {
        try lock.withLock {
            try checkStudy(studyID)
            guard studies[studyID].trials.indices.contains(number) else { throw StudyError.unknownTrial(number) }
            return studies[studyID].trials[number]
        }
    }

    public func trials(studyID: Int) throws -> [FrozenTrial] {
        try lock.withLock {
            try checkStudy(studyID)
            return studies[studyID].trials
        }
    }

    private func checkStudy(_ id: Int) throws {
        guard studies.indices.contains(id) else { throw StudyError.unknownStudy("#\(id)") }
    }

    private func mutateRunning(studyID: Int, trial: Int, _ change: (inout FrozenTrial) throws -> Void) throws {
        try lock.withLock {
            try checkStudy(studyID)
            guard studies[studyID].trials.indices.contains(trial) else { throw StudyError.unknownTrial(trial) }
            let state = studies[studyID].trials[trial].state
            guard state == .running else { throw StudyError.trialFinished(number: trial, state: state) }
            try change(&studies[studyID].trials[trial])
        }
    }
}

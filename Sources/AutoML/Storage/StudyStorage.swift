/// Where studies and their trials live. Every method is one atomic step, so several workers
/// (threads, processes, machines, depending on the storage) can share a study: trial numbers are
/// handed out once, and a finished trial never changes again.
public protocol StudyStorage: AnyObject, Sendable {
    /// The id of the study called `name`, created with `direction` when it does not exist yet.
    func openStudy(name: String, direction: StudyDirection) throws -> Int
    /// The direction and id of an existing study.
    func loadStudy(name: String) throws -> (id: Int, direction: StudyDirection)
    /// A new running trial's number (the next unused one in the study).
    func createTrial(studyID: Int) throws -> Int
    /// Records a parameter of a running trial.
    func setParameter(studyID: Int, trial: Int, name: String, distribution: Distribution, value: ParameterValue) throws
    /// Records an intermediate value of a running trial (a later report of a step replaces it).
    func setIntermediateValue(studyID: Int, trial: Int, step: Int, value: Double) throws
    /// Finishes a running trial; `value` is required for complete trials and ignored otherwise.
    func finishTrial(studyID: Int, trial: Int, state: TrialState, value: Double?) throws
    /// One trial.
    func trial(studyID: Int, number: Int) throws -> FrozenTrial
    /// Every trial of the study, ordered by number.
    func trials(studyID: Int) throws -> [FrozenTrial]
}

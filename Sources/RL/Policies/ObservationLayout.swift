/// Where a policy finds the parts of a structured observation in the flat vector: an action
/// mask, one feature row per action, and the rest (the context).
///
/// Built from a ``DictSpace`` whose parts follow the two conventions it documents
/// (`action_mask`, `action_features`). An ``ActorCritic`` with a layout masks its categorical
/// distribution (disallowed actions get probability zero, as in Stable-Baselines3-contrib's
/// `MaskablePPO`) and, when there are feature rows, scores every action with one shared network
/// over `[its row, context]` (a per-variable scorer: the same weights serve any number of
/// actions); the critic then reads the mean of the rows beside the context.
public struct ObservationLayout: Codable, Sendable, Equatable {
    /// A run of flat positions.
    public struct Span: Codable, Sendable, Equatable {
        /// The first position.
        public var start: Int
        /// How many positions.
        public var count: Int

        /// A span.
        public init(start: Int, count: Int) {
            self.start = start
            self.count = count
        }

        /// The positions as a range.
        public var range: Range<Int> { start..<(start + count) }
    }

    /// The mask's positions (one per action; 1 allows the action), if masked.
    public var actionMask: Span?
    /// The feature rows' positions (`actions × featureCount`, row-major), if any.
    public var actionFeatures: Span?
    /// The width of one feature row (0 without feature rows).
    public var featureCount: Int
    /// Every other position, in order: what the actor reads beside each row, and the critic
    /// beside their mean.
    public var context: [Span]

    /// A layout.
    public init(actionMask: Span?, actionFeatures: Span?, featureCount: Int, context: [Span]) {
        self.actionMask = actionMask
        self.actionFeatures = actionFeatures
        self.featureCount = featureCount
        self.context = context
    }

    /// The layout of `observationSpace` for a policy over `actionSpace`; nil when the space is
    /// not a dict using either convention (a plain network reads the whole vector). Throws
    /// ``ObservationLayoutError`` when a part named by a convention has the wrong shape.
    public init?(observationSpace: Space, actionSpace: Space) throws(ObservationLayoutError) {
        guard case let .dict(dict) = observationSpace else { return nil }
        let maskRange = dict.range(of: DictSpace.actionMaskKey)
        let featureRange = dict.range(of: DictSpace.actionFeaturesKey)
        guard maskRange != nil || featureRange != nil else { return nil }
        guard case let .discrete(discrete) = actionSpace else {
            throw .needsDiscreteActions(actionSpace: "\(actionSpace)")
        }
        if let maskRange {
            guard case let .multiBinary(mask) = dict.space(of: DictSpace.actionMaskKey), mask.count == discrete.count else {
                throw .malformedPart(key: DictSpace.actionMaskKey, reason: "must be MultiBinary(\(discrete.count)), one bit per action; got \(maskRange.count) values")
            }
        }
        var features = 0
        if let featureRange {
            guard case let .box(box) = dict.space(of: DictSpace.actionFeaturesKey), box.shape.count == 2, box.shape[0] == discrete.count,
                  box.shape[1] > 0 else {
                throw .malformedPart(key: DictSpace.actionFeaturesKey, reason: "must be a Box of shape [\(discrete.count), features], one row per action")
            }
            features = box.shape[1]
        }
        var context: [Span] = []
        var offset = 0
        for entry in dict.entries {
            let size = entry.space.flatSize
            if entry.key != DictSpace.actionMaskKey && entry.key != DictSpace.actionFeaturesKey && size > 0 {
                if let last = context.last, last.start + last.count == offset {
                    context[context.count - 1].count += size
                } else {
                    context.append(Span(start: offset, count: size))
                }
            }
            offset += size
        }
        self.init(actionMask: maskRange.map { Span(start: $0.lowerBound, count: $0.count) },
                  actionFeatures: featureRange.map { Span(start: $0.lowerBound, count: $0.count) },
                  featureCount: features, context: context)
    }

    /// The number of context values.
    public var contextSize: Int { context.reduce(0) { $0 + $1.count } }

    /// The context positions, one by one.
    public var contextIndices: [Int] { context.flatMap { Array($0.range) } }

    /// Why a layout read from a stranger's bundle cannot serve a network with `observationSize`
    /// inputs and `actionCount` actions (nil when it can): spans out of range or overlapping,
    /// sizes that disagree.
    public func problem(observationSize: Int, actionCount: Int) -> String? {
        var covered = [Bool](repeating: false, count: max(observationSize, 0))
        for span in [actionMask, actionFeatures].compactMap({ $0 }) + context {
            guard span.start >= 0, span.count >= 0, span.start <= observationSize, span.count <= observationSize - span.start else {
                return "the span \(span.start)+\(span.count) lies outside the \(observationSize) observation values"
            }
            for index in span.range {
                if covered[index] { return "two parts of the layout overlap at position \(index)" }
                covered[index] = true
            }
        }
        if let actionMask, actionMask.count != actionCount {
            return "the action mask has \(actionMask.count) bits for \(actionCount) actions"
        }
        if let actionFeatures {
            guard featureCount > 0, actionFeatures.count == actionCount * featureCount else {
                return "the feature rows hold \(actionFeatures.count) values, not \(actionCount) rows of \(featureCount)"
            }
        } else if featureCount != 0 {
            return "a feature width of \(featureCount) without feature rows"
        }
        return nil
    }
}

/// Why an observation space's parts cannot be laid out for a policy.
public enum ObservationLayoutError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Masks and per-action features index discrete actions.
    case needsDiscreteActions(actionSpace: String)
    /// A part named by a convention has the wrong kind or shape.
    case malformedPart(key: String, reason: String)

    public var description: String {
        switch self {
        case let .needsDiscreteActions(actionSpace):
            "action masks and per-action features need a Discrete action space, got \(actionSpace)"
        case let .malformedPart(key, reason): "the observation part '\(key)' \(reason)"
        }
    }
}

extension Space {
    /// The number of actions of a discrete space (0 for any other kind).
    public var flatActionCount: Int {
        if case let .discrete(space) = self { return space.count }
        return 0
    }
}

extension GuideWeights {
    /// The guide shipped with Frontier, trained by `frontier dsl train-guide` with the default
    /// ``GuideTraining/Configuration`` (see Environments/DeepCoder/README.md to regenerate it).
    public static let shipped: GuideWeights = {
        guard let weights = try? GuideWeights(encoded: ShippedGuideData.base64) else {
            preconditionFailure("the shipped guide weights do not decode: regenerate ShippedGuideData.swift")
        }
        return weights
    }()
}

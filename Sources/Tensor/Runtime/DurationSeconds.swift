extension Duration {
    /// The duration in seconds, as a Double (for reports and timing across the package).
    package var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }
}

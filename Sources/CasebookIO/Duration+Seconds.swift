extension Duration {
    /// The duration in seconds, for timings shown to people.
    public var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}

/// A validated case, ready for the site: every value typed, every code as written.
public struct Case: Sendable, Hashable {
    public struct Period: Sendable, Hashable {
        public var start: CaseMonth
        /// Nil while the cooperation is ongoing.
        public var end: CaseMonth?
    }

    public struct Partner: Sendable, Hashable {
        public var name: String
        public var role: String
    }

    public var id: String
    public var path: String
    /// The path inside the content folder: `cases/cloud-ops.md`.
    public var relativePath: String = ""
    public var title: String
    public var summary: String
    public var date: CaseDate
    public var period: Period?
    public var region: String?
    public var model: String
    public var partners: [Partner]
    /// The codes of each tier, in the order written.
    public var tiers: [Tier: [String]]
    /// Factor scores by key.
    public var factors: [String: Int]
    /// Reported metrics by key; a metric the case does not report is absent.
    public var metrics: [String: MetricValue]
    public var tags: [String]
    public var draft: Bool
    /// The Markdown body, which a case whose check outcome came from the cache holds as
    /// its file, decoded only for its page (`FileText`).
    public var bodyText: FileText
    public var bodyFirstLine: Int

    public var body: String {
        get { bodyText.value }
        set { bodyText = FileText(newValue) }
    }
}

/// A metric value, typed by the metric's kind (SPEC §3.2).
public enum MetricValue: Sendable, Hashable {
    case integer(Int)
    case number(Double)
    case percent(Double)
    case money(Double)
    case rating(Int)
    case boolean(Bool)

    /// The value on a number line, for comparisons and aggregates; nil for booleans.
    public var numeric: Double? {
        switch self {
        case .integer(let i), .rating(let i): Double(i)
        case .number(let d), .percent(let d), .money(let d): d
        case .boolean: nil
        }
    }
}

/// The slug rule of ids and file names: `^[a-z0-9]+(-[a-z0-9]+)*$`.
public func isSlug(_ text: String) -> Bool {
    guard !text.isEmpty, !text.hasPrefix("-"), !text.hasSuffix("-"), !text.contains("--") else { return false }
    return text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
}

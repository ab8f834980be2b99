/// The stable codes of SPEC §4; each code has one severity, written here once.
public enum DiagnosticCode: String, Sendable, Hashable, CaseIterable, Comparable {
    case cb001 = "CB001", cb002 = "CB002", cb003 = "CB003", cb004 = "CB004"
    case cb010 = "CB010", cb011 = "CB011", cb012 = "CB012"
    case cb020 = "CB020", cb021 = "CB021", cb022 = "CB022", cb023 = "CB023", cb024 = "CB024"
    case cb030 = "CB030", cb031 = "CB031", cb032 = "CB032", cb033 = "CB033", cb034 = "CB034"
    case cb040 = "CB040", cb041 = "CB041", cb042 = "CB042"
    case cb050 = "CB050"
    case cb060 = "CB060"

    public var severity: Severity {
        switch self {
        case .cb011, .cb024, .cb042: .warning
        default: .error
        }
    }

    /// A one-line summary of what the code means, as the SPEC's table gives it.
    public var summary: String {
        switch self {
        case .cb001: "front matter missing or not closed"
        case .cb002: "YAML syntax error"
        case .cb003: "front matter is not a mapping, or a field has the wrong YAML shape"
        case .cb004: "file is not valid UTF-8"
        case .cb010: "required field missing"
        case .cb011: "unknown field"
        case .cb012: "invalid value"
        case .cb020: "code not in the tier's registry"
        case .cb021: "code at another level than the tier's"
        case .cb022: "sector not within the case's industry"
        case .cb023: "unknown enterprise id"
        case .cb024: "enterprise registered in another sector"
        case .cb030: "unknown metric"
        case .cb031: "metric value of the wrong type"
        case .cb032: "metric value out of range"
        case .cb033: "required metric missing"
        case .cb034: "unknown factor, or factor outside the scale"
        case .cb040: "two cases with the same id"
        case .cb041: "link to a case, page or media file that does not exist"
        case .cb042: "case body is empty"
        case .cb050: "problem in schema.yml, site.yml, enterprises.yml or a registry file"
        case .cb060: "problem in a template: a syntax error, or a partial that does not exist"
        }
    }

    public static func < (lhs: DiagnosticCode, rhs: DiagnosticCode) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}

/// How bad a diagnostic is: errors fail the run, warnings only under `--strict`.
public enum Severity: String, Sendable, Hashable {
    case error, warning
}

/// One problem found in the input: data, never thrown.
public struct Diagnostic: Sendable, Hashable, Comparable {
    public var code: DiagnosticCode
    public var location: SourceLocation
    /// Names the field and the value.
    public var message: String
    /// The closest valid codes, ids or keys, the valid range, or the expected form.
    public var hint: String?
    /// How many characters from `location.column` the caret underlines.
    public var span: Int

    public init(
        _ code: DiagnosticCode, at location: SourceLocation, _ message: String,
        hint: String? = nil, span: Int = 1
    ) {
        self.code = code
        self.location = location
        self.message = message
        self.hint = hint
        self.span = max(1, span)
    }

    public var severity: Severity { code.severity }

    /// File, line, column, then code and message, so a sorted list reads top to bottom.
    public static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
        if lhs.location != rhs.location { return lhs.location < rhs.location }
        if lhs.code != rhs.code { return lhs.code < rhs.code }
        return lhs.message < rhs.message
    }
}

extension Array where Element == Diagnostic {
    public var errorCount: Int { count { $0.severity == .error } }
    public var warningCount: Int { count { $0.severity == .warning } }
}

/// A step that stops at its first problem (reading one file) returns it as the failure
/// of a `Result`; it is still a value, collected with the others.
extension Diagnostic: Error {}

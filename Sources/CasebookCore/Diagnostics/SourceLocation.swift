/// A place in a source file, as the user sees it.
///
/// `line` counts the file's lines from 1 (the opening `---` of a case is line 1);
/// `column` counts characters (Unicode scalars) from 1. Every diagnostic carries one,
/// and every conversion from a library's own positions (libyaml marks, cmark lines) is made
/// at the boundary where that library is called.
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var path: String
    public var line: Int
    public var column: Int

    public init(path: String, line: Int, column: Int) {
        self.path = path
        self.line = line
        self.column = column
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.path, lhs.line, lhs.column) < (rhs.path, rhs.line, rhs.column)
    }

    public var description: String { "\(path):\(line):\(column)" }
}

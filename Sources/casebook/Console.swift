import Foundation

/// Where output goes: diagnostics for people on stderr, data on stdout.
enum Console {
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    static func errorRaw(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Colour on stderr only for a terminal, and never when `NO_COLOR` is set.
    static var colorOnStderr: Bool {
        let noColor = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        return !noColor && isatty(STDERR_FILENO) == 1
    }

    /// A progress line only on a terminal.
    static var progressOnStderr: Bool { isatty(STDERR_FILENO) == 1 }
}

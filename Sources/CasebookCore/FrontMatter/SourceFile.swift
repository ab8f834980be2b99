import Synchronization

/// A file's path as the user would type it, and its bytes as read.
public struct SourceFile: Sendable, Hashable {
    public var path: String
    private var contents: Contents

    /// The bytes; those of a file loaded unread (`init(path:count:read:)`) are read the
    /// first time they are asked for.
    public var bytes: [UInt8] {
        get { contents.bytes }
        set { contents = Contents(newValue) }
    }

    /// How many bytes the file has, known without reading them.
    public var count: Int { contents.count }

    /// Whether the file was loaded unread: it is known to be what it was when its check
    /// outcome was kept (`FileStamp`).
    public var isDeferred: Bool { contents.isDeferred }

    public init(path: String, bytes: [UInt8]) {
        self.path = path
        contents = Contents(bytes)
    }

    public init(path: String, text: String) {
        self.init(path: path, bytes: Array(text.utf8))
    }

    /// A file of `count` bytes that `read` reads when its bytes are first asked for: a
    /// build after one case of 10,000 changed reads one file, not 25 MB, and most of the
    /// others' bytes are never asked for (their outcomes come from the cache).
    public init(path: String, count: Int, read: @escaping @Sendable () -> [UInt8]) {
        self.path = path
        contents = Contents(count: count, read: read)
    }

    public static func == (a: SourceFile, b: SourceFile) -> Bool {
        a.path == b.path && a.bytes == b.bytes
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(path)
        hasher.combine(bytes)
    }

    /// The bytes, or how to read them once.
    private final class Contents: Sendable {
        let count: Int
        let isDeferred: Bool
        private let read: (@Sendable () -> [UInt8])?
        private let loaded: Mutex<[UInt8]?>

        init(_ bytes: [UInt8]) {
            count = bytes.count
            isDeferred = false
            read = nil
            loaded = Mutex(bytes)
        }

        init(count: Int, read: @escaping @Sendable () -> [UInt8]) {
            self.count = count
            isDeferred = true
            self.read = read
            loaded = Mutex(nil)
        }

        var bytes: [UInt8] {
            loaded.withLock { loaded in
                if let loaded { return loaded }
                let bytes = read?() ?? []
                loaded = bytes
                return bytes
            }
        }
    }
}

extension SourceFile {
    /// The file as text: UTF-8 checked, a leading BOM dropped, CRLF line ends made LF.
    /// Invalid UTF-8 is CB004 at the line and column of the first bad byte.
    public func decodedText() -> Result<String, Diagnostic> {
        var bytes = self.bytes[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        // Fast path: valid UTF-8 without CR needs no scalar-by-scalar pass.
        if !Self.containsCR(bytes), let text = String(validating: bytes, as: UTF8.self) {
            return .success(text)
        }
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var line = 1
        var column = 1
        var scalars = String.UnicodeScalarView()
        scalars.reserveCapacity(bytes.count)
        var pendingCR = false
        decoding: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                if pendingCR {
                    pendingCR = false
                    if scalar != "\n" { scalars.append("\r") }
                }
                if scalar == "\r" { pendingCR = true; column += 1; continue }
                scalars.append(scalar)
                if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
            case .emptyInput:
                if pendingCR { scalars.append("\r") }
                break decoding
            case .error:
                return .failure(Diagnostic(
                    .cb004, at: SourceLocation(path: path, line: line, column: column),
                    "file is not valid UTF-8: invalid byte sequence at line \(line)",
                    hint: "save the file as UTF-8"))
            }
        }
        return .success(String(scalars))
    }

    /// Whether a CR is among `bytes`: a loop without a branch per byte, which the
    /// compiler turns into vector instructions (`contains` tested byte by byte, a
    /// fortieth of a check, done for every case file).
    static func containsCR(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            var found: UInt8 = 0
            for byte in buffer { found |= byte == UInt8(ascii: "\r") ? 1 : 0 }
            return found != 0
        }
    }
}

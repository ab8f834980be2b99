/// JSON text for the exports and `--format json`.
public enum JSON {
    /// A JSON string literal. `<`, `>` and `&` are escaped too, so the text is also safe
    /// inside an HTML `<script>` element.
    public static func string(_ s: String) -> String {
        var out: [UInt8] = []
        write(s, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// A number as JSON writes it (`NumberFormat.plain`), `null` when not finite.
    static func number(_ d: Double) -> String {
        d.isFinite ? NumberFormat.plain(d) : "null"
    }

    /// `string(s)`, appended to UTF-8 bytes.
    static func write(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // Most strings need no escape at all: copy them whole. Their bytes are looked up
        // in a table, one load per byte instead of seven comparisons (`cases.json` is
        // 22 MB at 10,000 cases, nearly all of it in strings).
        var s = s
        let plain = s.withUTF8 { bytes in
            escapeTable.withUnsafeBufferPointer { table in
                var needs: UInt8 = 0
                for byte in bytes { needs |= table[Int(byte)] }
                if needs == 0 { out.append(contentsOf: bytes) }
                return needs == 0
            }
        }
        if plain {
            out.append(UInt8(ascii: "\""))
            return
        }
        func put(_ text: StaticString) {
            out.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        }
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": put("\\\"")
            case "\\": put("\\\\")
            case "\n": put("\\n")
            case "\r": put("\\r")
            case "\t": put("\\t")
            case "<": put("\\u003c")
            case ">": put("\\u003e")
            case "&": put("\\u0026")
            case "\u{2028}": put("\\u2028")
            case "\u{2029}": put("\\u2029")
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    put("\\u")
                    out.append(contentsOf: (String(repeating: "0", count: 4 - hex.count) + hex).utf8)
                } else {
                    out.append(contentsOf: String(scalar).utf8)
                }
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

/// 1 for each byte that may need an escape in a JSON string: controls, `"`, `\`, `<`,
/// `>`, `&`, and 0xE2, which starts U+2028 and U+2029.
private let escapeTable: [UInt8] = (0...255).map { byte in
    byte < 0x20 || [0x22, 0x5C, 0x3C, 0x3E, 0x26, 0xE2].contains(byte) ? 1 : 0
}

/// A JSON value whose objects keep their keys in the order given, so the text written
/// is the same on every run.
public indirect enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool { lhs.text() == rhs.text() }
    public func hash(into hasher: inout Hasher) { hasher.combine(text()) }

    /// The value as JSON text: compact, or indented by two spaces per level.
    public func text(pretty: Bool = false) -> String {
        String(decoding: bytes(pretty: pretty), as: UTF8.self)
    }

    /// `text(pretty:)` as UTF-8 bytes, written straight into one buffer.
    public func bytes(pretty: Bool = false) -> [UInt8] {
        var writer = JSONWriter(pretty: pretty)
        writer.write(self)
        return writer.bytes
    }
}

/// Writes JSON text into bytes as it goes, in `JSONValue`'s layout (compact, or two
/// spaces per level): `data/cases.json` of 10,000 cases is 22 MB, and building it as a
/// tree of values first held 44 MB more at the build's peak. `JSONValue` writes itself
/// through this, so the layout is written down once.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    let pretty: Bool
    private var depth = 0
    /// Items written so far in the array or object being written.
    private var count = 0

    /// `capacity`: the bytes to make room for at once (a large export's size last time).
    init(pretty: Bool, capacity: Int = 0) {
        self.pretty = pretty
        bytes.reserveCapacity(capacity)
    }

    /// The bytes written and a line break after them, taken as they are: `bytes + [10]`
    /// copied the whole export (22 MB at 10,000 cases) into fresh memory.
    consuming func endingLine() -> [UInt8] {
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }

    /// A value standing alone, or as the value of a field just written.
    mutating func write(_ value: JSONValue) {
        switch value {
        case .null: bytes.append(contentsOf: "null".utf8)
        case .bool(let b): bytes.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let i): bytes.append(contentsOf: String(i).utf8)
        case .double(let d): bytes.append(contentsOf: JSON.number(d).utf8)
        case .string(let s): JSON.write(s, into: &bytes)
        case .array(let items): array { for item in items { $0.element(item) } }
        case .object(let fields): object { for (key, value) in fields { $0.field(key, value) } }
        }
    }

    mutating func array(_ items: (inout JSONWriter) -> Void) {
        container(UInt8(ascii: "["), UInt8(ascii: "]"), items)
    }

    mutating func object(_ fields: (inout JSONWriter) -> Void) {
        container(UInt8(ascii: "{"), UInt8(ascii: "}"), fields)
    }

    /// An item of the array being written.
    mutating func element(_ value: JSONValue) {
        separate()
        write(value)
    }

    /// An item of the array being written, as it was written at this depth; where it
    /// lies in the bytes.
    @discardableResult
    mutating func element(raw: some Collection<UInt8>) -> Range<Int> {
        separate()
        let start = bytes.count
        bytes.append(contentsOf: raw)
        return start..<bytes.count
    }

    /// An object as an item of the array being written; where it lies in the bytes.
    @discardableResult
    mutating func elementObject(_ fields: (inout JSONWriter) -> Void) -> Range<Int> {
        separate()
        let start = bytes.count
        object(fields)
        return start..<bytes.count
    }

    /// A field of the object being written.
    mutating func field(_ key: String, _ value: JSONValue) {
        name(key)
        write(value)
    }

    mutating func field(_ key: String, string: String) {
        name(key)
        JSON.write(string, into: &bytes)
    }

    mutating func field(_ key: String, object fields: (inout JSONWriter) -> Void) {
        name(key)
        object(fields)
    }

    mutating func field(_ key: String, array items: (inout JSONWriter) -> Void) {
        name(key)
        array(items)
    }

    private mutating func name(_ key: String) {
        separate()
        JSON.write(key, into: &bytes)
        bytes.append(UInt8(ascii: ":"))
        if pretty { bytes.append(UInt8(ascii: " ")) }
    }

    private mutating func separate() {
        if count > 0 { bytes.append(UInt8(ascii: ",")) }
        count += 1
        if pretty { newline() }
    }

    private mutating func newline() {
        bytes.append(UInt8(ascii: "\n"))
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * depth))
    }

    /// `[]` or `{}` when `body` writes nothing; else each item on a line of its own.
    private mutating func container(_ open: UInt8, _ close: UInt8, _ body: (inout JSONWriter) -> Void) {
        bytes.append(open)
        let outer = count
        depth += 1
        count = 0
        body(&self)
        let written = count
        depth -= 1
        count = outer
        if written > 0, pretty { newline() }
        bytes.append(close)
    }
}

/// A compact binary form of checked values, for what a build keeps between runs (each
/// case's check outcome): written and read field by field, in a fixed order, with no
/// names and no reflection, so that reading 10,000 cases back costs far less than
/// checking them again. Not an interchange format: a reader of another version of
/// casebook finds a different fingerprint and never reads it.
public protocol Archivable {
    func archive(into writer: inout ArchiveWriter)
    init(from reader: inout ArchiveReader) throws(ArchiveError)
}

/// Bytes that are not an archive of the expected value.
public struct ArchiveError: Error, Sendable {
    public var reason: String

    public init(reason: String) {
        self.reason = reason
    }
}

public struct ArchiveWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    /// An unsigned LEB128 number.
    public mutating func write(unsigned value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    @inlinable
    public mutating func write<Value: Archivable>(_ value: Value) {
        value.archive(into: &self)
    }

    /// Room for `more` bytes, so that a large archive is not copied as it grows.
    public mutating func reserve(_ more: Int) {
        bytes.reserveCapacity(bytes.count + more)
    }

    /// Bytes as they are, with no count: the reader knows where they end.
    mutating func write(raw more: some Collection<UInt8>) {
        bytes.append(contentsOf: more)
    }

    /// A little-endian word of eight bytes, for a table read in place.
    mutating func write(word: UInt64) {
        withUnsafeBytes(of: word.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// Bytes as they are, after their count.
    public mutating func write(bytes more: some Collection<UInt8>) {
        write(unsigned: UInt64(more.count))
        bytes.append(contentsOf: more)
    }
}

public struct ArchiveReader {
    /// The bytes, which this holds alive for `start`.
    private let bytes: ArraySlice<UInt8>
    /// Where the bytes lie in memory: texts are read through it, not through slices of
    /// `bytes`. Each slice retains the buffer it lies in, and the threads that read a
    /// cache's outcomes side by side all read one buffer, so each retain and release was
    /// a write to one word passed between the cores (a tenth of reading the outcomes).
    /// A slice of an array keeps the array's storage, which is never written again.
    private let start: UnsafePointer<UInt8>?
    private var offset: Int

    public init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        self.start = bytes.withUnsafeBufferPointer { $0.baseAddress }
        self.offset = bytes.startIndex
    }

    public init(_ bytes: [UInt8]) {
        self.init(bytes[...])
    }

    public var isAtEnd: Bool { offset == bytes.endIndex }

    /// The bytes not read yet, all of them.
    mutating func rest() -> ArraySlice<UInt8> {
        defer { offset = bytes.endIndex }
        return bytes[offset...]
    }

    public mutating func readUnsigned() throws(ArchiveError) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.endIndex, shift < 64 {
            let byte = bytes[offset]
            offset += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
        throw ArchiveError(reason: "a number runs past the end")
    }

    @inlinable
    public mutating func read<Value: Archivable>(_: Value.Type = Value.self) throws(ArchiveError) -> Value {
        try Value(from: &self)
    }

    /// The bytes written by `write(bytes:)`.
    public mutating func readBytes() throws(ArchiveError) -> ArraySlice<UInt8> {
        let range = try nextBytes()
        return bytes[range]
    }

    /// The bytes written by `write(bytes:)`, where they lie, without a slice of them
    /// (`start`); valid while this reader is.
    mutating func readBuffer() throws(ArchiveError) -> UnsafeBufferPointer<UInt8> {
        let range = try nextBytes()
        return UnsafeBufferPointer(start: start.map { $0 + (range.lowerBound - bytes.startIndex) }, count: range.count)
    }

    /// Where the next bytes written by `write(bytes:)` lie in `bytes`, passed over.
    private mutating func nextBytes() throws(ArchiveError) -> Range<Int> {
        guard let count = Int(exactly: try readUnsigned()), count <= bytes.endIndex - offset else { throw ArchiveError(reason: "bytes run past the end") }
        defer { offset += count }
        return offset..<(offset + count)
    }
}

extension Int: Archivable {
    /// Zig-zag, so that small negative numbers stay short.
    public func archive(into writer: inout ArchiveWriter) {
        writer.write(unsigned: UInt64(bitPattern: Int64((self << 1) ^ (self >> (Int.bitWidth - 1)))))
    }

    public init(from reader: inout ArchiveReader) throws(ArchiveError) {
        let raw = try reader.readUnsigned()
        self = Int(truncatingIfNeeded: Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1))
    }
}

extension Bool: Archivable {
    public func archive(into writer: inout ArchiveWriter) { writer.write(unsigned: self ? 1 : 0) }

    public init(from reader: inout ArchiveReader) throws(ArchiveError) {
        switch try reader.readUnsigned() {
        case 0: self = false
        case 1: self = true
        case let other: throw ArchiveError(reason: "\(other) is not a boolean")
        }
    }
}

extension Double: Archivable {
    public func archive(into writer: inout ArchiveWriter) { writer.write(unsigned: bitPattern) }

    public init(from reader: inout ArchiveReader) throws(ArchiveError) {
        self = Double(bitPattern: try reader.readUnsigned())
    }
}

extension String: Archivable {
    public func archive(into writer: inout ArchiveWriter) { writer.write(bytes: utf8) }

    /// Decoded from the buffer, then compared with it: any byte that is not UTF-8 comes
    /// out replaced, so the text is the bytes only when they were valid. The generic
    /// `String(validating:as:)` looked up type metadata for each of a build's 300,000
    /// texts read back (2 % of a build after one case changed).
    public init(from reader: inout ArchiveReader) throws(ArchiveError) {
        let buffer = try reader.readBuffer()
        var text = String(decoding: buffer, as: UTF8.self)
        guard text.withUTF8({ Self.sameBytes($0, buffer) }) else { throw ArchiveError(reason: "a text is not UTF-8") }
        self = text
    }

    /// Whether the two hold the same bytes: a word at a time (`elementsEqual` went a
    /// byte at a time, 1 % of a build after one case changed).
    static func sameBytes(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Bool {
        guard x.count == y.count else { return false }
        guard let p = x.baseAddress, let q = y.baseAddress else { return true }
        let (a, b) = (UnsafeRawPointer(p), UnsafeRawPointer(q))
        var i = 0
        while i + 8 <= x.count {
            if a.loadUnaligned(fromByteOffset: i, as: UInt64.self) != b.loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
            i += 8
        }
        while i < x.count {
            if p[i] != q[i] { return false }
            i += 1
        }
        return true
    }
}

extension Optional: Archivable where Wrapped: Archivable {
    /// Inlinable, as `Dictionary`'s: a build's record holds its pages' inputs as an
    /// optional dictionary, which was archived through the protocols (0.03 s).
    @inlinable
    public func archive(into writer: inout ArchiveWriter) {
        switch self {
        case .none: writer.write(false)
        case .some(let value):
            writer.write(true)
            writer.write(value)
        }
    }

    @inlinable
    public init(from reader: inout ArchiveReader) throws(ArchiveError) {
        self = try reader.read(Bool.self) ? .some(try reader.read()) : .none
    }
}

extension Array: Archivable where Element: Archivable {
    public func archive(into writer: inout ArchiveWriter) {
        writer.write(count)
        for element in self { writer.write(element) }
    }

    /// Inlinable, as `archive(into:)` is, and for the same reason: read back through the
    /// protocols, each case's lists and its metrics looked up type metadata for every
    /// element (a tenth of a build after one case changed).
    @inlinable
    public init(from reader: inout ArchiveReader) throws(ArchiveError) {
        let count = try reader.read(Int.self)
        guard count >= 0 else { throw ArchiveError(reason: "a list of \(count) elements") }
        self = []
        reserveCapacity(Swift.min(count, 1 << 16))
        for _ in 0..<count { append(try reader.read()) }
    }
}

extension Dictionary: Archivable where Key: Archivable & Comparable, Value: Archivable {
    /// Keys in order, so that the same dictionary always gives the same bytes.
    /// Inlinable, so that another module's archive (a build's record: 22,000 paths)
    /// sorts with its own types, not through the protocols (0.04 s at 10,000 cases).
    @inlinable
    public func archive(into writer: inout ArchiveWriter) {
        writer.write(count)
        // The entries sorted, not the keys and each looked up again (11,000 paths in a
        // build's record).
        for (key, value) in sorted(by: { $0.key < $1.key }) {
            writer.write(key)
            writer.write(value)
        }
    }

    @inlinable
    public init(from reader: inout ArchiveReader) throws(ArchiveError) {
        let count = try reader.read(Int.self)
        guard count >= 0 else { throw ArchiveError(reason: "a dictionary of \(count) entries") }
        self = [:]
        reserveCapacity(Swift.min(count, 1 << 16))
        for _ in 0..<count {
            let key: Key = try reader.read()
            let value: Value = try reader.read()  // not `self[key] = read()`: that reads an optional
            self[key] = value
        }
    }
}

/// Enumerations with raw text values archive as that text.
extension Archivable where Self: RawRepresentable, RawValue == String {
    public func archive(into writer: inout ArchiveWriter) { writer.write(rawValue) }

    public init(from reader: inout ArchiveReader) throws(ArchiveError) {
        let raw = try reader.read(String.self)
        guard let value = Self(rawValue: raw) else { throw ArchiveError(reason: "'\(raw)' is not a \(Self.self)") }
        self = value
    }
}

/// Bytes that renderings are copied out of, read-only for their whole life: a page the
/// last build wrote, read back (mapped from its file where the file system can), or what
/// an item wrote in this build.
///
/// Mapping is the point: the last build's report is 31 MB at 10,000 cases, and read into
/// an array it took 20 ms, nearly all of it faulting in fresh memory for the copy;
/// mapped, its pages are the file's own (2 ms). A mapped page must not be cut short while
/// it is mapped: casebook never writes through a file of the output (`SiteWriter.Stage`
/// replaces files), so only another program truncating it during the build could.
public final class PageBytes: @unchecked Sendable {
    /// Valid until the object goes, which may be right after its last use: read them
    /// through `withUnsafeBytes`, or hold the object as long as a pointer into them.
    let bytes: UnsafeRawBufferPointer
    private let free: (UnsafeRawBufferPointer) -> Void

    /// Bytes that `free` gives back when the object goes (`munmap` for a mapping).
    public init(bytes: UnsafeRawBufferPointer, free: @escaping (UnsafeRawBufferPointer) -> Void) {
        self.bytes = bytes
        self.free = free
    }

    /// A copy of `array`.
    public convenience init(_ array: some Collection<UInt8>) {
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: array.count, alignment: 8)
        // One copy of the bytes where they lie together (an array's), else one by one.
        if array.withContiguousStorageIfAvailable({ copy.copyMemory(from: UnsafeRawBufferPointer($0)) }) == nil {
            _ = copy.initializeMemory(as: UInt8.self, from: array)
        }
        self.init(bytes: UnsafeRawBufferPointer(copy)) { $0.deallocate() }
    }

    deinit { free(bytes) }

    public var count: Int { bytes.count }

    public func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try withExtendedLifetime(self) { try body(bytes) }
    }

    /// The bytes of `range`, valid while this object lives.
    func slice(_ range: Range<Int>) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[range])
    }
}

/// A 128-bit fingerprint of byte strings (two FNV-1a-style 64-bit hashes over 8-byte words),
/// as hex: the same input gives the same text on every machine and run.
public struct Fingerprint: Sendable {
    private var a: UInt64 = 0xcbf2_9ce4_8422_2325
    private var b: UInt64 = 0x6c62_272e_07bb_0142

    public init() {}

    public mutating func add(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { add($0) }
    }

    mutating func add(_ raw: UnsafeRawBufferPointer) {
        add(length: raw.count)
        // Read little-endian, whatever the machine. A build hashes every input and the
        // pages it copies from, 150 MB at 10,000 cases: past a few words, four words a
        // step in four independent lanes, which the processor runs side by side (one
        // lane a step waited on each multiplication), folded in at the end; the rest a
        // word, then a byte, a step.
        do {
            var i = 0
            if raw.count >= 64 {
                var lanes: (UInt64, UInt64, UInt64, UInt64) = (0xcbf2_9ce4_8422_2325, 0x6c62_272e_07bb_0142,
                                                               0x9e37_79b9_7f4a_7c15, 0xc2b2_ae3d_27d4_eb4f)
                func step(_ lane: inout UInt64, _ offset: Int) {
                    lane = (lane ^ UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))) &* Self.prime
                    lane ^= lane >> 29
                }
                while i + 32 <= raw.count {
                    step(&lanes.0, i)
                    step(&lanes.1, i + 8)
                    step(&lanes.2, i + 16)
                    step(&lanes.3, i + 24)
                    i += 32
                }
                mix(lanes.0)
                mix(lanes.1)
                mix(lanes.2)
                mix(lanes.3)
            }
            while i + 8 <= raw.count {
                mix(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)))
                i += 8
            }
            while i < raw.count {
                mix(UInt64(raw[i]))
                i += 1
            }
        }
    }

    private static let prime: UInt64 = 0x0000_0100_0000_01b3

    private mutating func mix(_ word: UInt64) {
        a = (a ^ word) &* Self.prime
        b = (b ^ word) &* Self.prime
        b ^= b >> 29
    }

    /// The text's UTF-8 read where it lies: copied into an array first, each of the
    /// build's half a million texts fingerprinted (paths, ids, kinds) was an allocation.
    public mutating func add(_ text: String) {
        let done: Void? = text.utf8.withContiguousStorageIfAvailable { add(UnsafeRawBufferPointer($0)) }
        if done == nil { add(Array(text.utf8)) }
    }

    /// Numbers as they are, one word each.
    public mutating func add(_ key: StableKey) {
        mix(key.a)
        mix(key.b)
    }

    public mutating func add(numbers: [Int]) {
        add(length: numbers.count)
        for number in numbers { mix(UInt64(bitPattern: Int64(number))) }
    }

    /// `add(numbers: [number])` without making the array: asked for each item a build
    /// copies from the last one's pages (40,000 in the report at 10,000 cases).
    public mutating func add(number: Int) {
        add(length: 1)
        mix(UInt64(bitPattern: Int64(number)))
    }

    /// A file: its name (or path), then its bytes.
    public mutating func add(_ name: String, _ bytes: [UInt8]) {
        add(name)
        add(bytes)
    }

    /// The length first, so that ("ab", "c") and ("a", "bc") differ.
    private mutating func add(length: Int) {
        mix(UInt64(length))
    }

    /// The fingerprint as two numbers, for a key compared and hashed often.
    public var key: StableKey { StableKey(a: a, b: b) }

    /// Thirty-two lower-case hex digits, written straight into the string (by way of
    /// `String(value, radix:)`, padding and joining, it made six strings).
    public var hex: String {
        String(unsafeUninitializedCapacity: 32) { buffer in
            for word in 0..<2 {
                let value = word == 0 ? a : b
                for digit in 0..<16 {
                    let nibble = UInt8(truncatingIfNeeded: value >> UInt64(60 - 4 * digit)) & 0xF
                    buffer[word * 16 + digit] = nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
                }
            }
            return 32
        }
    }
}

/// A fingerprint kept as numbers (`Fingerprint.key`): the same on every machine and run,
/// unlike `Hasher`'s, so that what one build keeps under it the next finds again.
public struct StableKey: Hashable, Sendable {
    public var a: UInt64
    public var b: UInt64

    public init(a: UInt64, b: UInt64) {
        self.a = a
        self.b = b
    }
}

/// A 128-bit fingerprint of byte strings (two FNV-1a-style 64-bit hashes over 8-byte words),
/// as hex: the same input gives the same text on every machine and run.
public struct Fingerprint: Sendable {
    private var a: UInt64 = 0xcbf2_9ce4_8422_2325
    private var b: UInt64 = 0x6c62_272e_07bb_0142

    public init() {}

    public mutating func add(_ bytes: [UInt8]) {
        add(length: bytes.count)
        // Eight bytes a step (read little-endian, whatever the machine): a build hashes
        // every input, 50 MB at 10,000 cases.
        bytes.withUnsafeBytes { raw in
            var i = 0
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

    private mutating func mix(_ word: UInt64) {
        a = (a ^ word) &* 0x0000_0100_0000_01b3
        b = (b ^ word) &* 0x0000_0100_0000_01b3
        b ^= b >> 29
    }

    public mutating func add(_ text: String) { add(Array(text.utf8)) }

    /// Numbers as they are, one word each.
    public mutating func add(_ key: StableKey) {
        mix(key.a)
        mix(key.b)
    }

    public mutating func add(numbers: [Int]) {
        add(length: numbers.count)
        for number in numbers { mix(UInt64(bitPattern: Int64(number))) }
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

    /// A fingerprint of a large byte string (a page of the site, tens of megabytes): four
    /// words a step in four independent lanes, which the processor runs side by side,
    /// each folded into a `Fingerprint` at the end. Not the same numbers as `add`.
    public static func ofLarge(_ bytes: [UInt8]) -> StableKey {
        var lanes: (UInt64, UInt64, UInt64, UInt64) = (0xcbf2_9ce4_8422_2325, 0x6c62_272e_07bb_0142, 0x9e37_79b9_7f4a_7c15, 0xc2b2_ae3d_27d4_eb4f)
        let prime: UInt64 = 0x0000_0100_0000_01b3
        var print = Fingerprint()
        print.add(length: bytes.count)
        bytes.withUnsafeBytes { raw in
            var i = 0
            while i + 32 <= raw.count {
                lanes.0 = (lanes.0 ^ UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))) &* prime
                lanes.1 = (lanes.1 ^ UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self))) &* prime
                lanes.2 = (lanes.2 ^ UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self))) &* prime
                lanes.3 = (lanes.3 ^ UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self))) &* prime
                lanes.0 ^= lanes.0 >> 29
                lanes.1 ^= lanes.1 >> 29
                lanes.2 ^= lanes.2 >> 29
                lanes.3 ^= lanes.3 >> 29
                i += 32
            }
            for lane in [lanes.0, lanes.1, lanes.2, lanes.3] { print.mix(lane) }
            while i < raw.count {
                print.mix(UInt64(raw[i]))
                i += 1
            }
        }
        return print.key
    }

    /// The fingerprint as two numbers, for a key compared and hashed often.
    public var key: StableKey { StableKey(a: a, b: b) }

    public var hex: String {
        [a, b].map { value in
            let digits = String(value, radix: 16)
            return String(repeating: "0", count: 16 - digits.count) + digits
        }.joined()
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

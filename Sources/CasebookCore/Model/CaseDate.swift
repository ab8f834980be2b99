/// A calendar date, `YYYY-MM-DD`.
public struct CaseDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...Self.daysIn(month: month, year: year)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Reads `YYYY-MM-DD`, or an RFC 3339 timestamp whose date part is used.
    public init?(parsing text: String) {
        let chars = Array(text.utf8)
        guard chars.count >= 10, chars[4] == UInt8(ascii: "-"), chars[7] == UInt8(ascii: "-") else { return nil }
        if chars.count > 10 {
            // RFC 3339: date "T" (or a space, as YAML timestamps allow) time offset.
            guard chars[10] == UInt8(ascii: "T") || chars[10] == UInt8(ascii: "t") || chars[10] == UInt8(ascii: " "),
                  Self.isTime(text.utf8.dropFirst(11)) else { return nil }
        }
        guard let y = Self.number(chars[0..<4]), let m = Self.number(chars[5..<7]), let d = Self.number(chars[8..<10])
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public var description: String {
        "\(Self.pad(year, 4))-\(Self.pad(month, 2))-\(Self.pad(day, 2))"
    }

    public static func < (lhs: CaseDate, rhs: CaseDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    static func number(_ digits: ArraySlice<UInt8>) -> Int? {
        guard !digits.isEmpty, digits.allSatisfy({ (48...57).contains($0) }) else { return nil }
        return digits.reduce(0) { $0 * 10 + Int($1 - 48) }
    }

    static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }

    /// `HH:MM:SS[.frac](Z|±HH:MM)`.
    private static func isTime(_ rest: Substring.UTF8View) -> Bool {
        let t = Array(rest)
        guard t.count >= 8, t[2] == UInt8(ascii: ":"), t[5] == UInt8(ascii: ":"),
              let h = number(t[0..<2]), let m = number(t[3..<5]), let s = number(t[6..<8]),
              h < 24, m < 60, s <= 60 else { return false }
        var i = 8
        if i < t.count, t[i] == UInt8(ascii: ".") {
            i += 1
            let start = i
            while i < t.count, (48...57).contains(t[i]) { i += 1 }
            guard i > start else { return false }
        }
        let offset = t[i...]
        if offset.count == 1, offset.first == UInt8(ascii: "Z") || offset.first == UInt8(ascii: "z") { return true }
        let o = Array(offset)
        return o.count == 6 && (o[0] == UInt8(ascii: "+") || o[0] == UInt8(ascii: "-")) && o[3] == UInt8(ascii: ":")
            && number(o[1..<3]).map { $0 < 24 } == true && number(o[4..<6]).map { $0 < 60 } == true
    }
}

/// A month, `YYYY-MM`, for a case's period.
public struct CaseMonth: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int

    public init?(year: Int, month: Int) {
        guard (1...12).contains(month), year >= 1 else { return nil }
        self.year = year
        self.month = month
    }

    public init?(parsing text: String) {
        let c = Array(text.utf8)
        guard c.count == 7, c[4] == UInt8(ascii: "-"), let y = CaseDate.number(c[0..<4]), let m = CaseDate.number(c[5..<7]) else {
            return nil
        }
        self.init(year: y, month: m)
    }

    public var description: String { "\(CaseDate.pad(year, 4))-\(CaseDate.pad(month, 2))" }

    public static func < (lhs: CaseMonth, rhs: CaseMonth) -> Bool { (lhs.year, lhs.month) < (rhs.year, rhs.month) }
}

/// A YAML node as casebook keeps it: the source text of every scalar and the file
/// position of every node, in a `Sendable` value.
public struct YAMLNode: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case scalar(YAMLScalar)
        case sequence([YAMLNode])
        case mapping([YAMLPair])
    }

    public var kind: Kind
    /// 1-based file line of the node's first character.
    public var line: Int
    /// 1-based column, in characters.
    public var column: Int

    public init(_ kind: Kind, line: Int, column: Int) {
        self.kind = kind
        self.line = line
        self.column = column
    }

    public var scalar: YAMLScalar? {
        if case .scalar(let s) = kind { s } else { nil }
    }

    public var sequence: [YAMLNode]? {
        if case .sequence(let items) = kind { items } else { nil }
    }

    public var mapping: [YAMLPair]? {
        if case .mapping(let pairs) = kind { pairs } else { nil }
    }

    /// The name of the node's shape, for messages ("a list", "a mapping", "a scalar").
    public var shapeName: String {
        switch kind {
        case .scalar(let s): s.resolved == .null ? "empty" : "a scalar"
        case .sequence: "a list"
        case .mapping: "a mapping"
        }
    }
}

/// A key and its value in a mapping, both located.
public struct YAMLPair: Sendable, Hashable {
    public var key: YAMLNode
    public var value: YAMLNode

    public init(key: YAMLNode, value: YAMLNode) {
        self.key = key
        self.value = value
    }

    /// The key's text when the key is a scalar; complex keys have none.
    public var keyText: String? { key.scalar?.text }
}

/// A scalar's text exactly as YAML gives it, with how it was written.
public struct YAMLScalar: Sendable, Hashable {
    public enum Style: Sendable, Hashable { case plain, quoted, block }

    public var text: String
    public var style: Style
    /// The explicit tag (`!!str`, `!`), if any; nil when the tag is implicit.
    public var tag: String?

    public init(text: String, style: Style, tag: String? = nil) {
        self.text = text
        self.style = style
        self.tag = tag
    }

    /// The value under the YAML 1.2 core schema: plain scalars resolve to null, booleans
    /// and numbers; quoted, block and `!!str` scalars are strings.
    public var resolved: Resolved { Resolved(self) }

    public enum Resolved: Sendable, Hashable {
        case null, bool(Bool), int(Int), float(Double), string(String)

        init(_ scalar: YAMLScalar) {
            switch scalar.tag {
            case "tag:yaml.org,2002:str", "!": self = .string(scalar.text); return
            case nil: break
            default: break
            }
            guard scalar.style == .plain else { self = .string(scalar.text); return }
            let t = scalar.text
            // Most scalars are words: only these first bytes can start anything else.
            guard let first = t.utf8.first else { self = .null; return }
            switch first {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."):
                // A number, most often (a metric): not compared with every keyword first.
                break
            case UInt8(ascii: "~"), UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "t"), UInt8(ascii: "T"),
                 UInt8(ascii: "f"), UInt8(ascii: "F"):
                switch t {
                case "~", "null", "Null", "NULL": self = .null; return
                case "true", "True", "TRUE": self = .bool(true); return
                case "false", "False", "FALSE": self = .bool(false); return
                default: break
                }
            default: self = .string(t); return
            }
            if let i = Self.integer(t) { self = .int(i) }
            else if let d = Self.float(t) { self = .float(d) }
            else { self = .string(t) }
        }

        private static func integer(_ t: String) -> Int? {
            if t.hasPrefix("0x") { return Int(t.dropFirst(2), radix: 16) }
            if t.hasPrefix("0o") { return Int(t.dropFirst(2), radix: 8) }
            var digits = t.utf8[...]
            if digits.first == UInt8(ascii: "+") || digits.first == UInt8(ascii: "-") { digits = digits.dropFirst() }
            guard !digits.isEmpty, digits.allSatisfy(isDigit) else { return nil }
            return Int(t.hasPrefix("+") ? String(t.dropFirst()) : t)
        }

        private static func float(_ t: String) -> Double? {
            // Infinity and NaN end in a letter; a number ends in a digit or a point.
            if let last = t.utf8.last, last >= UInt8(ascii: "A") {
                switch t {
                case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .infinity
                case "-.inf", "-.Inf", "-.INF": return -.infinity
                case ".nan", ".NaN", ".NAN": return .nan
                default: break
                }
            }
            // [-+]? [0-9]* ( . [0-9]* )? ( [eE] [-+]? [0-9]+ )? with at least one digit before the exponent
            var rest = t.utf8[...]
            if rest.first == UInt8(ascii: "+") || rest.first == UInt8(ascii: "-") { rest = rest.dropFirst() }
            let mantissa = rest.prefix { $0 != UInt8(ascii: "e") && $0 != UInt8(ascii: "E") }
            var exponent = rest.dropFirst(mantissa.count)
            let whole = mantissa.prefix(while: isDigit)
            var fraction = mantissa.dropFirst(whole.count)
            if fraction.first == UInt8(ascii: ".") { fraction = fraction.dropFirst() }
            else if !fraction.isEmpty { return nil }
            guard fraction.allSatisfy(isDigit), !whole.isEmpty || !fraction.isEmpty else { return nil }
            if !exponent.isEmpty {
                exponent = exponent.dropFirst()
                if exponent.first == UInt8(ascii: "+") || exponent.first == UInt8(ascii: "-") { exponent = exponent.dropFirst() }
                guard !exponent.isEmpty, exponent.allSatisfy(isDigit) else { return nil }
            }
            return Double(t.hasPrefix("+") ? String(t.dropFirst()) : t)
        }

        private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

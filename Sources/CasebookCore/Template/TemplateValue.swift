/// What a template sees of a view: a value to show, to test in a section, or to iterate.
///
/// Views answer key lookups themselves (`TemplateObject`), so rendering never reflects on
/// a value or casts `Any`: the profile of a build showed those two costing more than the
/// rest of the build together.
public enum TemplateValue {
    /// No such key, or a nil optional: shows nothing, fails a section, passes an inverted one.
    case missing
    case text(String)
    case int(Int)
    case bool(Bool)
    case object(any TemplateObject)
    case list(any TemplateList)
}

/// A value that answers `{{key}}` lookups. Views are classes: a template value holding
/// one is then a reference, copied with a retain (the renderer copies values on every
/// lookup), and a list item has an identity for `TemplateFragments`.
public protocol TemplateObject: AnyObject, TemplateValueConvertible {
    /// The value under `key`, or `.missing`; a lookup then tries the enclosing contexts.
    func value(forKey key: String) -> TemplateValue

    /// Where an immutable view shown in many places holds the output a renderer keeps
    /// of it to copy (`TemplateFragments`); nil, the default, for others.
    var keptFragments: KeptFragments? { get }
}

extension TemplateObject {
    public var keptFragments: KeptFragments? { nil }
}

/// A sequence a section iterates.
public protocol TemplateList {
    var count: Int { get }
    func item(at index: Int) -> TemplateValue
}

/// Anything a view may hold: text, numbers, flags, optionals, arrays and other views.
public protocol TemplateValueConvertible {
    var templateValue: TemplateValue { get }
}

extension TemplateObject {
    public var templateValue: TemplateValue { .object(self) }
}

extension String: TemplateValueConvertible {
    public var templateValue: TemplateValue { .text(self) }
}

extension Int: TemplateValueConvertible {
    public var templateValue: TemplateValue { .int(self) }
}

extension Bool: TemplateValueConvertible {
    public var templateValue: TemplateValue { .bool(self) }
}

extension Optional: TemplateValueConvertible where Wrapped: TemplateValueConvertible {
    public var templateValue: TemplateValue { self?.templateValue ?? .missing }
}

extension Array: TemplateValueConvertible, TemplateList where Element: TemplateValueConvertible {
    public var templateValue: TemplateValue { .list(self) }
    public func item(at index: Int) -> TemplateValue { self[index].templateValue }
}

/// `reversed()` of a list, without copying it.
struct ReversedTemplateList: TemplateList {
    let base: any TemplateList
    var count: Int { base.count }
    func item(at index: Int) -> TemplateValue { base.item(at: base.count - 1 - index) }
}

/// Where an item stands in the list a section iterates, for `first()`, `last()`,
/// `index()`, `even()` and `odd()`.
struct ListPosition {
    var index: Int
    var count: Int
}

extension TemplateValue {
    /// The value under `key` of an object; `.missing` for anything else.
    func child(_ key: String) -> TemplateValue {
        if case .object(let object) = self { return object.value(forKey: key) }
        return .missing
    }

    /// The transforms a tag may apply, `{{uppercased(name)}}`, with what they apply to.
    /// The same names as the Mustache implementation the theme was first written for.
    static let transformNames: Set<String> = [
        "first", "last", "index", "even", "odd",                     // the position in a list (`last()`)
        "empty", "count", "reversed",                                // lists and text
        "capitalized", "lowercased", "uppercased",                   // text
        "equalzero", "plusone", "minusone",                          // numbers
    ]

    /// Applies one transform; `.missing` where it does not apply to this kind of value.
    func transformed(by name: String) -> TemplateValue {
        switch self {
        case .text(let s):
            switch name {
            case "empty": .bool(s.isEmpty)
            case "capitalized": .text(s.split(separator: " ", omittingEmptySubsequences: false)
                .map { $0.prefix(1).uppercased() + $0.dropFirst().lowercased() }.joined(separator: " "))
            case "lowercased": .text(s.lowercased())
            case "uppercased": .text(s.uppercased())
            case "reversed": .text(String(s.reversed()))
            case "count": .int(s.count)
            default: .missing
            }
        case .list(let list):
            switch name {
            case "first": list.count > 0 ? list.item(at: 0) : .missing
            case "last": list.count > 0 ? list.item(at: list.count - 1) : .missing
            case "reversed": .list(ReversedTemplateList(base: list))
            case "count": .int(list.count)
            case "empty": .bool(list.count == 0)
            default: .missing
            }
        case .int(let n):
            switch name {
            case "equalzero": .bool(n == 0)
            case "plusone": .int(n + 1)
            case "minusone": .int(n - 1)
            case "even": .bool(n & 1 == 0)
            case "odd": .bool(n & 1 == 1)
            default: .missing
            }
        case .missing, .bool, .object:
            .missing
        }
    }
}

extension ListPosition {
    func value(of transform: String) -> TemplateValue {
        switch transform {
        case "first": .bool(index == 0)
        case "last": .bool(index == count - 1)
        case "index": .int(index)
        case "even": .bool(index & 1 == 0)
        case "odd": .bool(index & 1 == 1)
        default: .missing
        }
    }
}

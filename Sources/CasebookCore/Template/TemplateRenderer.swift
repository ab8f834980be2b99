/// Renders a compiled template with a view straight into UTF-8 bytes.
///
/// One mutable context stack for the whole render (sections push and pop instead of
/// copying it), escaping over bytes, and no `Any`: this is where a build spends most of
/// its time, once per page.
struct TemplateRenderer {
    let library: [String: Template]
    /// Where list items' output is kept and copied from, if anywhere.
    let fragments: TemplateFragments?
    private(set) var out: [UInt8] = []
    private var stack: [TemplateValue] = []
    /// The objects of `stack`, each at its index (nil for other values), as they are
    /// asked for keys (`TemplateObjectReference`).
    private var objects: [TemplateObjectReference?] = []
    /// A standalone partial's indentation, due before the next byte written: the Mustache
    /// rule gives it to every line of the partial that has something on it.
    private var pendingIndent: [UInt8]?
    /// The item being rendered for `fragments`, and what its output read from outside it.
    private var recording: Recording?
    /// The indentations of the partials being rendered, outermost first, each with its
    /// parents'; a frame names its own by index (0: none).
    private var indents: [[UInt8]] = [[]]
    /// The blocks overridden by the partials being rendered, likewise (0: none).
    private var overrideSets: [[String: Override]] = [[:]]

    /// A block's replacement: operations of the program of the template that overrides it.
    private struct Override {
        let program: TemplateProgram
        let operations: Range<Int>
    }

    /// Whether to note where each kept item's rendering lies in `out`, for the next
    /// build (`TemplateFragments.located`).
    let locating: Bool
    private(set) var locations: [TemplateFragments.Location] = []
    /// The last build's page this render copied from last (`TemplateFragments.restore`).
    private var lastPage = TemplateFragments.LastPage()

    init(library: [String: Template], fragments: TemplateFragments? = nil, capacity: Int = 0, locating: Bool = false) {
        self.library = library
        self.fragments = fragments
        self.locating = locating && fragments?.lasts == true
        out.reserveCapacity(capacity)
    }

    /// The context of one render of a list of nodes: plain numbers, so that the frame
    /// of every list item and section is made without a retain (its indentation and
    /// overrides were arrays and a dictionary copied into each).
    private struct Frame {
        var position: ListPosition?
        /// The stack's height when the list of `position` was entered: the item it
        /// stands for is at this index.
        var positionDepth = 0
        /// Its indentation in `indents`, 0 for none.
        var indent = 0
        /// Its overridden blocks in `overrideSets`, 0 for none.
        var overrides = 0

        /// The same indentation and overrides, at another place or none.
        func inner(_ position: ListPosition? = nil, depth: Int = 0) -> Frame {
            Frame(position: position, positionDepth: depth, indent: indent, overrides: overrides)
        }
    }

    /// What the items of one list found outside them, looked up once for all of them:
    /// while the list is rendered, the stack below its items is the same for each, so a
    /// lookup from outside an item (a key a row lacks, looked for up the stack) finds the
    /// same for every item; a copied row of the report looked up each of its row's
    /// missing cells' keys through every context above it. Its place in the list
    /// (`{{^last()}}`) is the item's own and looked up each time.
    private struct OutsideLookups {
        private var found: [(path: TemplatePath, snapshot: TemplateFragments.Snapshot?)] = []

        mutating func found(_ path: TemplatePath, _ look: () -> TemplateFragments.Snapshot?) -> TemplateFragments.Snapshot? {
            guard path.start != .position else { return look() }
            if let known = found.first(where: { $0.path == path }) { return known.snapshot }
            let snapshot = look()
            found.append((path, snapshot))
            return snapshot
        }
    }

    private struct Recording {
        /// The item's index in the stack: lookups answered below it came from outside.
        var depth: Int
        /// Where its output starts in `out`.
        var start: Int
        var escapes: [TemplateFragments.Escape] = []
        var holes: [TemplateFragments.Hole] = []
        /// False once the output depends on something that cannot be compared.
        var keepable = true
    }

    mutating func render(_ template: Template, with value: TemplateValue) {
        push(value)
        run(template.program, template.program.all, Frame())
        pop()
    }

    /// Runs `program`'s operations in `range`: a template, a section's body or a block.
    private mutating func run(_ program: TemplateProgram, _ range: Range<Int>, _ frame: Frame) {
        let start = out.count
        let indented = frame.indent != 0
        var index = range.lowerBound
        while index < range.upperBound {
            let operation = program.operations[index]
            // Each operation that follows a newline this run wrote is indented (if it
            // writes anything); the first is indented by whoever started this run.
            if indented, out.count > start, out.last == UInt8(ascii: "\n") {
                pendingIndent = indents[frame.indent]
            }
            switch operation.kind {
            case .text:
                write(program.text(operation))
            case .variable:
                let escaped = operation.flag
                if recording != nil, !indented, pendingIndent == nil {
                    // Shown from outside the item being kept (`{{root}}`): a hole in
                    // what is kept, filled in with what it shows wherever it is copied.
                    let (value, outside) = lookup(operation.a, in: program, frame)
                    let at = out.count
                    write(value, escaped: escaped)
                    if outside {
                        recording!.holes.append(.init(offset: at - recording!.start, length: out.count - at,
                                                      path: program.paths[operation.a], escaped: escaped))
                    }
                } else {
                    write(resolve(operation.a, in: program, frame), escaped: escaped)
                }
            case .section:
                let value = resolve(operation.a, in: program, frame)
                let body = index + 1..<operation.b
                if operation.flag {
                    renderInverted(program, body, value, frame)
                } else {
                    renderSection(program, body, section: program.section(at: index), value, frame)
                }
            case .block:
                // What a block shows depends on the overrides of the page around the item.
                recording?.keepable = false
                let inner = Frame(indent: pushIndent(program.indentation(operation), frame), overrides: frame.overrides)
                if let replaced = overrideSets[frame.overrides][program.names[operation.a]] {
                    run(replaced.program, replaced.operations, inner)
                } else {
                    run(program, index + 1..<operation.b, inner)
                }
                popIndent(inner, frame)
            case .partial:
                guard let template = library[program.names[operation.a]] else { break }
                var inner = Frame(indent: pushIndent(program.indentation(operation), frame), overrides: frame.overrides)
                if operation.flag {
                    // The outermost child's blocks win over those of the parents it names.
                    let blocks = program.overrides[operation.e].mapValues { Override(program: program, operations: $0) }
                    overrideSets.append(overrideSets[frame.overrides].merging(blocks) { outer, _ in outer })
                    inner.overrides = overrideSets.count - 1
                }
                run(template.program, template.program.all, inner)
                if inner.overrides != frame.overrides { overrideSets.removeLast() }
                popIndent(inner, frame)
            }
            // A section, block or partial is followed by what it holds: past it.
            index = operation.kind == .text || operation.kind == .variable ? index + 1 : operation.b
        }
    }

    private mutating func renderSection(_ program: TemplateProgram, _ body: Range<Int>, section: TemplateFragments.Body,
                                        _ value: TemplateValue, _ frame: Frame) {
        switch value {
        case .missing, .bool(false):
            return
        case .bool(true):
            run(program, body, frame)
        case .list(let list):
            let count = list.count
            var outside = OutsideLookups()
            for index in 0..<count {
                let item = list.item(at: index)
                let inner = frame.inner(ListPosition(index: index, count: count), depth: stack.count)
                if let fragments, recording == nil, frame.indent == 0, pendingIndent == nil,
                   case .object(let object) = item, let kept = object.keptFragments {
                    renderFragment(kept, item, program, body, section: section, inner, fragments, &outside)
                    continue
                }
                push(item)
                run(program, body, inner)
                pop()
            }
        case .text, .int, .object:
            push(value)
            run(program, body, frame.inner())
            pop()
        }
    }

    private mutating func renderInverted(_ program: TemplateProgram, _ body: Range<Int>, _ value: TemplateValue, _ frame: Frame) {
        switch value {
        case .missing, .bool(false):
            run(program, body, frame)
        case .list(let list) where list.count == 0:
            run(program, body, frame)
        default:
            return
        }
    }

    /// Renders a list item that `fragments` may hold: copies what it wrote last time if
    /// everything it read from outside reads the same now; renders and keeps it if not.
    /// `outside`: what this list's items found outside them so far.
    private mutating func renderFragment(_ kept: KeptFragments, _ item: TemplateValue,
                                         _ program: TemplateProgram, _ body: Range<Int>, section: TemplateFragments.Body,
                                         _ frame: Frame, _ fragments: TemplateFragments,
                                         _ outside: inout OutsideLookups) {
        // The item is not on the stack yet: it answered none of these lookups last time.
        // An item shown once in the build (a digest) was never kept in it.
        var entries = kept.once ? [] : fragments.entries(of: kept, in: section)
        if entries.isEmpty { entries = fragments.restore(kept, in: section, last: &lastPage) }
        for entry in entries
        where entry.escapes.allSatisfy({ escape in
            outside.found(escape.path) { TemplateFragments.Snapshot(lookup(escape.path, frame).value) } == escape.found
        }) {
            let start = out.count
            var copied = 0
            var holes: [TemplateFragments.Hole] = []
            // The entry holds what its bytes lie in.
            withExtendedLifetime(entry) {
                for hole in entry.holes {
                    write(UnsafeRawBufferPointer(rebasing: entry.bytes[copied..<hole.offset]))
                    let at = out.count
                    write(lookup(hole.path, frame).value, escaped: hole.escaped)
                    if locating { holes.append(.init(offset: at - start, length: out.count - at, path: hole.path, escaped: hole.escaped)) }
                    copied = hole.offset + hole.length
                }
                write(UnsafeRawBufferPointer(rebasing: entry.bytes[copied...]))
            }
            if locating {
                locations.append(.init(item: kept, body: section, range: start..<out.count, escapes: entry.escapes, holes: holes))
            }
            return
        }
        let start = out.count
        recording = Recording(depth: stack.count, start: start)
        push(item)
        run(program, body, frame)
        pop()
        let recorded = recording!
        recording = nil
        if recorded.keepable {
            if !kept.once {
                let copy = PageBytes(out[start...])
                fragments.keep(.init(escapes: recorded.escapes, holes: recorded.holes, in: copy, at: 0..<copy.count), of: kept, in: section)
            }
            if locating {
                locations.append(.init(item: kept, body: section, range: start..<out.count, escapes: recorded.escapes, holes: recorded.holes))
            }
        }
    }

    // MARK: lookups

    private mutating func push(_ value: TemplateValue) {
        stack.append(value)
        if case .object(let object) = value {
            objects.append(TemplateObjectReference(object))
        } else {
            objects.append(nil)
        }
    }

    private mutating func pop() {
        stack.removeLast()
        objects.removeLast()
    }

    /// `lookup`, noting for the item being recorded what came from outside it.
    private mutating func resolve(_ path: Int, in program: TemplateProgram, _ frame: Frame) -> TemplateValue {
        let (value, outside) = lookup(path, in: program, frame)
        if outside, recording != nil {
            if let found = TemplateFragments.Snapshot(value) {
                recording!.escapes.append(.init(path: program.paths[path], found: found))
            } else {
                recording!.keepable = false
            }
        }
        return value
    }

    /// The value of the path numbered `path` in `program`.
    private func lookup(_ path: Int, in program: TemplateProgram, _ frame: Frame) -> (value: TemplateValue, outside: Bool) {
        let code = program.codes[path]
        return lookup(code.start, keys: UnsafeBufferPointer(rebasing: program.names[code.keys]),
                      transforms: UnsafeBufferPointer(rebasing: program.names[code.transforms]), frame)
    }

    /// The value of a path a kept rendering noted.
    private func lookup(_ path: TemplatePath, _ frame: Frame) -> (value: TemplateValue, outside: Bool) {
        path.keys.withUnsafeBufferPointer { keys in
            path.transforms.withUnsafeBufferPointer { transforms in lookup(path.start, keys: keys, transforms: transforms, frame) }
        }
    }

    /// The value of a path, and whether it came from below the recorded item's place in
    /// the stack (or from its place in its list, or from nowhere). Its names are read in
    /// place: a path copied out of an array was a retain and a release of its two.
    private func lookup(_ start: TemplatePath.Start, keys: UnsafeBufferPointer<String>, transforms: UnsafeBufferPointer<String>,
                        _ frame: Frame) -> (value: TemplateValue, outside: Bool) {
        let depth = recording?.depth ?? 0
        var value: TemplateValue
        var outside = false
        switch start {
        case .current:
            value = stack.last ?? .missing
        case .position:
            guard let position = frame.position else { return (.missing, false) }
            var result = TemplateValue.missing
            for (i, transform) in transforms.reversed().enumerated() {
                result = i == 0 ? position.value(of: transform) : result.transformed(by: transform)
            }
            return (result, frame.positionDepth <= depth)
        case .anchored:
            value = objects.last??.value(forKey: keys[0]) ?? .missing
        case .stack:
            value = .missing
            outside = true
            // Through the objects' references: a context copied out of the stack was a
            // retain and a release of its object per context passed on the way up.
            objects.withUnsafeBufferPointer { contexts in
                var index = contexts.count
                while index > 0 {
                    index -= 1
                    guard let context = contexts[index] else { continue }
                    let found = context.value(forKey: keys[0])
                    if case .missing = found { continue }
                    value = found
                    outside = index < depth
                    break
                }
            }
        }
        // By index: `dropFirst()` made a slice, and a retain, for every lookup.
        for i in keys.indices where i > 0 {
            if case .missing = value { return (.missing, outside) }
            value = value.child(keys[i])
        }
        for transform in transforms.reversed() {
            if case .missing = value { return (.missing, outside) }
            value = value.transformed(by: transform)
        }
        return (value, outside)
    }

    /// The index in `indents` of `frame`'s indentation followed by `more`: a new entry
    /// when `more` adds any, for `popIndent` to remove.
    private mutating func pushIndent(_ more: UnsafeBufferPointer<UInt8>, _ frame: Frame) -> Int {
        guard !more.isEmpty else { return frame.indent }
        indents.append(indents[frame.indent] + more)
        return indents.count - 1
    }

    private mutating func popIndent(_ inner: Frame, _ outer: Frame) {
        if inner.indent != outer.indent { indents.removeLast() }
    }

    // MARK: writing

    private mutating func flushIndent() {
        if let indent = pendingIndent {
            out.append(contentsOf: indent)
            pendingIndent = nil
        }
    }

    private mutating func write(_ bytes: some Collection<UInt8>) {
        guard !bytes.isEmpty else { return }
        flushIndent()
        out.append(contentsOf: bytes)
    }

    /// What a `{{variable}}` tag shows of a value: text, a number, a flag, or nothing.
    private mutating func write(_ value: TemplateValue, escaped: Bool) {
        switch value {
        case .text(let s): escaped ? writeEscaped(s) : write(s)
        case .int(let n): write(String(n))
        case .bool(let b): write(b ? "true" : "false")
        case .missing, .object, .list: break
        }
    }

    private mutating func write(_ string: String) {
        guard !string.isEmpty else { return }
        flushIndent()
        out.append(contentsOf: string.utf8)
    }

    /// `&`, `<`, `>`, `"` and `'` as entities; runs without them copied whole.
    private mutating func writeEscaped(_ string: String) {
        guard !string.isEmpty else { return }
        flushIndent()
        var string = string
        string.withUTF8 { bytes in
            var runStart = 0
            for (i, byte) in bytes.enumerated() {
                let entity: StaticString
                switch byte {
                case UInt8(ascii: "&"): entity = "&amp;"
                case UInt8(ascii: "<"): entity = "&lt;"
                case UInt8(ascii: ">"): entity = "&gt;"
                case UInt8(ascii: "\""): entity = "&quot;"
                case UInt8(ascii: "'"): entity = "&#39;"
                default: continue
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i]))
                out.append(contentsOf: UnsafeBufferPointer(start: entity.utf8Start, count: entity.utf8CodeUnitCount))
                runStart = i + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
        }
    }
}

/// An object on a renderer's context stack, asked for keys without a retain and a release
/// of it each time (what calling a protocol's method on an object held in an enum costs,
/// 7 million times in a build of 10,000 cases, on objects both rendering threads share).
/// Valid while the stack holds the object's value.
struct TemplateObjectReference {
    private let object: UnsafeRawPointer
    private let type: any TemplateObject.Type

    init(_ object: any TemplateObject) {
        self.object = UnsafeRawPointer(Unmanaged<AnyObject>.passUnretained(object).toOpaque())
        type = Swift.type(of: object)
    }

    func value(forKey key: String) -> TemplateValue {
        type.value(of: object, forKey: key)
    }
}

extension TemplateObject {
    /// `value(forKey:)` of the object at `object`, which is of this type.
    fileprivate static func value(of object: UnsafeRawPointer, forKey key: String) -> TemplateValue {
        Unmanaged<Self>.fromOpaque(object)._withUnsafeGuaranteedRef { $0.value(forKey: key) }
    }
}

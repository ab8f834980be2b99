/// A template's nodes laid out as one flat list of operations, which is what a render runs.
///
/// The tree the parser makes (`TemplateNode`) held its text, names and bodies in arrays:
/// walking it copied each node out of its array, a retain and a release of every payload
/// per node per page, the largest single cost of a full build (a quarter of its samples
/// were retain and release, most of them here). An operation is plain numbers; its text,
/// names and paths lie in buffers the program owns and never changes, read in place.
///
/// A section's body is the operations after it up to its end; a partial's overridden
/// blocks follow it, each a range of operations named in `overrides`.
final class TemplateProgram: @unchecked Sendable {
    // Sendable: everything is written once in `init` and only read after.

    enum Kind: UInt8 {
        /// `bytes[a ..< a + b]`.
        case text
        /// The path `paths[a]`, escaped when `flag`.
        case variable
        /// The path `paths[a]`; its body runs to `b`; inverted when `flag`.
        case section
        /// The block named `names[a]`; its default body runs to `b`; its indentation is
        /// `bytes[c ..< c + d]`.
        case block
        /// The template named `names[a]`; what follows it (its overridden blocks) runs to
        /// `b`; its indentation is `bytes[c ..< c + d]`; its overrides `overrides[e]` when
        /// `flag`.
        case partial
    }

    struct Operation {
        var kind: Kind
        var flag = false
        var a = 0, b = 0, c = 0, d = 0, e = 0
    }

    /// A path's parts, where they lie in `names`.
    struct PathCode {
        var start: TemplatePath.Start
        var keys: Range<Int>
        var transforms: Range<Int>
    }

    let operations: UnsafeBufferPointer<Operation>
    let bytes: UnsafeBufferPointer<UInt8>
    /// Keys, transforms, block and partial names.
    let names: UnsafeBufferPointer<String>
    let codes: UnsafeBufferPointer<PathCode>
    /// The paths as the parser wrote them, by the same numbers as `codes`: what a kept
    /// rendering notes of what it read from outside.
    let paths: [TemplatePath]
    /// Each overriding partial's blocks: the operations of each, by block name.
    let overrides: [[String: Range<Int>]]

    init(_ nodes: [TemplateNode]) {
        var compiler = Compiler()
        compiler.emit(nodes)
        operations = Self.copy(compiler.operations)
        bytes = Self.copy(compiler.bytes)
        names = Self.copy(compiler.names)
        codes = Self.copy(compiler.codes)
        paths = compiler.paths
        overrides = compiler.overrides
    }

    deinit {
        operations.baseAddress!.deallocate()
        bytes.baseAddress!.deallocate()
        codes.baseAddress!.deallocate()
        UnsafeMutableBufferPointer(mutating: names).deinitialize()
        names.baseAddress!.deallocate()
    }

    /// `array` in memory of its own, never without an address (`section(at:)`).
    private static func copy<T>(_ array: [T]) -> UnsafeBufferPointer<T> {
        let start = UnsafeMutablePointer<T>.allocate(capacity: max(array.count, 1))
        start.initialize(from: array, count: array.count)
        return UnsafeBufferPointer(start: start, count: array.count)
    }

    /// The whole template's operations.
    var all: Range<Int> { 0..<operations.count }

    /// The number of the section whose operation is at `index`, the same for as long as
    /// the program lives and never that of another program's section
    /// (`TemplateFragments.Body`).
    func section(at index: Int) -> UInt {
        UInt(bitPattern: operations.baseAddress! + index)
    }

    func text(_ operation: Operation) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[operation.a..<operation.a + operation.b])
    }

    func indentation(_ operation: Operation) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[operation.c..<operation.c + operation.d])
    }

    private struct Compiler {
        var operations: [Operation] = []
        var bytes: [UInt8] = []
        var names: [String] = []
        var codes: [PathCode] = []
        var paths: [TemplatePath] = []
        var overrides: [[String: Range<Int>]] = []

        mutating func emit(_ nodes: [TemplateNode]) {
            for node in nodes {
                switch node {
                case .text(let text):
                    operations.append(Operation(kind: .text, a: bytes.count, b: text.count))
                    bytes += text
                case .variable(let path, let escaped):
                    operations.append(Operation(kind: .variable, flag: escaped, a: code(path)))
                case .section(let path, let body, let inverted):
                    let at = operations.count
                    operations.append(Operation(kind: .section, flag: inverted, a: code(path)))
                    emit(body)
                    operations[at].b = operations.count
                case .block(let name, let body, let indentation):
                    let at = operations.count
                    operations.append(Operation(kind: .block, a: intern(name), c: bytes.count, d: indentation.count))
                    bytes += indentation
                    emit(body)
                    operations[at].b = operations.count
                case .partial(let reference, let indentation, let blocks):
                    let at = operations.count
                    let indentation = indentation ?? []
                    operations.append(Operation(kind: .partial, flag: blocks != nil, a: intern(reference.name),
                                                c: bytes.count, d: indentation.count))
                    bytes += indentation
                    if let blocks {
                        var ranges: [String: Range<Int>] = [:]
                        for block in blocks.keys.sorted() {
                            let start = operations.count
                            emit(blocks[block]!)
                            ranges[block] = start..<operations.count
                        }
                        operations[at].e = overrides.count
                        overrides.append(ranges)
                    }
                    operations[at].b = operations.count
                }
            }
        }

        mutating func intern(_ name: String) -> Int {
            names.append(name)
            return names.count - 1
        }

        mutating func code(_ path: TemplatePath) -> Int {
            let keys = names.count..<names.count + path.keys.count
            names += path.keys
            let transforms = names.count..<names.count + path.transforms.count
            names += path.transforms
            codes.append(PathCode(start: path.start, keys: keys, transforms: transforms))
            paths.append(path)
            return paths.count - 1
        }
    }
}

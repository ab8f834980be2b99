/// The checked values a build keeps between runs, field by field (see `Archivable`).

extension Tier: Archivable {}
extension DiagnosticCode: Archivable {}

extension SourceLocation: Archivable {
    public func archive(into writer: inout ArchiveWriter) {
        writer.write(path)
        writer.write(line)
        writer.write(column)
    }

    public init(from reader: inout ArchiveReader) throws(ArchiveError) {
        self.init(path: try reader.read(), line: try reader.read(), column: try reader.read())
    }
}

extension Diagnostic: Archivable {
    public func archive(into writer: inout ArchiveWriter) {
        writer.write(code)
        writer.write(location)
        writer.write(message)
        writer.write(hint)
        writer.write(span)
    }

    public init(from reader: inout ArchiveReader) throws(ArchiveError) {
        self.init(try reader.read(), at: try reader.read(), try reader.read(), hint: try reader.read(), span: try reader.read())
    }
}

extension Markdown.Link: Archivable {
    public func archive(into writer: inout ArchiveWriter) {
        writer.write(destination)
        writer.write(isImage)
        writer.write(blockLine)
    }

    public init(from reader: inout ArchiveReader) throws(ArchiveError) {
        self.init(destination: try reader.read(), isImage: try reader.read(), blockLine: try reader.read())
    }
}

extension CaseDate: Archivable {
    public func archive(into writer: inout ArchiveWriter) {
        writer.write(year)
        writer.write(month)
        writer.write(day)
    }

    public init(from reader: inout ArchiveReader) throws(ArchiveError) {
        let (year, month, day): (Int, Int, Int) = (try reader.read(), try reader.read(), try reader.read())
        guard let date = CaseDate(year: year, month: month, day: day) else { throw ArchiveError(reason: "\(year)-\(month)-\(day) is not a date") }
        self = date
    }
}

extension CaseMonth: Archivable {
    public func archive(into writer: inout ArchiveWriter) {
        writer.write(year)
        writer.write(month)
    }

    public init(from reader: inout ArchiveReader) throws(ArchiveError) {
        let (year, month): (Int, Int) = (try reader.read(), try reader.read())
        guard let value = CaseMonth(year: year, month: month) else {
            throw ArchiveError(reason: "\(year)-\(month) is not a month")
        }
        self = value
    }
}

extension MetricValue: Archivable {
    public func archive(into writer: inout ArchiveWriter) {
        switch self {
        case .integer(let i): writer.write(0); writer.write(i)
        case .number(let d): writer.write(1); writer.write(d)
        case .percent(let d): writer.write(2); writer.write(d)
        case .money(let d): writer.write(3); writer.write(d)
        case .rating(let i): writer.write(4); writer.write(i)
        case .boolean(let b): writer.write(5); writer.write(b)
        }
    }

    public init(from reader: inout ArchiveReader) throws(ArchiveError) {
        switch try reader.read(Int.self) {
        case 0: self = .integer(try reader.read())
        case 1: self = .number(try reader.read())
        case 2: self = .percent(try reader.read())
        case 3: self = .money(try reader.read())
        case 4: self = .rating(try reader.read())
        case 5: self = .boolean(try reader.read())
        case let kind: throw ArchiveError(reason: "\(kind) is not a kind of metric")
        }
    }
}

extension Case.Period: Archivable {
    public func archive(into writer: inout ArchiveWriter) {
        writer.write(start)
        writer.write(end)
    }

    public init(from reader: inout ArchiveReader) throws(ArchiveError) {
        self.init(start: try reader.read(), end: try reader.read())
    }
}

extension Case.Partner: Archivable {
    public func archive(into writer: inout ArchiveWriter) {
        writer.write(name)
        writer.write(role)
    }

    public init(from reader: inout ArchiveReader) throws(ArchiveError) {
        self.init(name: try reader.read(), role: try reader.read())
    }
}

extension Case: Archivable {
    public func archive(into writer: inout ArchiveWriter) {
        writer.write(id)
        writer.write(path)
        writer.write(relativePath)
        writer.write(title)
        writer.write(summary)
        writer.write(date)
        writer.write(period)
        writer.write(region)
        writer.write(model)
        writer.write(partners)
        writer.write(tiers)
        writer.write(factors)
        writer.write(metrics)
        writer.write(tags)
        writer.write(draft)
        writer.write(body)
        writer.write(bodyFirstLine)
    }

    public init(from reader: inout ArchiveReader) throws(ArchiveError) {
        self.init(id: try reader.read(), path: try reader.read(), relativePath: try reader.read(), title: try reader.read(),
                  summary: try reader.read(), date: try reader.read(), period: try reader.read(), region: try reader.read(),
                  model: try reader.read(), partners: try reader.read(), tiers: try reader.read(), factors: try reader.read(),
                  metrics: try reader.read(), tags: try reader.read(), draft: try reader.read(), bodyText: FileText(try reader.read()),
                  bodyFirstLine: try reader.read())
    }
}

extension SiteChecker.CaseOutcome {
    /// Everything but the file, which the reader has: the file's text is not kept (it is
    /// the file decoded again), and the case's body is kept as its length, being the end
    /// of that text.
    public func archive(into writer: inout ArchiveWriter) {
        writer.write(text != nil)
        writer.write(bodyFirstLine)
        writer.write(idLocation)
        var stored = value
        stored?.body = ""
        writer.write(stored)
        writer.write(value?.bodyText.utf8Count ?? 0)
        writer.write(diagnostics)
        writer.write(links)
    }

    /// The outcome archived for `file`, which must be the file that was checked: its
    /// text and body are read from the file when asked for (`FileText`).
    public init(file: ContentFile, from reader: inout ArchiveReader) throws(ArchiveError) {
        let split: Bool = try reader.read()
        let text = split ? FileText(file: file.file) : nil
        let bodyFirstLine: Int = try reader.read()
        let idLocation: SourceLocation? = try reader.read()
        var value: Case? = try reader.read()
        let bodyLength: Int = try reader.read()
        if value != nil {
            // The text is the file less a BOM and CRs, never longer.
            guard bodyLength >= 0, bodyLength <= (text == nil ? 0 : file.file.count) else {
                throw ArchiveError(reason: "the body is longer than the file")
            }
            value!.bodyText = text == nil ? FileText("") : FileText(file: file.file, suffix: bodyLength)
        }
        self.init(file: file, textHeld: text, bodyFirstLine: bodyFirstLine, idLocation: idLocation, value: value,
                  diagnostics: try reader.read(), links: try reader.read())
    }
}

extension FileStamp: Archivable {
    public func archive(into writer: inout ArchiveWriter) {
        writer.write(size)
        writer.write(unsigned: UInt64(bitPattern: modified))
        writer.write(unsigned: UInt64(bitPattern: changed))
        writer.write(unsigned: inode)
        writer.write(unsigned: device)
    }

    public init(from reader: inout ArchiveReader) throws(ArchiveError) {
        self.init(size: try reader.read(), modified: Int64(bitPattern: try reader.readUnsigned()),
                  changed: Int64(bitPattern: try reader.readUnsigned()), inode: try reader.readUnsigned(),
                  device: try reader.readUnsigned())
    }
}

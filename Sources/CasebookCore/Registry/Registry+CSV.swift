extension Registry {
    /// Reads a code list of the columns `code,level,title,parent`; every problem in the
    /// file is CB050 at its row.
    public static func parse(name: String, csv text: String, path: String) -> (Registry, [Diagnostic]) {
        func at(_ line: Int, _ column: Int = 1) -> SourceLocation {
            SourceLocation(path: path, line: line, column: column)
        }
        let rows: [CSVParser.Row]
        do {
            rows = try CSVParser.parse(text)
        } catch {
            return (Registry(name: name, entries: []),
                    [Diagnostic(.cb050, at: at(error.line, error.column), "registry \(name): \(error.message)")])
        }
        guard let header = rows.first, header.fields.map({ $0.trimmingSpaces }) == ["code", "level", "title", "parent"] else {
            return (Registry(name: name, entries: []),
                    [Diagnostic(.cb050, at: at(1), "registry \(name): the header must be `code,level,title,parent`",
                                hint: "a registry file is a CSV with the columns code, level, title, parent")])
        }
        var diagnostics: [Diagnostic] = []
        var entries: [Registry.Entry] = []
        var seen: [String: Int] = [:]
        for row in rows.dropFirst() {
            guard row.fields.count == 4 else {
                diagnostics.append(Diagnostic(
                    .cb050, at: at(row.line), "registry \(name): row has \(row.fields.count) fields, not 4",
                    hint: "quote a field that holds a comma"))
                continue
            }
            let code = row.fields[0].trimmingSpaces
            let level = row.fields[1].trimmingSpaces
            guard !code.isEmpty, !level.isEmpty else {
                diagnostics.append(Diagnostic(.cb050, at: at(row.line), "registry \(name): code and level must not be empty"))
                continue
            }
            if let first = seen[code] {
                diagnostics.append(Diagnostic(.cb050, at: at(row.line), "registry \(name): code \(code) repeats line \(first)"))
                continue
            }
            seen[code] = row.line
            let parent = row.fields[3].trimmingSpaces
            entries.append(Registry.Entry(code: code, level: level, title: row.fields[2].trimmingSpaces,
                                          parent: parent.isEmpty ? nil : parent))
        }
        let registry = Registry(name: name, entries: entries)
        for row in rows.dropFirst() where row.fields.count == 4 {
            let parent = row.fields[3].trimmingSpaces
            if !parent.isEmpty, registry[parent] == nil {
                diagnostics.append(Diagnostic(.cb050, at: at(row.line), "registry \(name): parent \(parent) of \(row.fields[0]) is not in the file"))
            }
        }
        return (registry, diagnostics)
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first?.isWhitespace == true { s = s.dropFirst() }
        while s.last?.isWhitespace == true { s = s.dropLast() }
        return String(s)
    }
}

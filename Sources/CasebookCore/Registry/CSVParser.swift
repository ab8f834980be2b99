/// Reads RFC 4180 CSV: fields quoted only when they need it, `""` for a quote inside.
public enum CSVParser {
    public struct Row: Sendable, Hashable {
        public var line: Int
        public var fields: [String]
    }

    public struct Failure: Error, Sendable, Hashable {
        public var line: Int
        public var column: Int
        public var message: String
    }

    public static func parse(_ text: String) throws(Failure) -> [Row] {
        var rows: [Row] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var line = 1
        var column = 0
        var rowLine = 1
        var quoted = false
        var quoteOpenedAt = (line: 1, column: 1)
        var afterQuote = false
        var iterator = text.unicodeScalars.makeIterator()
        var lookahead: Unicode.Scalar? = nil

        func endRow() {
            fields.append(String(field))
            field = String.UnicodeScalarView()
            if !(fields.count == 1 && fields[0].isEmpty) { rows.append(Row(line: rowLine, fields: fields)) }
            fields = []
        }

        while let c = lookahead ?? iterator.next() {
            lookahead = nil
            column += 1
            if quoted {
                if c == "\"" {
                    let next = iterator.next()
                    if next == "\"" { field.append("\""); column += 1 } else {
                        quoted = false
                        afterQuote = true
                        lookahead = next
                    }
                } else {
                    field.append(c)
                    if c == "\n" { line += 1; column = 0 }
                }
                continue
            }
            switch c {
            case ",":
                fields.append(String(field))
                field = String.UnicodeScalarView()
                afterQuote = false
            case "\n":
                endRow()
                afterQuote = false
                line += 1
                column = 0
                rowLine = line
            case "\r":
                continue
            case "\"" where field.isEmpty && !afterQuote:
                quoted = true
                quoteOpenedAt = (line, column)
            default:
                if afterQuote {
                    throw Failure(line: line, column: column, message: "text after a closing quote")
                }
                field.append(c)
            }
        }
        if quoted {
            throw Failure(line: quoteOpenedAt.line, column: quoteOpenedAt.column, message: "quoted field not closed")
        }
        if !field.isEmpty || !fields.isEmpty { endRow() }
        return rows
    }
}

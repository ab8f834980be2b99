/// Reads a whole-file YAML configuration (`site.yml`, `schema.yml`, `enterprises.yml`):
/// any problem reading it is CB050 at the place the YAML parser names.
enum ConfigFile {
    static func root(of file: SourceFile, composer: YAMLComposer = YAMLComposer()) -> Result<YAMLNode, Diagnostic> {
        let text: String
        switch file.decodedText() {
        case .success(let t): text = t
        case .failure(let d):
            return .failure(Diagnostic(.cb050, at: d.location, d.message, hint: d.hint))
        }
        do {
            guard let root = try composer.compose(text) else {
                return .failure(Diagnostic(.cb050, at: SourceLocation(path: file.path, line: 1, column: 1),
                                           "\(file.fileName) is empty", hint: "it must be a mapping of `key: value` lines"))
            }
            return .success(root)
        } catch {
            return .failure(Diagnostic(.cb050, at: SourceLocation(path: file.path, line: error.line, column: error.column),
                                       "YAML syntax error in \(file.fileName): \(error.message)"))
        }
    }
}

extension SourceFile {
    /// The last component of the path.
    public var fileName: String {
        String(path.split(separator: "/").last ?? Substring(path))
    }
}

import Foundation

/// `load "chain.toml" as li` and `export EXPR to "file" [overwrite]`.
///
/// Paths are relative to the current directory. A chain that fails to load leaves nothing
/// behind (the session keeps what it had); an export writes a whole file or nothing.
extension Evaluator {
    /// Loads the chain manifest at `path` (or `path/chain.toml`) under the name `name`.
    /// - Throws: a ``Diagnostic`` at the path whose message is the chain file's own
    ///   `file:line:col: what is wrong`.
    func loadChain(path: String, as name: String, _ range: SourceRange) throws(Diagnostic) -> Chain {
        guard allowsFileAccess else { throw Diagnostic.noFileAccess("load", at: range) }
        if name == chain.name {
            throw Diagnostic(.runtime, "'\(name)' is the session's own chain; load the file under another name", at: range,
                             hint: "load \"\(path)\" as \(name)2")
        }
        do {
            let resolved = path.hasPrefix("/") || baseDirectory == nil
                ? path : URL(fileURLWithPath: baseDirectory ?? ".").appendingPathComponent(path).path
            return try Chain.load(manifest: resolved, name: name)
        } catch let error as ChainLoadError {
            throw Diagnostic(.runtime, error.located, at: range)
        } catch {
            throw Diagnostic(.runtime, "cannot load \(path): \(error)", at: range)
        }
    }

    /// Writes `value` to `path`: a chain to a directory (`chain.toml` and its CSV files), any
    /// other value to a `.csv`, `.json` or `.md` file by its extension.
    func export(_ value: Value, to path: String, overwrite: Bool, _ range: SourceRange) throws(Diagnostic) {
        guard allowsFileAccess else { throw Diagnostic.noFileAccess("export", at: range) }
        let suffix = path.split(separator: "/").last.flatMap { name in name.contains(".") ? name.split(separator: ".").last : nil }
            .map { String($0).lowercased() }
        let style: OutputStyle?
        switch suffix {
        case "csv": style = .csv
        case "json": style = .json
        case "md", "markdown": style = .markdown
        default: style = nil
        }
        if case .chain(let name) = value {
            guard style == nil, let exported = chains[name] else {
                throw Diagnostic(.runtime, "a chain is exported to a directory, not to a .\(suffix ?? "") file", at: range,
                                 hint: "export \(name) to \"\(name)/\"")
            }
            do throws(WriteError) {
                try exported.write(toDirectory: path, overwrite: overwrite)
            } catch {
                // The hint names the path as the user gave it (the directory), not the file inside.
                throw diagnostic(error, range, target: path)
            }
            return
        }
        guard let style else {
            let what = path.hasSuffix("/") ? "a directory is for a chain" : suffix.map { "unknown file type '.\($0)'" } ?? "no file type"
            throw Diagnostic(.runtime, "\(what): export writes a value to a .csv, .json or .md file", at: range,
                             hint: "export x to \"x.csv\"")
        }
        switch value {
        case .function, .builtin, .bound, .nothing:
            throw Diagnostic(.runtime, "\(value.typeName) cannot be exported: export a number, series, table, response or text", at: range)
        default:
            break
        }
        var text = formatter.render(value, as: style, pretty: true)
        if !text.hasSuffix("\n") { text += "\n" }
        do throws(WriteError) {
            try AtomicFile.write(text, to: path, overwrite: overwrite)
        } catch {
            throw diagnostic(error, range)
        }
    }

    private func diagnostic(_ error: WriteError, _ range: SourceRange, target: String? = nil) -> Diagnostic {
        switch error {
        case .exists(let file):
            return Diagnostic(.runtime, "\"\(file)\" already exists; add 'overwrite' to replace it", at: range,
                              hint: "export … to \"\(target ?? file)\" overwrite")
        case .noDirectory(let directory):
            return Diagnostic(.runtime, "directory \"\(directory)\" does not exist", at: range)
        case .failed(let file, let reason):
            return Diagnostic(.runtime, "cannot write \"\(file)\": \(reason)", at: range)
        }
    }
}

extension ChainLoadError {
    /// `file:line:col: message` (without `error:`), for a diagnostic about a load statement.
    public var located: String {
        guard line > 0 else { return "\(file): \(message)" }
        if let column { return "\(file):\(line):\(column): \(message)" }
        return "\(file):\(line): \(message)"
    }
}
